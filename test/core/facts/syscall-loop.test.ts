import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { deriveSyscallLoop, PACED_TURNS } from '../../../functions/core/facts/syscall-loop.js';
import { immediateOf } from '../../../functions/core/facts/syscall-turn.js';
import { straceTraceParser } from '../../../functions/core/parsers/strace.js';
import { loadFixture } from '../../helpers/fixtures.js';

const loopOf = (text: string) => deriveSyscallLoop(readCapture(text));
const corpus = (name: string) => loopOf(loadFixture(`captures/corpus/syscall-storm/${name}.txt`));
const strace = (name: string) => loopOf(loadFixture(`captures/strace/${name}.txt`));

describe('deriveSyscallLoop: the same turn, returning at once', () => {
  it('reads an EOF re-armed by epoll (lighttpd PR 114: read of a CLOSE_WAIT socket)', () => {
    // Act
    const loop = corpus('lighttpd-pr114-strace-close-wait-read-loop');

    // Assess: epoll_wait(…, 1000) = 1 did not wait; the read of 0 bytes says why
    expect(loop).toMatchObject({
      source: 'pasted strace',
      calls: ['read', 'epoll_wait'],
      turns: 12,
      share: 100,
      immediate: 'read returns 0 (EOF)',
    });
  });

  it('reads a hung-up fd polled again and again (nixd issue 627: POLLHUP, kill(pid, 0))', () => {
    // Act
    const loop = corpus('nixd-627-poll-pollhup-kill-loop');

    // Assess
    expect(loop?.calls).toEqual(['poll', 'kill']);
    expect(loop?.turns).toBe(6);
    expect(loop?.immediate).toBe('poll reports POLLHUP at once');
  });

  it('reads a refused kill and a turn of calls that never wait (php-src issue 8072)', () => {
    // Act
    const loop = corpus('php-src-8072-fpm-kill-eperm-loop');

    // Assess: 11 lines, 5 whole turns, the pid from `strace: Process 34545 attached`
    expect(loop).toMatchObject({ pid: 34545, calls: ['kill', 'fcntl'], turns: 5, share: 100 });
    expect(loop?.immediate).toBe('kill fails with EPERM; none of its calls can wait');
  });

  it('finds the shortest turn whose repeats cover the lines (pbench issue 871: block, unblock)', () => {
    // Act
    const loop = corpus('pbench-871-bash-wait-rt-sigprocmask-loop');

    // Assess: the reporter's `...` lines are not calls
    expect(loop).toMatchObject({ calls: ['rt_sigprocmask', 'rt_sigprocmask'], turns: 3 });
    expect(loop?.immediate).toBe('none of its calls can wait');
  });

  it('counts the lines before the loop against its share (LACT issue 831: one epoll_wait = 0 first)', () => {
    // Act
    const loop = corpus('lact-831-strace-read-eof-epoll-loop');

    // Assess: 9 of 11 lines; the eventfd write is the same 8 bytes each turn
    expect(loop).toMatchObject({ calls: ['write', 'read', 'epoll_wait'], turns: 3, share: 81.8 });
    expect(loop?.immediate).toBe('read returns 0 (EOF); epoll_wait has a zero timeout');
  });

  it('names EPOLLHUP and POLLNVAL as reasons (fluent-bit issue 90, eio issue 572)', () => {
    // Act / Assess
    expect(corpus('fluent-bit-90-stdin-eof-epollhup-loop')?.immediate).toBe(
      'read returns 0 (EOF); epoll_wait reports EPOLLHUP at once',
    );
    expect(corpus('eio-572-ppoll-pollnval-loop')).toMatchObject({
      calls: ['ppoll'],
      turns: 2,
      immediate: 'ppoll reports POLLNVAL at once',
    });
  });

  it('takes the pace from -tt times (generated python spin: ~19k turns a second)', () => {
    // Act
    const loop = strace('debian12-python-poll-zero-eagain-tt');

    // Assess
    expect(loop?.calls).toEqual(['recvfrom', 'poll']);
    expect(loop?.perSecond).toBeGreaterThan(15_000);
    expect(loop?.immediate).toBe('recvfrom fails with EAGAIN; poll has a zero timeout');
  });

  it('marks a turn whose read brings data (generated pipe reader: pselect6, read 4096)', () => {
    // Act
    const loop = strace('debian12-python-pipe-reader-tt');

    // Assess: fast, but each turn does work
    expect(loop).toMatchObject({ calls: ['pselect6', 'read'], readsData: true });
    expect(loop?.perSecond).toBeGreaterThan(10_000);
    expect(loop?.immediate).toBe(undefined);
  });

  it(`gives a pace only from ${PACED_TURNS} turns in a row`, () => {
    // Prepare: the first calls of the generated -tt spin
    const text = loadFixture('captures/strace/debian12-python-poll-zero-eagain-tt.txt');
    const head = (turns: number) => {
      const lines = text.split('\n');
      const at = lines.findIndex((l) => /^\d\d:/.test(l));
      return lines.slice(0, at + 2 * turns).join('\n');
    };

    // Act / Assess
    expect(loopOf(head(PACED_TURNS - 1))?.perSecond).toBe(undefined);
    expect(loopOf(head(PACED_TURNS))?.perSecond).toBeGreaterThan(0);
  });

  it('follows one thread of a -f trace (pygame-ce issue 362: a yielding child thread)', () => {
    // Act
    const loop = strace('pygame-ce-362-sched-yield-resumed');

    // Assess
    expect(loop?.pid).toBe(11938);
    expect(loop?.calls).toEqual(['sched_yield']);
    expect(loop?.immediate).toContain('sched_yield returns at once');
  });
});

