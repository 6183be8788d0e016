import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MemInfo, meminfoParser } from '../../../functions/core/parsers/meminfo.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseFixture = (name: string, mangle: (t: string) => string = (t) => t): MemInfo => {
  const { command, text } = loadBlockFixture(`captures/meminfo/${name}`);
  const result = meminfoParser.parse(mangle(text), command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

describe('meminfoParser', () => {
  it('reads every line of kernel 6.18 into the map and the common fields', () => {
    // Act
    const info = parseFixture('debian12-6.18.txt');

    // Assess
    expect(Object.keys(info.kib)).toHaveLength(50);
    expect(info.kib['Active(anon)']).toBe(1608);
    expect(info.kib.DirectMap1G).toBe(25_165_824);
    expect(info.counts).toEqual({
      HugePages_Total: 0,
      HugePages_Free: 0,
      HugePages_Rsvd: 0,
      HugePages_Surp: 0,
    });
    expect(info).toMatchObject({
      memTotal: 24_683_656,
      memFree: 23_895_444,
      memAvailable: 24_296_232,
      buffers: 5776,
      cached: 592_976,
      swapTotal: 0,
      swapFree: 0,
      commitLimit: 12_341_828,
      hugePagesTotal: 0,
      hugepagesize: 2048,
      truncated: false,
    });
  });

  it('reads a 16 GB host committed past its limit', () => {
    const info = parseFixture('kernel-3.14plus-16g.txt');

    expect(info).toMatchObject({
      memTotal: 16_268_680,
      memAvailable: 8_366_284,
      anonPages: 7_417_360,
      slab: 693_020,
      sReclaimable: 642_740,
      sUnreclaim: 50_280,
      commitLimit: 8_134_340,
      committedAS: 12_678_180,
      anonHugePages: 5_201_920,
    });
    expect(info.kib.VmallocTotal).toBe(34_359_738_367);
  });

  it('reads a headerless 1 GiB machine', () => {
    expect(parseFixture('one-gib-headerless.txt')).toMatchObject({
      memTotal: 1_019_732,
      memFree: 50_012,
      memAvailable: 710_280,
      dirty: 1468,
      committedAS: 933_376,
    });
  });

  it('leaves memAvailable absent on kernels that do not print it', () => {
    const info = parseFixture('no-memavailable-excerpt.txt');

    expect(info.memAvailable).toBeUndefined();
    expect(info).toMatchObject({
      memTotal: 5_683_284,
      swapTotal: 11_366_564,
      swapFree: 10_770_844,
      truncated: false,
    });
  });

  it('drops a last line cut before its unit, and says so', () => {
    const info = parseFixture('kernel-3.14plus-16g.txt', (t) =>
      t.slice(0, t.indexOf('SUnreclaim:') + 'SUnreclaim:        502'.length),
    );

    expect(info.truncated).toBe(true);
    expect(info.sUnreclaim).toBeUndefined();
    expect(info.kib.SReclaimable).toBe(642_740);
    expect(Object.keys(info.counts)).toHaveLength(0);
  });

  it('reads CRLF, collapsed spaces and grep -H prefixes', () => {
    const crlf = parseFixture('one-gib-headerless.txt', (t) => t.replace(/\n/g, '\r\n'));
    const grepped = meminfoParser.parse(
      '/proc/meminfo:MemTotal: 1019732 kB\n/proc/meminfo:MemAvailable: 710280 kB',
      'grep -H Mem /proc/meminfo',
    );

    expect(crlf.memAvailable).toBe(710_280);
    expect(grepped.ok && grepped.data).toMatchObject({
      memTotal: 1_019_732,
      memAvailable: 710_280,
    });
  });

  it('stores keys named like Object.prototype members as plain entries', () => {
    const result = meminfoParser.parse('constructor: 7 kB\ntoString: 5 kB\nMemTotal: 1 kB', null);

    expect(result.ok && result.data.kib).toEqual({ constructor: 7, toString: 5, MemTotal: 1 });
    expect(result.ok && result.data.memTotal).toBe(1);
  });

  it('fails on empty text, garbage and a lone count line', () => {
    for (const text of [
      '',
      'cat: /proc/meminfo: No such file or directory',
      'HugePages_Total:       0',
    ]) {
      const result = meminfoParser.parse(text, 'cat /proc/meminfo');
      expect(result.ok, text).toBe(false);
    }
  });

  it('matches commands that read /proc/meminfo and recognises its first line', () => {
    expect(meminfoParser.matchCommand('cat /proc/meminfo')).toBe(true);
    expect(meminfoParser.matchCommand("grep -E 'Mem|Swap' /proc/meminfo")).toBe(true);
    expect(meminfoParser.matchCommand('cat /proc/1/status')).toBe(false);
    expect(meminfoParser.banner?.test('MemTotal:       24683656 kB')).toBe(true);
  });

  it('never throws, whatever the text', () => {
    const fragments = fc.constantFrom(
      'MemTotal:',
      ' 1024 kB',
      'HugePages_Total: 0',
      '\n',
      'Active(anon):',
      'kB',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 30 }), (parts) => {
        const result = meminfoParser.parse(parts.join(''), null);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });

  it('stays linear on long lines', () => {
    expect(() =>
      meminfoParser.parse(`MemTotal${'('.repeat(200_000)}: 1 kB\n${'a '.repeat(100_000)}`, null),
    ).not.toThrow();
    expect(() =>
      meminfoParser.parse(`${'x'.repeat(200_000)}meminfo:MemTotal: 1 kB`, null),
    ).not.toThrow();

    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
  });
});
