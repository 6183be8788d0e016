import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SyscallTrace, straceTraceParser } from '../../../functions/core/parsers/strace.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseFixture = (name: string): SyscallTrace => {
  const { command, text } = loadBlockFixture(`captures/strace/${name}.txt`);
  const result = straceTraceParser.parse(text, command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

describe('straceTraceParser', () => {
  it('keeps each finished call in order, a split call joined where it ended (puma issue 2080)', () => {
    // Act
    const data = parseFixture('puma-2080-futex-eagain-resumed');

    // Assess: `futex(… <unfinished ...>` and `<... futex resumed> ) = -1 EAGAIN` make one call
    expect(data.calls[0]).toEqual({
      pid: 26203,
      name: 'futex',
      args: '0x557aa2e2a054, FUTEX_WAIT_PRIVATE, 374874717, NULL',
      result: '-1 EAGAIN (Resource temporarily unavailable)',
    });
  });

  it('dates each kept call from the first timestamp (HAProxy issue 2129, -tt)', () => {
    // Act
    const data = parseFixture('haproxy-2129-epoll-wait-tt');

    // Assess
    expect(data.calls[0]).toMatchObject({ pid: null, at: 0, name: 'clock_gettime', result: '0' });
    expect(data.calls[1]?.at).toBeCloseTo(0.000342, 6);
  });

  it('counts the SIGPROF and tgkill of seed 000’s signal trace', () => {
    // Act
    const data = parseFixture('seed-000-sick-signal-all');

    // Assess
    expect(data.signals).toEqual({ SIGPROF: 1 });
    expect(data.syscalls.tgkill).toEqual({ calls: 1, errors: 0, errnos: {} });
    expect(data.syscalls.getpid?.calls).toBe(1);
    expect(data.syscalls.futex?.calls).toBe(2);
    expect(data.syscalls.write?.calls).toBe(1);
    expect(data.pids).toEqual([2853, 2886, 2911]);
    expect(data.tracedPids).toEqual([2853]);
    expect(data.timeSpanSeconds).toBeNull();
    expect(data.unreadLines).toBe(1); // the author's `...`
  });

  it('counts a resumption whose start was not captured, with its errno (seed 000, healthy)', () => {
    const data = parseFixture('seed-000-healthy-signal-all');

    expect(data.syscalls.epoll_pwait).toEqual({ calls: 1, errors: 1, errnos: { EINTR: 1 } });
    expect(data.syscalls.rt_sigprocmask?.calls).toBe(1);
    expect(data.signals).toEqual({ SIGPROF: 1 });
  });

  it('counts a SIGPROF sampler traced with -f -tt on this machine, and the time it spans', () => {
    const data = parseFixture('debian12-node-sigprof-tt');

    expect(data.signals).toEqual({ SIGPROF: 14 });
    expect(data.syscalls.tgkill?.calls).toBe(14);
    // 14 whole `getpid()` lines and one split into `<unfinished ...>` and `<... getpid resumed>`.
    expect(data.syscalls.getpid?.calls).toBe(15);
    expect(data.syscalls.futex).toEqual({ calls: 32, errors: 13, errnos: { ETIMEDOUT: 13 } });
    expect(data.timestamps).toBe('absolute');
    expect(data.timeSpanSeconds).toBe(0.003817); // 20:40:30.215464 → 20:40:30.219281
    expect(data.pids).toEqual([8304, 8306, 8307, 8308, 8309, 8310, 8311, 8312]);
    expect(data.unreadLines).toBe(0);
  });

  it('reads the same trace with CRLF line ends and collapsed spaces', () => {
    const collapsed = parseFixture('debian12-node-sigprof-crlf-collapsed');

    expect(collapsed).toEqual(parseFixture('debian12-node-sigprof-tt'));
  });

  it('adds up -r deltas into the time span', () => {
    const data = parseFixture('debian12-node-sigprof-r');

    expect(data.timestamps).toBe('relative');
    expect(data.timeSpanSeconds).toBe(0.006937);
    expect(data.signals.SIGPROF).toBe(29);
  });

  it('counts signals alone under -e trace=none, with -ttt times', () => {
    const data = parseFixture('debian12-node-trace-none-ttt');

    expect(data.syscalls).toEqual({});
    expect(data.signals).toEqual({ SIGPROF: 83 });
    expect(data.timestamps).toBe('unix');
    expect(data.timeSpanSeconds).toBe(0.017009);
    expect(data.lineCount).toBe(83);
  });

  it('reads the bare pid prefixes that -f -o FILE writes', () => {
    const data = parseFixture('debian12-node-o-file');

    expect(data.pids).toContain(8312);
    expect(data.syscalls.tgkill?.calls).toBe(29);
    expect(data.signals.SIGPROF).toBe(30);
    expect(data.unreadLines).toBe(0);
  });

  it('counts the main thread alone when -f is missing', () => {
    const data = parseFixture('debian12-node-main-thread');

    expect(data.signals.SIGPROF).toBe(82);
    expect(data.syscalls.rt_sigreturn?.calls).toBe(81);
    expect(data.pids).toEqual([]);
    expect(data.tracedPids).toEqual([8304]);
  });

  it('records exits and kills, and counts a vfork split by an attach message once', () => {
    const data = parseFixture('debian12-exits');

    expect(data.exits).toEqual([
      { pid: 8474, code: 1 },
      { pid: 8475, signal: 'SIGKILL' },
      { pid: null, code: 3 },
    ]);
    expect(data.syscalls.vfork?.calls).toBe(1);
    expect(data.syscalls.openat).toMatchObject({ calls: 37, errors: 17, errnos: { ENOENT: 17 } });
    expect(data.syscalls.wait4?.errnos).toEqual({ ECHILD: 2 });
    expect(data.syscalls.rt_sigsuspend?.errnos).toEqual({ ERESTARTNOHAND: 1 });
    expect(data.signals).toEqual({ SIGCHLD: 2 });
  });

  it('reads strace 4.5’s signal lines and a paste cut mid-line (perftools.rb#20)', () => {
    const data = parseFixture('strace4-perftools-rb-20');

    expect(data.signals).toEqual({ SIGPROF: 3 });
    expect(data.syscalls.clone).toEqual({ calls: 2, errors: 2, errnos: { ERESTARTNOINTR: 2 } });
    expect(data.timeSpanSeconds).toBe(0.106308);
  });

  it('joins results a bug tracker wrapped onto their own lines (gperftools#281)', () => {
    const data = parseFixture('strace-gperftools-281-wrapped');

    expect(data.syscalls.clone).toEqual({ calls: 3, errors: 3, errnos: { ERESTARTNOINTR: 3 } });
    expect(data.signals).toEqual({ SIGPROF: 4 });
    expect(data.unreadLines).toBe(0);
  });

  it('reads a SIGALRM storm from strace 5 with -f -o prefixes (nsjail#168)', () => {
    const data = parseFixture('strace5-nsjail-168-o-file');

    expect(data.pids).toEqual([8147]);
    expect(data.signals).toEqual({ SIGALRM: 2 });
    expect(data.syscalls.clone).toEqual({ calls: 3, errors: 3, errnos: { ERESTARTNOINTR: 3 } });
    expect(data.syscalls.rt_sigreturn?.calls).toBe(2);
  });

  it('says what it expected when the text is not a trace', () => {
    const outputs = [
      '',
      '   \n\n',
      'strace: attach: ptrace(PTRACE_SEIZE, 2872): Operation not permitted',
      '% time     seconds  usecs/call     calls    errors syscall',
      'Tasks: 155 total,   3 running, 152 sleeping',
      'f(x) = 2 is a function',
    ];
    for (const text of outputs) expect(straceTraceParser.parse(text, null).ok).toBe(false);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.option(fc.string()), (text, command) => {
        straceTraceParser.parse(text, command);
        straceTraceParser.parse(`[pid 1] ${text}\n<... ${text} resumed>`, command);
      }),
    );
  });

  it('reads long and hostile lines in linear time', () => {
    // Prepare: many `)` and `=` in one line, then a long trace.
    const hostile = `write(1, "${') = '.repeat(200_000)}", 5) = 5`;
    const trace =
      '[pid  2873] write(5, "x", 1) = -1 EAGAIN (Resource temporarily unavailable)\n'.repeat(
        100_000,
      );

    // Act
    const a = straceTraceParser.parse(hostile, null);
    const b = straceTraceParser.parse(trace, null);
    const banner = (straceTraceParser.banner as RegExp).test(`a(${')'.repeat(200_000)}`);

    // Assess
    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
    expect(a.ok && a.data.syscalls.write?.calls).toBe(1);
    expect(b.ok && b.data.syscalls.write).toEqual({
      calls: 100_000,
      errors: 100_000,
      errnos: { EAGAIN: 100_000 },
    });
    expect(banner).toBe(false);
  });

  it('takes raw traces and leaves summaries to strace-c', () => {
    expect(straceTraceParser.matchCommand('strace -f -p 2872')).toBe(true);
    expect(straceTraceParser.matchCommand('strace -f -p 2872 -e signal=all')).toBe(true);
    expect(straceTraceParser.matchCommand('strace -e trace=none -e signal=all -p 2872')).toBe(true);
    expect(straceTraceParser.matchCommand('strace -tt -T -o /tmp/c.txt -p 2872')).toBe(true);
    expect(straceTraceParser.matchCommand('strace -c -f -p 2872')).toBe(false);
    expect(straceTraceParser.matchCommand('strace -C -p 2872')).toBe(false);
    expect(straceTraceParser.matchCommand('ltrace -p 2872')).toBe(false);
  });

  it('recognises a syscall or signal line as its banner, and not prose', () => {
    const banner = straceTraceParser.banner as RegExp;
    const lines = [
      'getpid()                                = 2872',
      '[pid  2873] write(5, "\\1\\0", 8) = -1 EAGAIN (Resource temporarily unavailable)',
      '--- SIGPROF {si_signo=SIGPROF, si_code=SI_TKILL, si_pid=2872, si_uid=1000} ---',
      'rt_sigreturn({mask=[]}) = 1',
      '20:35:22.718817 rt_sigreturn(0x34d4f7c) = 56 <0.000023>',
      '[pid 2911] tgkill(2853, 2853, SIGPROF) = 0',
      'exit_group(0)                           = ?',
    ];
    for (const line of lines) expect(banner.test(line)).toBe(true);

    const prose = [
      'f(x) = 2',
      'hello world',
      'console.log(x) = 5',
      'top - 02:22:21 up 4:50,  2 users,  load average: 2.95, 2.78, 2.70',
      '% time     seconds  usecs/call     calls    errors syscall',
      'Total: 349 (kernel 0)',
      'if (ready) = true',
    ];
    for (const line of prose) expect(banner.test(line)).toBe(false);
  });
});

