import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ProcessStat, procStatParser } from '../../../functions/core/parsers/proc-stat.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseFixture = (name: string): ProcessStat => {
  const { command, text } = loadBlockFixture(`captures/proc-stat/${name}.txt`);
  const result = procStatParser.parse(text, command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

describe('procStatParser', () => {
  it('reads the user and system ticks of a busy node process', () => {
    // Act
    const data = parseFixture('debian12-node');

    // Assess
    expect(data).toEqual({
      pid: 8304,
      comm: 'node',
      state: 'R',
      ppid: 1,
      minorFaults: 32716,
      majorFaults: 4,
      utimeTicks: 34239,
      stimeTicks: 3697,
      cutimeTicks: 0,
      cstimeTicks: 0,
      priority: 20,
      nice: 0,
      numThreads: 8,
      starttimeTicks: 44584,
      vsizeBytes: 1_169_694_720,
      rssPages: 40391,
      processor: 1,
    });
  });

  it('counts fields from the last ")" when the name holds spaces and parentheses', () => {
    const data = parseFixture('debian12-comm-parens');

    expect(data).toMatchObject({
      pid: 19245,
      comm: 'my (odd) worker',
      state: 'S',
      ppid: 1,
      utimeTicks: 138,
      stimeTicks: 2,
      cutimeTicks: 3,
      cstimeTicks: 1,
      numThreads: 2,
      starttimeTicks: 108865,
      rssPages: 3406,
      processor: 1,
    });
  });

  it('reads one thread’s stat, named like a JIT compiler thread', () => {
    const data = parseFixture('debian12-task-thread');

    expect(data).toMatchObject({
      pid: 19287,
      comm: 'C2 CompilerThre',
      state: 'R',
      utimeTicks: 134,
    });
  });

  it('reads a line with CRLF and a prompt pasted after it', () => {
    expect(parseFixture('debian12-node-crlf-prompt')).toEqual(parseFixture('debian12-node'));
  });

  it('reads a 4.x kernel’s line from another machine (process-exporter#51)', () => {
    const data = parseFixture('debian-testing-process-exporter-51');

    expect(data).toEqual({
      pid: 188,
      comm: 'bash',
      state: 'S',
      ppid: 0,
      minorFaults: 1190,
      majorFaults: 9,
      utimeTicks: 4,
      stimeTicks: 2,
      cutimeTicks: 165,
      cstimeTicks: 41,
      priority: 20,
      nice: 0,
      numThreads: 1,
      starttimeTicks: 87615,
      vsizeBytes: 20_434_944,
      rssPages: 930,
      processor: 2,
    });
  });

  it('says the line was cut off rather than guessing', () => {
    const { command, text } = loadBlockFixture('captures/proc-stat/debian12-cut-off.txt');

    const result = procStatParser.parse(text, command);

    expect(result).toEqual({ ok: false, error: 'stat line cut off before field 24 (rss)' });
  });

  it('says what it expected when the text is not a stat line', () => {
    const outputs = [
      '',
      'cat: /proc/2872/stat: No such file or directory',
      'cpu  10132153 290696 3084719 46828483 16683 0 25195 0 175628 0',
      '2872 (node',
      '2872 (node) 12 13',
    ];
    for (const text of outputs) expect(procStatParser.parse(text, null).ok).toBe(false);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        procStatParser.parse(text, null);
        procStatParser.parse(`1 (${text}) S ${text}`, null);
      }),
    );
  });

  it('takes per-process stat files only', () => {
    for (const c of [
      'cat /proc/2872/stat',
      'cat /proc/self/stat',
      'cat /proc/2872/task/2873/stat',
    ]) {
      expect(procStatParser.matchCommand(c)).toBe(true);
    }
    for (const c of ['cat /proc/stat', 'cat /proc/2872/status', 'cat /proc/2872/statm']) {
      expect(procStatParser.matchCommand(c)).toBe(false);
    }
  });

  it('uses the "pid (comm) S" start of the line as its banner', () => {
    const banner = procStatParser.banner as RegExp;

    expect(banner.test('8304 (node) R 1 8299 2872 0 -1 4194304')).toBe(true);
    expect(banner.test('19245 (my (odd) worker) S 1 19242 2872 0 -1')).toBe(true);
    expect(banner.test('cpu  10132153 290696 3084719')).toBe(false);
    expect(banner.test(`1 (${')'.repeat(100_000)}`)).toBe(false);
  });
});
