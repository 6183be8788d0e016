import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vmstatParser } from '../../../functions/core/parsers/vmstat.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parse = (path: string) => {
  const { command, text } = loadBlockFixture(`captures/vmstat/${path}`);
  const result = vmstatParser.parse(text, command);
  if (!result.ok) throw new Error(`${path}: ${result.error}`);
  return result.data;
};

describe('vmstatParser', () => {
  it('reads vmstat 1 5 and flags the first row as the average since boot', () => {
    // Act
    const data = parse('procps-4.0.2-plain.txt');

    // Assess
    expect(data.samples.map((s) => s.sinceBoot)).toEqual([true, false, false, false, false]);
    expect(data.samples[0]).toEqual({
      sinceBoot: true,
      runQueue: 5,
      blocked: 0,
      swapUsedKiB: 0,
      freeKiB: 22225392,
      buffersKiB: 6300,
      cacheKiB: 695652,
      swapInKiBPerSec: 0,
      swapOutKiBPerSec: 0,
      blocksInPerSec: 1046,
      blocksOutPerSec: 5331,
      interruptsPerSec: 440,
      contextSwitchesPerSec: 1183,
      us: 17,
      sy: 5,
      id: 77,
      wa: 0,
      st: 0,
    });
    expect(data.samples[4]).toMatchObject({
      runQueue: 5,
      contextSwitchesPerSec: 8700,
      us: 51,
      sy: 46,
      st: 3,
    });
    expect(data.stats).toBeNull();
  });

  it('reads the wide layout with the gu column and the -t timestamp', () => {
    const data = parse('procps-4.0.2-wide-timestamp.txt');

    expect(data.timezone).toBe('UTC');
    expect(data.samples[1]).toMatchObject({
      sinceBoot: false,
      runQueue: 4,
      blocked: 1,
      blocksOutPerSec: 486852,
      st: 14,
      gu: 0,
      timestamp: '2026-11-22 20:39:37',
    });
    expect(parse('procps-4.0.2-wide.txt').samples[1]).toMatchObject({
      contextSwitchesPerSec: 18080,
      gu: 0,
    });
    expect(parse('procps-4.0.2-timestamp.txt').samples[2]?.timestamp).toBe('2026-11-22 20:39:36');
  });

  it('converts -S M memory columns to KiB', () => {
    const data = parse('procps-4.0.2-unit-M.txt');

    expect(data.samples[0]).toMatchObject({
      freeKiB: 21857 * 1024,
      buffersKiB: 5 * 1024,
      cacheKiB: 618 * 1024,
    });
  });

  it('reads -a: inactive and active memory instead of buff and cache', () => {
    const sample = parse('procps-4.0.2-active.txt').samples[2];

    expect(sample).toMatchObject({ inactiveKiB: 543256, activeKiB: 392556, us: 95 });
    expect(sample?.buffersKiB).toBeUndefined();
  });

  it('does not take the header vmstat repeats every 22 rows for a new run', () => {
    const data = parse('procps-4.0.2-repeated-header.txt');

    expect(data.samples).toHaveLength(25);
    expect(data.samples.filter((s) => s.sinceBoot)).toHaveLength(1);
    expect(data.samples[20]).toMatchObject({ sinceBoot: false, contextSwitchesPerSec: 17187 });
    // The first row under the repeated header.
    expect(data.samples[21]).toMatchObject({ sinceBoot: false, contextSwitchesPerSec: 18349 });
  });

  it('flags the first row of each pasted run as since boot', () => {
    const data = parse('procps-3.3.12-three-runs-jdxj.txt');

    expect(data.samples.map((s) => [s.sinceBoot, s.freeKiB])).toEqual([
      [true, 7005360],
      [true, 6984064],
      [true, 6487428],
      [false, 6487428],
    ]);
    // `0  0 100 0  0`: the columns are read by position, not by alignment.
    expect(data.samples[0]).toMatchObject({ us: 0, sy: 0, id: 100, wa: 0, st: 0 });
    expect(data.samples[3]).toMatchObject({
      interruptsPerSec: 10191,
      contextSwitchesPerSec: 1392312,
      sy: 84,
    });
  });

  it('reads procps 3.3.9 (Netflix): a saturated run queue, ^C after the last row', () => {
    const data = parse('procps-3.3.9-netflix.txt');

    expect(data.samples.map((s) => s.runQueue)).toEqual([34, 32, 32, 32, 32]);
    expect(data.samples[1]).toMatchObject({
      freeKiB: 200889920,
      interruptsPerSec: 13284,
      us: 98,
      sy: 1,
    });
  });

  it('reads vmstat -s as a name → value map in KiB', () => {
    const data = parse('procps-4.0.2-stats.txt');

    expect(data.samples).toEqual([]);
    expect(data.stats).toMatchObject({
      'total memory': 24683656,
      'used memory': 1911276,
      'free memory': 22382572,
      'non-nice user cpu ticks': 14344,
      'stolen cpu ticks': 410,
      'CPU context switches': 1033921,
      'boot time': 1795379573,
      forks: 7477,
    });
  });

  it('converts the M unit of vmstat -s -S M', () => {
    const result = vmstatParser.parse(
      '  24105 M total memory\n    405 M used memory\n   7477 forks\n',
      'vmstat -s -S M',
    );

    expect(result.ok && result.data.stats).toEqual({
      'total memory': 24105 * 1024,
      'used memory': 405 * 1024,
      forks: 7477,
    });
  });

  it('reads the same rows from CRLF and collapsed copies, and drops a cut-off row', () => {
    expect(parse('mangled-crlf-wide-timestamp.txt')).toEqual(
      parse('procps-4.0.2-wide-timestamp.txt'),
    );
    expect(parse('mangled-collapsed-plain.txt')).toEqual(parse('procps-4.0.2-plain.txt'));
    const cut = parse('mangled-cutoff-netflix.txt');
    expect(cut.samples).toHaveLength(4);
    expect(cut.samples.at(-1)?.interruptsPerSec).toBe(11900);
  });

  it('reads a paste that starts at the column row, without the procs banner', () => {
    // Act
    const data = parse('mangled-no-banner-procps-4.0.2.txt');

    // Assess
    expect(data.samples.map((s) => [s.sinceBoot, s.runQueue, s.us, s.sy])).toEqual([
      [true, 4, 26, 13],
      [false, 4, 62, 36],
      [false, 3, 70, 30],
    ]);
    expect(vmstatParser.banner?.test(' r  b   swpd   free   buff  cache   si   so')).toBe(true);
    expect(
      vmstatParser.banner?.test('r b swpd free buff cache si so bi bo in cs us sy id wa'),
    ).toBe(true);
    expect(vmstatParser.banner?.test(' r  b  swpd')).toBe(false);
  });

  it('joins rows a terminal wrapped at 80 columns, even mid-number', () => {
    const data = parse('mangled-wrapped-80-wide-timestamp.txt');

    expect(data.timezone).toBe('UTC');
    expect(
      data.samples.map((s) => [s.sinceBoot, s.blocksInPerSec, s.blocksOutPerSec, s.timestamp]),
    ).toEqual([
      [true, 1603, 2012, '2026-12-07 02:56:28'],
      [false, 100, 0, '2026-12-07 02:56:29'],
      [false, 0, 0, '2026-12-07 02:56:30'],
    ]);
    expect(data.samples[1]).toMatchObject({ runQueue: 9, us: 74, sy: 26, id: 0, gu: 0 });
  });

  it('reads ExaWatcher rows with their clock column first, and drops the cut last row', () => {
    const data = parse('exawatcher-time-column-cut.txt');

    expect(data.samples).toHaveLength(10);
    expect(data.samples[0]).toMatchObject({ sinceBoot: true, timestamp: '18:16:32', runQueue: 36 });
    expect(data.samples.at(-1)).toMatchObject({
      sinceBoot: false,
      timestamp: '18:17:18',
      runQueue: 40,
      blocked: 0,
      blocksOutPerSec: 85290,
      contextSwitchesPerSec: 162693,
      us: 29,
      wa: 1,
      st: 0,
    });
    expect(vmstatParser.banner?.test('--time-- procs -----------memory---------- ---swap--')).toBe(
      true,
    );
  });

  it('reads OSWatcher-style samples, each after a zzz line, each with its own since-boot row', () => {
    const data = parse('mangled-oswatcher-zzz-samples.txt');

    expect(data.samples.map((s) => [s.sinceBoot, s.runQueue, s.us])).toEqual([
      [true, 9, 77],
      [false, 7, 83],
      [true, 8, 77],
      [false, 10, 94],
    ]);
  });

  it('reads two runs pasted under bare root prompts, -a then plain (procps 3.2)', () => {
    const data = parse('procps-3.2-active-root-prompts.txt');

    expect(data.samples.map((s) => s.sinceBoot)).toEqual([true, true]);
    expect(data.samples[0]).toMatchObject({ inactiveKiB: 1_187_024, activeKiB: 257_972 });
    expect(data.samples[1]).toMatchObject({ buffersKiB: 11_092, cacheKiB: 1_087_072 });
  });

  it('never joins a row that is whole, nor a blank line, with the next', () => {
    const rows = [
      ' r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st',
      ' 0  0      0 453392   4204 981740    0    0    44    15  147  321  0  3 97  0  0',
      '',
      ' 0  0      0 453384   4204 981740    0    0     0     0  204  362  0  4 96  0  0',
    ].join('\n');

    const result = vmstatParser.parse(rows, null);

    expect(result.ok && result.data.samples.map((s) => s.interruptsPerSec)).toEqual([147, 204]);
  });

  it('matches vmstat commands and both banner widths', () => {
    expect(vmstatParser.matchCommand('vmstat 1 5')).toBe(true);
    expect(vmstatParser.matchCommand('vmstat -s')).toBe(true);
    expect(vmstatParser.matchCommand('vmstats')).toBe(false);
    expect(
      vmstatParser.banner?.test('procs -----------memory---------- ---swap-- -----io----'),
    ).toBe(true);
    expect(
      vmstatParser.banner?.test('--procs-- -----------------------memory----------------------'),
    ).toBe(true);
  });

  it('says what it expected when the text is not vmstat output', () => {
    expect(vmstatParser.parse('', null).ok).toBe(false);
    expect(vmstatParser.parse('vmstat: command not found', 'vmstat 1 5').ok).toBe(false);
    const headerOnly = vmstatParser.parse(
      'procs ---memory---\n r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n',
      null,
    );
    expect(headerOnly).toEqual({
      ok: false,
      error: 'vmstat header found but no complete row under it',
    });
  });

  it('never throws, whatever the text', () => {
    for (const name of [
      'procps-4.0.2-wide-timestamp.txt',
      'mangled-wrapped-80-wide-timestamp.txt',
      'exawatcher-time-column-cut.txt',
    ]) {
      const fixture = loadBlockFixture(`captures/vmstat/${name}`).text;
      fc.assert(
        fc.property(fc.string({ maxLength: 400 }), fc.nat(fixture.length), (noise, cut) => {
          vmstatParser.parse(noise, null);
          vmstatParser.parse(fixture.slice(0, cut) + noise + fixture.slice(cut), 'vmstat -S M');
        }),
      );
    }
  });

  it('stays linear on long runs of digits', () => {
    const header = 'r b swpd free buff cache si so bi bo in cs us sy id wa st\n';
    expect(() =>
      vmstatParser.parse(
        `${header}${'1'.repeat(200_000)}x 0\n${'7'.repeat(200_000)} forks\n`,
        null,
      ),
    ).not.toThrow();
    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
  });
});