describe('deriveSyscallLoop: idle loops repeat too, but wait', () => {
  it('a wait that timed out is a wait (teleproxy issue 129: 2 ms epoll_pwait, then nanosleep 0)', () => {
    // Act
    const loop = strace('teleproxy-129-epoll-pwait-nanosleep');

    // Assess: the turn repeats 11 times; the zero nanosleep does not make it a spin
    expect(loop).toMatchObject({ calls: ['epoll_pwait', 'nanosleep'], turns: 11, share: 100 });
    expect(loop?.immediate).toBe(undefined);
  });

  it('a failing wait4 beside a 5 ms select is paced by the select (cctools issue 1233)', () => {
    // Act
    const loop = strace('cctools-1233-chirp-wait4-select-5ms');

    // Assess
    expect(loop?.calls).toEqual(['wait4', 'select']);
    expect(loop?.turns).toBe(4);
    expect(loop?.immediate).toBe(undefined);
  });

  it('a select that times out every 50 ms says nothing returns at once (llmnrd issue 19)', () => {
    // Act / Assess
    expect(strace('llmnrd-19-select-50ms-timeout')).toMatchObject({ turns: 11, share: 100 });
    expect(strace('llmnrd-19-select-50ms-timeout')?.immediate).toBe(undefined);
  });

  it('timeouts that vary break the turn, and a timed-out poll paces it (nedit-ng issue 210)', () => {
    // Act
    const loop = strace('nedit-ng-210-poll-100ms-recvmsg-eagain');

    // Assess: only the EAGAIN pairs repeat, 4 of 6 lines, and the polls between them waited
    expect(loop).toMatchObject({ calls: ['recvmsg'], turns: 4, share: 66.7 });
    expect(loop?.immediate).toBe(undefined);
  });

  it('timestamps show a paced idle app (doublecmd issue 606) and a calm haproxy (issue 2129)', () => {
    // Act / Assess: neither returns at once nor shows a spin's pace
    expect(strace('doublecmd-606-poll-tt')?.immediate).toBe(undefined);
    expect(strace('doublecmd-606-poll-tt')?.perSecond).toBe(undefined);
    expect(strace('haproxy-2129-epoll-wait-tt')?.share).toBe(61.5);
  });

  it('a read that brought data makes its EAGAIN a drained socket (fibers issue 19, first lines)', () => {
    // Prepare: the read of data, then the EAGAIN read of the same fd, as pasted
    const text = loadFixture('captures/corpus/syscall-storm/fibers-19-epollhup-epoll-ctl-loop.txt');
    const calls = straceTraceParser.parse(text, null);
    const reads = calls.ok ? calls.data.calls.filter((c) => c.name === 'read') : [];

    // Act / Assess
    expect(reads.map((r) => r.result.split(' ')[0])).toEqual(['3392', '-1']);
    expect(immediateOf(reads)).toBe(undefined);
    expect(immediateOf(reads.slice(1))).toBe('read fails with EAGAIN');
  });
});
