/**
 * What a syscall trace shows: a storm (signals, futexes, clock reads, a call that returns at
 * once over and over), a calm table of blocking waits, or nothing clear. Reads the syscall
 * pattern the facts give: a `strace -c` table (with or without `-f`, timed or not) or the counts
 * of raw strace lines.
 */
import type { SyscallCount, SyscallFacts } from '../../facts/types.js';
import { count, percent, perSecond } from '../shared/words.js';

/**
 * A trace is a storm from these rates (calls per second), or, when its duration is unknown,
 * from these counts. Seed 000's sick node made 2,537,321 calls in an untimed `strace -c`
 * (a healthy one 20,825 with `epoll_pwait` on top); a healthy busy server makes a few
 * thousand calls a second. Untimed counts assume a trace of seconds, not minutes.
 */
export const STORM = { rate: 20_000, untimed: 500_000 };
/** Signal-path calls: a 100 Hz profiler costs ~100–1,000/s; seed 000 made 636,891 `rt_sigreturn`. */
export const SIGNAL_STORM = { rate: 2_000, untimed: 100_000 };
const FUTEX_STORM = { rate: 10_000, untimed: 250_000 };
const CLOCK_STORM = { rate: 5_000, untimed: 100_000 };
/**
 * A call that returns at once (a wait with nothing to wait for, `sched_yield`, a failing
 * non-blocking read) repeated this often is a spin. Measured here (strace 6.1, 2 s, python):
 * an idle `epoll_wait` with a 100 ms timeout made 19 calls, a 1 ms timer loop 1,508 (754/s),
 * the same loop with a zero timeout 28,812 (14k/s), a `sched_yield` loop 28,819; nomad issue
 * 8163's spinning Go runtime made 6,359 `sched_yield`/s. Untimed: a 1 ms timer needs 100 s of
 * tracing to reach the count.
 */
export const SPIN = { rate: 2_000, untimed: 100_000 };

/** Percent of calls the signal path takes in a signal storm (seed 000: 25%; healthy: ~14%). */
const SIGNAL_SHARE = 15;
const FUTEX_SHARE = 50;
const CLOCK_SHARE = 20;
/** A busy-wait: most calls fail, or three syscalls make nearly all of them. */
const ERROR_SHARE = 20;
const TOP3_SHARE = 80;
/**
 * Share of calls a spinning call takes: waits, yields or failures making up this much of a
 * trace are the loop itself (ptunnel-ng PR 5: `_newselect` 49.5% beside the `gettimeofday`
 * each turn reads; a loaded event loop's wait is a fifth to a third, between its reads and
 * writes).
 */
export const SPIN_SHARE = 40;
/**
 * Successful reads and writes per readiness wait under which the waits find nothing to do. A
 * loaded event loop follows each wake-up with the I/O it woke for (a read, a write: one or two
 * per wait); a spinning one barely any (ptunnel-ng: 7,740 sends and receives for 592,084
 * selects; mpdscribble none).
 */
export const WORK_PER_WAIT = 0.5;
/** Calls that move data: the work a wake-up is for. */
const IO_CALLS = new Set([
  'read',
  'readv',
  'pread64',
  'preadv',
  'write',
  'writev',
  'pwrite64',
  'pwritev',
  'recv',
  'recvfrom',
  'recvmsg',
  'recvmmsg',
  'send',
  'sendto',
  'sendmsg',
  'sendmmsg',
  'accept',
  'accept4',
  'sendfile',
  'splice',
]);
/** Of a spinning call's own calls, the failed share that says it fails rather than waits. */
const FAILING_SHARE = 50;
/**
 * usecs/call from which a wait blocked: with `-w` an idle `epoll_wait(…, 100)` shows 97,452,
 * a zero-timeout one 23; without `-w` (system time) no wait reaches a millisecond.
 */
export const BLOCKED_USECS = 1_000;
/** A calm trace: blocking waits make at least this share of calls (or lead the table). */
const CALM_BLOCKING_SHARE = 40;
/**
 * Raw strace lines: a screenful shows the pattern, not the rate (ptrace slows every call, and
 * a paste is cut where the person stopped). This many lines, at least half of them calls that
 * returned at once, is a loop on the screen: a two-call spin (a read failing with EAGAIN, then
 * a poll that is ready at once: WSL issue 2055, 53%) returns at once on every other line; a
 * paced poll loop stays under half (doublecmd issue 606: 46%, 21 calls a second).
 */