describe('straceTraceParser on pasted spin loops', () => {
  it('counts zero-timeout polls beside EAGAIN reads (CudaText#3501)', () => {
    const data = parseFixture('cudatext-3501-poll-zero-recvmsg-eagain');

    expect(data.syscalls.poll).toEqual({ calls: 4, errors: 0, errnos: {}, zeroTimeout: 4 });
    expect(data.syscalls.recvmsg).toEqual({ calls: 9, errors: 9, errnos: { EAGAIN: 9 } });
  });

  it('tells zero-timeout polls from waiting ones in the same loop (vray-for-houdini#241)', () => {
    const data = parseFixture('vray-houdini-241-poll-zero-timeout');

    // 12 polls: 10 with timeout 0, 2 with 17 ms.
    expect(data.syscalls.poll?.calls).toBe(12);
    expect(data.syscalls.poll?.zeroTimeout).toBe(10);
  });

  it('finds the timeout of epoll_pwait and a zero nanosleep (teleproxy#129)', () => {
    const data = parseFixture('teleproxy-129-epoll-pwait-nanosleep');

    // epoll_pwait waits 2 ms (not zero); nanosleep sleeps 0 ns.
    expect(data.syscalls.epoll_pwait?.zeroTimeout).toBeUndefined();
    expect(data.syscalls.nanosleep?.zeroTimeout).toBe(11);
  });

  it('reads a paste that starts with a resumption, and a resumed call’s errno (pygame-ce#362, puma#2080)', () => {
    const yields = parseFixture('pygame-ce-362-sched-yield-resumed');
    const futex = parseFixture('puma-2080-futex-eagain-resumed');

    expect(yields.syscalls.sched_yield?.calls).toBe(16);
    expect(yields.pids).toEqual([11938]);
    expect(futex.syscalls.futex).toEqual({ calls: 11, errors: 4, errnos: { EAGAIN: 4 } });
  });

  it('takes the traced pid from a pasted attach line (WSL#2055)', () => {
    const data = parseFixture('wsl-2055-read-eagain-258-threads');

    expect(data.tracedPids).toEqual([6098]);
    expect(data.syscalls.read?.errnos).toEqual({ EAGAIN: 7 });
    expect(data.syscalls.poll?.zeroTimeout).toBeUndefined(); // 300000 ms
  });

  it('times a spin traced with -tt on this machine', () => {
    const data = parseFixture('debian12-python-poll-zero-eagain-tt');

    expect(data.timeSpanSeconds).toBe(0.001034);
    expect(data.syscalls.poll?.zeroTimeout).toBe(20);
    expect(data.syscalls.recvfrom?.errnos).toEqual({ EAGAIN: 20 });
  });

  it('recognises a resumption with its result as the banner', () => {
    const banner = straceTraceParser.banner as RegExp;

    expect(banner.test('[pid 11938] <... sched_yield resumed> ) = 0')).toBe(true);
    expect(banner.test('<... epoll_wait resumed> [], 512, 500) = 0')).toBe(true);
    expect(banner.test('<... sched_yield resumed> is what strace says')).toBe(false);
  });
});
