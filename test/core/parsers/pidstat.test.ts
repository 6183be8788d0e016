import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pidstatParser } from '../../../functions/core/parsers/pidstat.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parse = (path: string) => {
  const { command, text } = loadBlockFixture(`captures/pidstat/${path}`);
  const result = pidstatParser.parse(text, command);
  if (!result.ok) throw new Error(`${path}: ${result.error}`);
  return result.data;
};

describe('pidstatParser', () => {
  it('reads pidstat -u: per-process CPU split per interval and on average', () => {
    // Act
    const data = parse('sysstat-12.6.1-cpu.txt');

    // Assess
    expect(data.threadsMode).toBe(false);
    expect(data.intervals.map((i) => [i.time, i.tasks.length])).toEqual([
      ['20:39:45', 9],
      ['20:39:46', 7],
    ]);
    expect(data.intervals[0]?.tasks.find((t) => t.pid === 6982)).toEqual({
      uid: 0,
      pid: 6982,
      thread: false,
      command: 'yes',
      usr: 15,
      system: 37,
      guest: 0,
      wait: 47,
      cpuPercent: 52,
      cpu: 0,
    });
    // The command keeps its spaces; Average rows have no CPU number.
    expect(data.intervals[0]?.tasks.find((t) => t.pid === 7662)?.command).toBe('npm exec biome');
    expect(data.average.find((t) => t.pid === 6983)).toMatchObject({
      system: 22.77,
      cpuPercent: 30.69,
    });
    expect(data.average.find((t) => t.pid === 6983)?.cpu).toBeUndefined();
  });

  it('reads pidstat -t: threads under their process, names with spaces, pid of the owner', () => {
    const data = parse('sysstat-12.6.1-threads.txt');

    expect(data.threadsMode).toBe(true);
    const [process, main, c2] = data.intervals[0]?.tasks ?? [];
    expect(process).toMatchObject({ pid: 6981, thread: false, command: 'java', cpuPercent: 57 });
    expect(process?.tid).toBeUndefined();
    expect(main).toMatchObject({ pid: 6981, tid: 6981, thread: true, command: 'java' });
    expect(c2).toEqual({
      uid: 0,
      pid: 6981,
      tid: 7068,
      thread: true,
      command: 'C2 CompilerThre',
      usr: 30,
      system: 0,
      guest: 0,
      wait: 42,
      cpuPercent: 30,
      cpu: 0,
    });
    expect(data.average.map((t) => [t.tid ?? null, t.cpuPercent])).toEqual([
      [null, 57.5],
      [6981, 0],
      [7068, 30],
      [7069, 15.5],
      [7070, 7.5],
      [7071, 3],
      [7072, 1.5],
    ]);
  });

  it('merges the -u and -w tables of one run into one task per process', () => {
    const data = parse('sysstat-12.6.1-cpu-and-switches.txt');

    expect(data.intervals).toHaveLength(1);
    expect(data.intervals[0]?.tasks).toEqual([
      {
        uid: 0,
        pid: 6981,
        thread: false,
        command: 'java',
        usr: 77,
        system: 1,
        guest: 0,
        wait: 0,
        cpuPercent: 78,
        cpu: 0,
        voluntarySwitchesPerSec: 0,
        involuntarySwitchesPerSec: 0,
      },
      {
        uid: 0,
        pid: 6983,
        thread: false,
        command: 'dd',
        usr: 13,
        system: 38,
        guest: 0,
        wait: 48,
        cpuPercent: 51,
        cpu: 0,
        voluntarySwitchesPerSec: 0,
        involuntarySwitchesPerSec: 195,
      },
    ]);
    expect(data.average).toHaveLength(2);
  });

  it('reads pidstat -w and -r', () => {
    const switches = parse('sysstat-12.6.1-switches.txt');
    expect(switches.intervals[1]?.tasks.find((t) => t.command === 'node')).toMatchObject({
      pid: 7736,
      voluntarySwitchesPerSec: 20,
      involuntarySwitchesPerSec: 159,
    });
    const memory = parse('sysstat-12.6.1-memory.txt');
    expect(memory.intervals[0]?.tasks.find((t) => t.command === 'node')).toEqual({
      uid: 0,
      pid: 7736,
      thread: false,
      command: 'node',
      minorFaultsPerSec: 3277,
      majorFaultsPerSec: 0,
      vszKiB: 1129000,
      rssKiB: 203236,
      memPercent: 0.82,
    });
  });

  it('reads sysstat 10.1.5 (Amazon Linux 2): no %wait, thread names cut at the first space', () => {
    const cpu = parse('sysstat-10.1.5-cpu.txt');
    expect(cpu.average.find((t) => t.command === 'java')).toEqual({
      uid: 0,
      pid: 25277,
      thread: false,
      command: 'java',
      usr: 13.04,
      system: 0,
      guest: 0,
      cpuPercent: 13.04,
    });
    const threads = parse('sysstat-10.1.5-threads.txt');
    expect(threads.intervals[0]?.tasks.map((t) => t.command)).toEqual([
      'java',
      'java',
      'C2',
      'C1',
      'GC',
      'http-nio-8080-e',
      'http-nio-8080-e',
    ]);
    expect(parse('sysstat-10.1.5-switches.txt').average[1]).toMatchObject({
      pid: 25280,
      involuntarySwitchesPerSec: 66,
    });
  });

  it('reads 12-hour times and %CPU far above 100 (Netflix, sysstat 10.2)', () => {
    const data = parse('sysstat-10.2-netflix.txt');

    expect(data.banner).toMatchObject({ kernel: '3.13.0-49-generic', cpuCount: 32 });
    expect(data.intervals.map((i) => i.time)).toEqual(['07:41:03 PM', '07:41:04 PM']);
    expect(data.intervals[1]?.tasks.find((t) => t.pid === 6521)).toEqual({
      uid: 0,
      pid: 6521,
      thread: false,
      command: 'java',
      usr: 1590,
      system: 1,
      guest: 0,
      cpuPercent: 1591,
      cpu: 27,
    });
    expect(data.intervals[0]?.tasks.at(-1)).toMatchObject({
      uid: 60004,
      pid: 60154,
      command: 'pidstat',
    });
  });

  it('reads pasted sysstat 11 blocks with no banner and the author’s ... lines', () => {
    const threads = parse('sysstat-11-switches-threads-jdxj.txt');
    expect(threads.threadsMode).toBe(true);
    expect(
      threads.intervals[0]?.tasks.map((t) => [t.pid, t.tid ?? null, t.involuntarySwitchesPerSec]),
    ).toEqual([
      [10551, null, 0],
      [10551, 10551, 0],
      [10551, 10552, 103740],
      [10551, 10553, 100955],
      [10551, 10554, 103954],
    ]);
    const mixed = parse('sysstat-11-cpu-and-switches-jdxj.txt');
    expect(mixed.intervals[0]?.tasks.find((t) => t.pid === 26326)).toMatchObject({
      cpuPercent: 1,
      voluntarySwitchesPerSec: 236,
      command: 'kworker/u4:2',
    });
    expect(mixed.intervals[0]?.tasks.find((t) => t.pid === 10488)).toMatchObject({
      usr: 30,
      system: 100,
    });
  });

  it('reads the same tasks from CRLF and collapsed copies, and drops a cut-off row', () => {
    expect(parse('mangled-crlf-threads.txt')).toEqual(parse('sysstat-12.6.1-threads.txt'));
    expect(parse('mangled-collapsed-netflix.txt')).toEqual(parse('sysstat-10.2-netflix.txt'));
    const cut = parse('mangled-cutoff-cpu.txt');
    expect(cut.average.map((t) => t.pid)).not.toContain(7733);
    expect(cut.average.find((t) => t.pid === 7707)?.cpuPercent).toBe(11.88);
  });

  it('matches pidstat commands and its header as a banner', () => {
    expect(pidstatParser.matchCommand('pidstat -u -w -t -p 2872 1 5')).toBe(true);
    expect(pidstatParser.matchCommand('pidstats')).toBe(false);
    const banner = pidstatParser.banner;
    expect(
      banner?.test('07:41:02 PM   UID       PID    %usr %system  %guest    %CPU   CPU  Command'),
    ).toBe(true);
    expect(
      banner?.test(
        '20:39:48      UID      TGID       TID    %usr %system  %guest   %wait    %CPU   CPU  Command',
      ),
    ).toBe(true);
  });

  it('says what it expected when the text is not pidstat output', () => {
    expect(pidstatParser.parse('', null).ok).toBe(false);
    expect(
      pidstatParser.parse(
        loadBlockFixture('captures/mpstat/sysstat-12.6.1-all-cpus.txt').text,
        null,
      ),
    ).toEqual({
      ok: false,
      error: 'no pidstat "UID PID … Command" table with rows found',
    });
  });

  it('never throws, whatever the text', () => {
    const fixture = loadBlockFixture('captures/pidstat/sysstat-12.6.1-threads.txt').text;
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.nat(fixture.length), (noise, cut) => {
        pidstatParser.parse(noise, null);
        pidstatParser.parse(fixture.slice(0, cut) + noise + fixture.slice(cut), 'pidstat -t 1');
      }),
    );
  });

  it('stays linear on long runs of digits', () => {
    const header = '20:00:00 UID PID %usr %system %guest %wait %CPU CPU Command\n';
    expect(() =>
      pidstatParser.parse(`${header}20:00:01 0 ${'1'.repeat(200_000)}x 1 1 1 1 1 1 cmd\n`, null),
    ).not.toThrow();
    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
  });
});