export const RAW_MIN_CALLS = 10;
export const RAW_SPIN_SHARE = 50;

/** Syscalls a signal delivery or a profiler's timer tick costs (seed 000's loop). */
export const SIGNAL_CALLS = new Set([
  'rt_sigreturn',
  'sigreturn',
  'tgkill',
  'tkill',
  'kill',
  'rt_sigprocmask',
  'getpid',
  'gettid',
]);
const CLOCK_CALLS = new Set(['clock_gettime', 'clock_gettime64', 'gettimeofday', 'time']);
/** Calls that wait: at modest rates they are an idle event loop or thread pool. */
export const BLOCKING_CALLS = new Set([
  'epoll_wait',
  'epoll_pwait',
  'epoll_pwait2',
  'futex',
  'poll',
  'ppoll',
  'select',
  'pselect6',
  '_newselect',
  'nanosleep',
  'clock_nanosleep',
  'wait4',
  'waitid',
  'accept',
  'accept4',
  'rt_sigtimedwait',
  'rt_sigsuspend',
  'pause',
  'io_getevents',
]);
/** Readiness waits: spinning, they return at once because nothing blocks them. */
const READINESS_WAITS = new Set([
  'epoll_wait',
  'epoll_pwait',
  'epoll_pwait2',
  'poll',
  'ppoll',
  'select',
  'pselect6',
  '_newselect',
]);

export type StormKind = 'signal' | 'futex' | 'clock' | 'busy-wait' | 'yield';

/**
 * How decisive the trace is on its own: a timed rate at storm level, an untimed count that
 * only makes sense at storm rates, or a pattern on a screenful of raw lines.
 */
export type TraceStrength = 'rate' | 'count' | 'pattern';

/**
 * Fields the raw-strace reader adds (zero-timeout waits, errnos, the share of calls that
 * returned at once). Optional: read when the facts carry them, today's facts compile without.
 */
export interface RawPatternRow {
  errnos?: Record<string, number>;
  zeroTimeout?: number;
}
export interface RawPattern {
  traced?: 'summary' | 'raw';
  spinShare?: number;
  zeroTimeoutShare?: number;
}
/** The syscall pattern the judge reads: today's facts, and the raw-trace reader's when present. */
export type SyscallPattern = Omit<SyscallFacts, 'syscalls'> &
  RawPattern & { syscalls: (SyscallCount & RawPatternRow)[] };

/** What a trace shows. */
export type TraceReading =
  | {
      kind: 'storm';
      storm: StormKind;
      strength: TraceStrength;
      rows: SyscallCount[];
      totalRate?: number;
      /** Why it is a storm, in words: `98% of calls return at once`. */
      why?: string;
    }
  | { kind: 'calm'; top: SyscallCount; blockingShare: number; totalRate?: number }
  | { kind: 'unclear'; top: SyscallCount; totalRate?: number };

export const sumCalls = (rows: SyscallCount[]): number => rows.reduce((a, r) => a + r.calls, 0);

const timed = (seconds: number | undefined): seconds is number =>
  seconds !== undefined && seconds > 0;

export const loud = (
  calls: number,
  seconds: number | undefined,
  at: { rate: number; untimed: number },
) => (timed(seconds) ? calls / seconds >= at.rate : calls >= at.untimed);

const TRY_AGAIN = new Set(['EAGAIN', 'EWOULDBLOCK']);

/** Calls of a raw trace that returned at once: zero-timeout waits, EAGAIN, sched_yield. */
const rawSpinCalls = (rows: SyscallPattern['syscalls']): number =>
  rows.reduce((sum, r) => {
    if (r.name === 'sched_yield') return sum + r.calls;
    const again = Object.entries(r.errnos ?? {})
      .filter(([errno]) => TRY_AGAIN.has(errno))
      .reduce((a, [, n]) => a + n, 0);
    return sum + Math.min(r.calls, (r.zeroTimeout ?? 0) + again);
  }, 0);

