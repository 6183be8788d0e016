import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sarParser } from '../../../functions/core/parsers/sar.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parse = (path: string) => {
  const { command, text } = loadBlockFixture(`captures/sar/${path}`);
  const result = sarParser.parse(text, command);
  if (!result.ok) throw new Error(`${path}: ${result.error}`);
  return result.data;
};

describe('sarParser', () => {
  it('reads sar -u rows and the average, %user and %system as usr and sys', () => {
    // Act
    const data = parse('sysstat-12.6.1-cpu.txt');

    // Assess
    expect(data.cpu.map((r) => [r.time, r.average, r.usr])).toEqual([
      ['20:39:53', false, 55.22],
      ['20:39:54', false, 78.39],
      ['20:39:55', false, 57.92],
      [null, true, 63.79],
    ]);
    expect(data.cpu[1]).toEqual({
      time: '20:39:54',
      average: false,
      cpu: 'all',
      usr: 78.39,
      nice: 1.01,
      sys: 19.6,
      iowait: 0,
      steal: 1.01,
      idle: 0,
    });
    expect(data.memory).toEqual([]);
  });

  it('reads sar -P ALL and sar -u ALL', () => {
    const perCpu = parse('sysstat-12.6.1-per-cpu.txt');
    expect(perCpu.cpu.filter((r) => !r.average).map((r) => [r.cpu, r.sys])).toEqual([
      ['all', 42],
      [0, 20.2],
      [1, 63.37],
    ]);
    const all = parse('sysstat-12.6.1-cpu-all-fields.txt');
    expect(all.cpu[2]).toEqual({
      time: null,
      average: true,
      cpu: 'all',
      usr: 88.5,
      nice: 0,
      sys: 11.5,
      iowait: 0,
      steal: 0,
      irq: 0,
      soft: 0,
      guest: 0,
      gnice: 0,
      idle: 0,
    });
  });

  it('reads sar -r with kbavail (sysstat 12) and without it (sysstat 10.1.5)', () => {
    const recent = parse('sysstat-12.6.1-memory.txt');
    expect(recent.memory[0]).toEqual({
      time: '20:39:56',
      average: false,
      memFreeKiB: 22269104,
      availableKiB: 22687828,
      memUsedKiB: 1724560,
      memUsedPercent: 6.99,
      buffersKiB: 5268,
      cachedKiB: 611532,
      commitKiB: 1649616,
      commitPercent: 6.68,
      activeKiB: 296592,
      inactiveKiB: 1870828,
      dirtyKiB: 15268,
    });
    const old = parse('sysstat-10.1.5-memory.txt');
    expect(old.memory[2]).toMatchObject({
      average: true,
      memFreeKiB: 23013938,
      memUsedPercent: 6.76,
      commitPercent: 3.53,
    });
    expect(old.memory[2]?.availableKiB).toBeUndefined();
  });

  it('reads sar -r ALL and sar -S', () => {
    expect(parse('sysstat-12.6.1-memory-all-fields.txt').memory[0]).toMatchObject({
      anonPagesKiB: 806972,
      slabKiB: 77312,
      kernelStackKiB: 4312,
      pageTablesKiB: 27460,
      vmallocUsedKiB: 8548,
    });
    expect(parse('sysstat-12.6.1-swap.txt').swap).toEqual([
      {
        time: '20:51:30',
        average: false,
        swapFreeKiB: 0,
        swapUsedKiB: 0,
        swapUsedPercent: 0,
        swapCachedKiB: 0,
        swapCachedPercent: 0,
      },
      {
        time: null,
        average: true,
        swapFreeKiB: 0,
        swapUsedKiB: 0,
        swapUsedPercent: 0,
        swapCachedKiB: 0,
        swapCachedPercent: 0,
      },
    ]);
  });

  it('reads interleaved memory and swap tables, and memory filling up', () => {
    const data = parse('sysstat-12-memory-swap-jdxj.txt');

    expect(data.memory.map((r) => [r.time, r.memUsedPercent, r.availableKiB])).toEqual([
      ['04:39:57', 23.5, 6839824],
      ['04:39:58', 24.3, 6807064],
      ['04:44:07', 98.13, 6525716],
    ]);
    expect(data.swap.at(-1)).toMatchObject({
      swapUsedKiB: 4096,
      swapUsedPercent: 0.05,
      swapCachedPercent: 1.27,
    });
  });

  it('reads reports read back from the daily file, in 24-hour and 12-hour times', () => {
    const memory = parse('sysstat-12-memory-from-file-ksar.txt');
    expect(memory.banner).toMatchObject({ host: 'opsproc3', cpuCount: 12 });
    expect(memory.memory.map((r) => r.commitPercent)).toEqual([52.24, 52.64, 52.24]);

    const cpu = parse('sysstat-12h-cpu-all-fields-sysusage.txt');
    expect(cpu.cpu).toHaveLength(7);
    expect(cpu.cpu[0]).toMatchObject({
      time: '07:00:01 PM',
      usr: 5.77,
      sys: 2.88,
      soft: 0.04,
      idle: 91.28,
    });
  });

  it('reads sysstat 10.1.5 (Amazon Linux 2) sar -u', () => {
    expect(parse('sysstat-10.1.5-cpu.txt').cpu.at(-1)).toMatchObject({
      average: true,
      usr: 74.17,
      sys: 11.51,
      steal: 14.32,
    });
  });

  it('reads the same rows from CRLF and collapsed copies, and drops a cut-off row', () => {
    expect(parse('mangled-crlf-memory.txt')).toEqual(parse('sysstat-12.6.1-memory.txt'));
    expect(parse('mangled-collapsed-per-cpu.txt')).toEqual(parse('sysstat-12.6.1-per-cpu.txt'));
    expect(parse('mangled-cutoff-cpu.txt').cpu.map((r) => r.time)).toEqual([
      '20:39:53',
      '20:39:54',
    ]);
  });

  it('says which reports it reads when the block holds none of them', () => {
    const { command, text } = loadBlockFixture('captures/sar/sysstat-disk-only-5quinque.txt');

    expect(sarParser.parse(text, command)).toEqual({
      ok: false,
      error: 'no sar CPU (-u), memory (-r) or swap (-S) table with rows found',
    });
    expect(sarParser.parse('', null).ok).toBe(false);
  });

  it('matches sar commands and its CPU and memory headers as banners', () => {
    expect(sarParser.matchCommand('sar -u 1 3')).toBe(true);
    expect(sarParser.matchCommand('sar -r -f /var/log/sa/sa10')).toBe(true);
    expect(sarParser.matchCommand('sarcasm')).toBe(false);
    expect(
      sarParser.banner?.test(
        '20:39:52        CPU     %user     %nice   %system   %iowait    %steal     %idle',
      ),
    ).toBe(true);
    expect(
      sarParser.banner?.test('12:58:00 PM kbmemfree kbmemused  %memused kbbuffers  kbcached'),
    ).toBe(true);
    expect(
      sarParser.banner?.test(
        '20:51:25        CPU      %usr     %nice      %sys   %iowait    %steal      %irq',
      ),
    ).toBe(true);
  });

  it('never throws, whatever the text', () => {
    const fixture = loadBlockFixture('captures/sar/sysstat-12-memory-swap-jdxj.txt').text;
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.nat(fixture.length), (noise, cut) => {
        sarParser.parse(noise, null);
        sarParser.parse(fixture.slice(0, cut) + noise + fixture.slice(cut), 'sar -r -S 1');
      }),
    );
  });

  it('stays linear on long runs of digits', () => {
    const header = '20:00:00 kbmemfree kbmemused %memused\n';
    expect(() =>
      sarParser.parse(`${header}20:00:01 ${'1'.repeat(200_000)}x 1 1\n`, null),
    ).not.toThrow();
    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
  });
});
