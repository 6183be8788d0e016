import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type SyscallSummary,
  straceOptions,
  straceSummaryParser,
} from '../../../functions/core/parsers/strace-c.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseFixture = (name: string): SyscallSummary => {
  const { command, text } = loadBlockFixture(`captures/strace-c/${name}.txt`);
  const result = straceSummaryParser.parse(text, command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

const row = (data: SyscallSummary, syscall: string) => data.rows.find((r) => r.syscall === syscall);

describe('straceSummaryParser', () => {
  it('reads the write/read/rt_sigreturn storm of seed 000 as the write-up prints it', () => {
    // Act
    const data = parseFixture('seed-000-sick');

    // Assess
    expect(data.rows).toEqual([
      {
        syscall: 'write',
        percentTime: 46.78,
        seconds: 2.026571,
        usecsPerCall: 1,
        calls: 1_266_953,
        errors: 633_476,
      },
      {
        syscall: 'rt_sigreturn',
        percentTime: 29,
        seconds: 1.256125,
        usecsPerCall: 1,
        calls: 636_891,
        errors: 0,
      },
      {
        syscall: 'read',
        percentTime: 24.23,
        seconds: 1.04948,
        usecsPerCall: 1,
        calls: 633_477,
        errors: 0,
      },
    ]);
    expect(data.total).toMatchObject({ calls: 2_537_321, errors: 633_476, seconds: 4.332176 });
    expect(data.pids).toEqual([2852]);
    expect(data.attachedPids).toEqual([2852]);
    expect(data.timeBasis).toBe('system');
  });

  it('reads the healthy instance of seed 000, cut before its total', () => {
    const data = parseFixture('seed-000-healthy-cut');

    expect(data.rows.map((r) => [r.syscall, r.calls, r.errors])).toEqual([
      ['epoll_pwait', 7354, 2009],
      ['futex', 3264, 121],
      ['write', 3076, 0],
      ['writev', 480, 7],
      ['rt_sigreturn', 2918, 2010],
      ['read', 3733, 0],
    ]);
    expect(data.total).toBeNull();
    expect(data.pids).toEqual([67254]);
  });

  it('reads a headerless paste that starts with the shell prompt', () => {
    const { command, text } = loadBlockFixture(
      'captures/strace-c/seed-000-sick-prompt-headerless.txt',
    );

    const result = straceSummaryParser.parse(text, command);

    expect(command).toBeNull();
    expect(result.ok && row(result.data, 'write')?.calls).toBe(1_266_953);
    expect(result.ok && result.data.pids).toEqual([]);
  });

  it('reads a SIGPROF sampler traced with -f on this machine (strace 6.1)', () => {
    const data = parseFixture('debian12-node-sigprof-f');

    expect(row(data, 'futex')).toMatchObject({ calls: 19155, errors: 9216, usecsPerCall: 154 });
    expect(row(data, 'tgkill')).toMatchObject({ calls: 9206, errors: 0 });
    expect(row(data, 'rt_sigreturn')).toMatchObject({ calls: 9185, errors: 3 });
    expect(row(data, 'restart_syscall')).toMatchObject({ calls: 1, errors: 1 });
    expect(data.rows).toHaveLength(10);
    expect(data.total).toMatchObject({ calls: 66453, errors: 9220, usecsPerCall: 46 });
    expect(data.pids).toEqual([8304]);
    // `strace: Process 8304 attached with 8 threads`, then one `detached` per thread.
    expect(data.attachedPids).toEqual([8304]);
  });

  it('reads CRLF line ends the same way', () => {
    expect(parseFixture('debian12-node-sigprof-crlf')).toEqual(
      parseFixture('debian12-node-sigprof-f'),
    );
  });

  it('keeps blank and filled errors cells apart across 36 rows', () => {
    const data = parseFixture('debian12-fork-errors');

    expect(data.rows).toHaveLength(36);
    expect(row(data, 'wait4')).toMatchObject({ calls: 12, errors: 6, usecsPerCall: 425 });
    expect(row(data, 'openat')).toMatchObject({ calls: 218, errors: 96 });
    expect(row(data, 'mmap')).toMatchObject({ calls: 164, errors: 0 });
    expect(data.total).toMatchObject({ calls: 954, errors: 143 });
    expect(data.rows.reduce((s, r) => s + r.calls, 0)).toBe(954);
  });

  it('reads a paste whose spaces were collapsed and whose last row was cut off', () => {
    const data = parseFixture('debian12-fork-collapsed-cut');

    expect(data.rows).toHaveLength(12);
    expect(row(data, 'openat')).toMatchObject({ calls: 218, errors: 96 });
    expect(row(data, 'mprotect')).toMatchObject({ calls: 27, errors: 0 });
    expect(data.rows.at(-1)?.syscall).toBe('write');
    expect(data.total).toBeNull();
  });

  it('says the times are wall-clock times when the command had -w', () => {
    const data = parseFixture('debian12-dd-wall');

    expect(data.timeBasis).toBe('wall');
    expect(row(data, 'write')).toMatchObject({ calls: 23873, seconds: 0.226644 });
    expect(data.total?.calls).toBe(47747);
  });

  it('reads -U columns in the order strace 5.9+ prints them, name first', () => {
    const data = parseFixture('debian12-summary-columns');

    expect(data.rows).toHaveLength(22);
    expect(data.rows[0]).toEqual({
      syscall: 'read',
      calls: 7,
      errors: 0,
      minSeconds: 0,
      maxSeconds: 0,
      usecsPerCall: 0,
      seconds: 0,
      percentTime: 0,
    });
    expect(row(data, 'openat')).toMatchObject({ calls: 39, errors: 19 });
    expect(data.total).toMatchObject({ calls: 148, errors: 26, percentTime: 100 });
  });

  it('reads the total of strace 4.x, which has no usecs/call cell (strace/strace#95)', () => {
    const data = parseFixture('strace4-issue-95');

    expect(data.rows).toHaveLength(12);
    expect(row(data, 'access')).toMatchObject({ calls: 3, errors: 3, usecsPerCall: 4 });
    expect(data.total).toEqual({
      syscall: 'total',
      percentTime: 100,
      seconds: 0.000476,
      calls: 32,
      errors: 3,
    });
  });

  it('reads a whole strace 4.11 table stored on one line, total without usecs/call', () => {
    const data = parseFixture('strace4-xenial-one-line');

    expect(data.rows).toHaveLength(25);
    expect(data.rows[0]).toMatchObject({ syscall: 'getdents', calls: 232, usecsPerCall: 145 });
    expect(row(data, 'open')).toMatchObject({ calls: 15, errors: 4 });
    expect(row(data, 'access')).toMatchObject({ calls: 8, errors: 8 });
    expect(data.total).toMatchObject({ calls: 2321, errors: 16, seconds: 0.071042 });
    expect(data.total?.usecsPerCall).toBeUndefined();
  });

  it('reads numbers printed under a locale with decimal commas', () => {
    // Prepare: the layout of a summary shown in a public strace cheat sheet.
    const text = [
      '% time     seconds  usecs/call     calls    errors syscall',
      '------ ----------- ----------- --------- --------- ----------------',
      ' 66,75    0,003708           0      3922           read',
      ' 33,25    0,001847           0      2685           write',
      '------ ----------- ----------- --------- --------- ----------------',
      '100,00    0,005555           0      6607           total',
    ].join('\n');

    const result = straceSummaryParser.parse(text, 'strace -c cat big.txt');

    expect(result.ok && result.data.rows[0]).toMatchObject({
      syscall: 'read',
      percentTime: 66.75,
      seconds: 0.003708,
      calls: 3922,
    });
    expect(result.ok && result.data.total).toMatchObject({ calls: 6607, seconds: 0.005555 });
  });

  it('reads one table per personality, the first as the main rows', () => {
    // Prepare: strace prints `System call usage summary for %s mode:` before every table but
    // the first (src/count.c, call_summary); 32-bit tracees cannot run on this machine.
    const text = [
      '% time     seconds  usecs/call     calls    errors syscall',
      '------ ----------- ----------- --------- --------- ----------------',
      '100.00    0.000010          10         1           execve',
      '------ ----------- ----------- --------- --------- ----------------',
      '100.00    0.000010          10         1           total',
      'System call usage summary for 32 bit mode:',
      '% time     seconds  usecs/call     calls    errors syscall',
      '------ ----------- ----------- --------- --------- ----------------',
      ' 90.00    0.000090           9        10         2 write',
      ' 10.00    0.000010          10         1           brk',
      '------ ----------- ----------- --------- --------- ----------------',
      '100.00    0.000100           9        11         2 total',
    ].join('\n');

    const result = straceSummaryParser.parse(text, 'strace -c -f ./legacy');

    expect(result.ok && result.data.rows.map((r) => r.syscall)).toEqual(['execve']);
    expect(result.ok && result.data.tables.map((t) => [t.mode, t.total?.calls])).toEqual([
      [null, 1],
      ['32 bit', 11],
    ]);
  });

  it('says what it expected when the text is not a summary', () => {
    const outputs = [
      '',
      'strace: attach: ptrace(PTRACE_SEIZE, 2872): Operation not permitted',
      'top - 02:22:21 up 4:50, 2 users, load average: 2.95, 2.78, 2.70',
      '% time     seconds  usecs/call     calls    errors syscall\n---- garbage ----',
      '\u0000\u0001 ) ( % time syscall 1 2 3',
    ];

    for (const text of outputs) {
      const result = straceSummaryParser.parse(text, null);
      expect(result.ok).toBe(false);
    }
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.option(fc.string()), (text, command) => {
        const header = '% time     seconds  usecs/call     calls    errors syscall\n';
        straceSummaryParser.parse(text, command);
        straceSummaryParser.parse(header + text, command);
      }),
    );
  });

  it('reads a huge one-line paste in linear time', () => {
    // Prepare
    const rows = ' 0.00 0.000000 0 1 read'.repeat(100_000);
    const text = `% time seconds usecs/call calls errors syscall ------${rows} 100.00 0.1 0 100000 total`;

    // Act
    const result = straceSummaryParser.parse(text, null);

    // Assess
    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
    expect(result.ok && result.data.total?.calls).toBe(100_000);
  });

  describe('matchCommand', () => {
    it('takes the summary forms of strace', () => {
      const commands = [
        'strace -c -p 2872',
        'strace -cf -p 2872',
        'strace -fc -p 2872',
        'strace -c -f -p 2872 2>&1 | tail -30',
        'strace -C -p 2872',
        'strace -w -c -p 2872',
        'strace --summary-only --attach=2872',
        'strace -f -o /tmp/out -c ls',
      ];
      for (const c of commands) expect(straceSummaryParser.matchCommand(c)).toBe(true);
    });

    it('leaves raw traces and other tools to their parsers', () => {
      const commands = [
        'strace -f -p 2872',
        'strace -e signal=all -f -p 2872',
        'strace -o /tmp/c -p 2872',
        'strace -e trace=%process -p 2872',
        'strace ls -c',
        'stracey -c',
        'perf trace -s -p 2872',
      ];
      for (const c of commands) expect(straceSummaryParser.matchCommand(c)).toBe(false);
    });
  });

  it('reads the traced PIDs from the command', () => {
    expect(straceOptions('strace -c -p 2872,2873')?.pids).toEqual([2872, 2873]);
    expect(straceOptions('strace -cfp2872')?.pids).toEqual([2872]);
    expect(straceOptions('strace -c -p 2872 -p 2873 -f')?.pids).toEqual([2872, 2873]);
    expect(straceOptions('strace -c --attach=2872')?.pids).toEqual([2872]);
    expect(straceOptions('strace -c -p "2872 2873"')?.pids).toEqual([2872, 2873]);
    expect(straceOptions('strace -c -p $(pidof node)')?.pids).toEqual([]);
    expect(straceOptions('top -b')).toBeNull();
  });

  it('recognises its header as a banner, and nothing else', () => {
    const banner = straceSummaryParser.banner as RegExp;

    expect(banner.test('% time     seconds  usecs/call     calls    errors syscall')).toBe(true);
    expect(banner.test('% time seconds usecs/call calls errors syscall')).toBe(true);
    expect(
      banner.test(
        'syscall              calls    errors shortest  longest  usecs/call     seconds % time',
      ),
    ).toBe(true);
    expect(
      banner.test('  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND'),
    ).toBe(false);
    expect(banner.test('the syscall took 3% time')).toBe(false);
  });
});