/** A screenful of raw lines looping on calls that return at once. */
const readRaw = (trace: SyscallPattern, total: number): TraceReading | undefined => {
  const rows = [...trace.syscalls].sort((a, b) => b.calls - a.calls);
  const top = rows[0];
  if (!top || total < RAW_MIN_CALLS) return undefined;
  const spinShare = trace.spinShare ?? (100 * rawSpinCalls(rows)) / total;
  if (spinShare < RAW_SPIN_SHARE) return undefined;
  const totalRate = timed(trace.seconds) ? total / trace.seconds : undefined;
  // Timestamps that show a paced loop overrule its shape: even under ptrace a spin runs faster.
  if (totalRate !== undefined && totalRate < SPIN.rate) return undefined;
  const yields = rows.find((r) => r.name === 'sched_yield');
  return {
    kind: 'storm',
    storm: yields && yields.calls === top.calls ? 'yield' : 'busy-wait',
    strength: totalRate !== undefined ? 'rate' : 'pattern',
    rows: rows.slice(0, 2),
    ...(totalRate !== undefined ? { totalRate } : {}),
    why: `${percent(spinShare)} of ${count(total)} traced calls returned at once`,
  };
};

/** A wait that did not block: usecs/call, when known, stays under a millisecond. */
const didNotBlock = (row: SyscallCount) =>
  row.usecsPerCall === undefined || row.usecsPerCall < BLOCKED_USECS;

/** The spin in a `strace -c` table: readiness waits, yields or failing calls repeated at once. */
const readSpin = (
  rows: SyscallCount[],
  total: number,
  seconds: number | undefined,
): { storm: StormKind; rows: SyscallCount[]; why: string } | undefined => {
  const share = (calls: number) => (100 * calls) / total;
  const spinning = (calls: number) => share(calls) >= SPIN_SHARE && loud(calls, seconds, SPIN);
  const yields = rows.find((r) => r.name === 'sched_yield');
  if (yields && spinning(yields.calls)) {
    return {
      storm: 'yield',
      rows: [yields],
      why: `sched_yield makes ${percent(share(yields.calls))} of calls: threads spin, yielding instead of sleeping`,
    };
  }
  const waits = rows.filter((r) => READINESS_WAITS.has(r.name) && didNotBlock(r));
  const work = rows.filter((r) => IO_CALLS.has(r.name)).reduce((a, r) => a + r.calls - r.errors, 0);
  if (spinning(sumCalls(waits)) && work < WORK_PER_WAIT * sumCalls(waits) && waits[0]) {
    return {
      storm: 'busy-wait',
      rows: [...new Set([waits[0], ...rows.slice(0, 2)])],
      why: `${waits[0].name} makes ${percent(share(sumCalls(waits)))} of calls at ${count(waits[0].usecsPerCall ?? 0)} usecs/call: it returns at once instead of waiting`,
    };
  }
  const futex = rows.find((r) => r.name === 'futex');
  if (futex && spinning(futex.calls) && (100 * futex.errors) / futex.calls >= FAILING_SHARE) {
    return {
      storm: 'futex',
      rows: [futex],
      why: `${percent((100 * futex.errors) / futex.calls)} of futex calls fail (EAGAIN/ETIMEDOUT): threads retry a lock instead of sleeping on it`,
    };
  }
  const failing = rows.filter(
    (r) => !BLOCKING_CALLS.has(r.name) && (100 * r.errors) / Math.max(1, r.calls) >= FAILING_SHARE,
  );
  if (spinning(sumCalls(failing)) && failing[0]) {
    return {
      storm: 'busy-wait',
      rows: failing.slice(0, 2),
      why: `${failing
        .map((r) => r.name)
        .slice(0, 2)
        .join(' and ')} fail on most calls: a non-blocking call retried at once`,
    };
  }
  return undefined;
};

export const readTrace = (trace: SyscallPattern): TraceReading | undefined => {
  const rows = [...trace.syscalls].sort((a, b) => b.calls - a.calls);
  const total = Math.max(trace.totalCalls, sumCalls(rows));
  const top = rows[0];
  if (!top || total === 0) return undefined;
  if (trace.traced === 'raw') {
    const raw = readRaw(trace, total);
    if (raw) return raw;
  }
  const share = (calls: number) => (100 * calls) / total;
  const totalRate = timed(trace.seconds) ? total / trace.seconds : undefined;
  const rated = { ...(totalRate !== undefined ? { totalRate } : {}) };
  const strength = (calls: number, at: { rate: number; untimed: number }): TraceStrength =>
    timed(trace.seconds) && loud(calls, trace.seconds, at) ? 'rate' : 'count';
  const signal = rows.filter((r) => SIGNAL_CALLS.has(r.name));
  if (
    share(sumCalls(signal)) >= SIGNAL_SHARE &&
    loud(sumCalls(signal), trace.seconds, SIGNAL_STORM)
  ) {
    // Quote the signal path and whatever dominates beside it (seed 000: `write`, `read`).
    const quoted = [...new Set([...signal.slice(0, 2), ...rows.slice(0, 2)])];
    return {
      kind: 'storm',
      storm: 'signal',
      strength: strength(sumCalls(signal), SIGNAL_STORM),
      rows: quoted,
      ...rated,
    };
  }
  const futex = rows.find((r) => r.name === 'futex');
  if (futex && share(futex.calls) >= FUTEX_SHARE && loud(futex.calls, trace.seconds, FUTEX_STORM)) {
    return {
      kind: 'storm',
      storm: 'futex',
      strength: strength(futex.calls, FUTEX_STORM),
      rows: [futex],
      ...rated,
    };
  }
  // A spin is checked before the clock: a loop that polls at once reads the clock each turn
  // (ptunnel-ng: `_newselect` and `gettimeofday` 592k and 596k), and the poll is the fault.
  const spin = readSpin(rows, total, trace.seconds);
  if (spin) {
    return {
      kind: 'storm',
      storm: spin.storm,
      strength: strength(sumCalls(spin.rows.slice(0, 1)), SPIN),
      rows: spin.rows,
      why: spin.why,
      ...rated,
    };
  }
  const clock = rows.filter((r) => CLOCK_CALLS.has(r.name));
  if (share(sumCalls(clock)) >= CLOCK_SHARE && loud(sumCalls(clock), trace.seconds, CLOCK_STORM)) {
    return {
      kind: 'storm',
      storm: 'clock',
      strength: strength(sumCalls(clock), CLOCK_STORM),
      rows: clock,
      ...rated,
    };
  }
  // Interrupted waits and signal returns "fail" by design (EINTR): seed 000's healthy node
  // shows epoll_pwait 2,009 and rt_sigreturn 2,010 errors. They are not a busy-wait's errors.
  const errorShare = share(
    rows
      .filter((r) => !BLOCKING_CALLS.has(r.name) && !SIGNAL_CALLS.has(r.name))
      .reduce((a, r) => a + r.errors, 0),
  );
  const top3 = share(sumCalls(rows.slice(0, 3)));
  if (loud(total, trace.seconds, STORM) && (errorShare >= ERROR_SHARE || top3 >= TOP3_SHARE)) {
    return {
      kind: 'storm',
      storm: 'busy-wait',
      strength: strength(total, STORM),
      rows: rows.slice(0, 3),
      ...rated,
    };
  }
  const blockingShare = share(sumCalls(rows.filter((r) => BLOCKING_CALLS.has(r.name))));
  if (
    !loud(total, trace.seconds, STORM) &&
    (blockingShare >= CALM_BLOCKING_SHARE || BLOCKING_CALLS.has(top.name))
  ) {
    return { kind: 'calm', top, blockingShare, ...rated };
  }
  return { kind: 'unclear', top, ...rated };
};

/** `write 1,266,953 calls (633,476 errors, 47% of traced time)`. */
export const rowText = (row: SyscallCount, seconds: number | undefined): string => {
  const rate = row.perSecond ?? (timed(seconds) ? row.calls / seconds : undefined);
  const notes = [
    row.errors > 0 ? `${count(row.errors)} errors` : undefined,
    row.percentTime !== undefined ? `${percent(row.percentTime)} of traced time` : undefined,
    row.usecsPerCall !== undefined ? `${count(row.usecsPerCall)} usecs/call` : undefined,
    rate !== undefined ? perSecond(rate) : undefined,
  ].filter((n) => n !== undefined);
  return `${row.name} ${count(row.calls)} calls${notes.length ? ` (${notes.join(', ')})` : ''}`;
};
