import type { CallLine } from '../parsers/strace.js';
import { zeroTimeout } from '../parsers/strace-timeout.js';

/**
 * One raw strace call line as a loop sees it, and why a turn of such lines returns at once.
 * Two lines are "the same call" when only what varies from turn to turn differs: buffer
 * contents, addresses, clock readings, byte counts.
 */

/** Characters of a buffer kept: enough to tell `""` (EOF) and an eventfd's `"\1\0"` apart. */
const BUFFER_CHARS = 4;

const normalText = (text: string): string =>
  text
    // "abcdef"... → "abcd…": buffer contents beyond a few chars vary from turn to turn.
    .replace(/"((?:[^"\\]|\\.)*)"(?:\.\.\.)?/g, (_all, body: string) =>
      body.length <= BUFFER_CHARS ? `"${body}"` : `"${body.slice(0, BUFFER_CHARS)}…"`,
    )
    .replace(/\b0x[0-9a-f]+\b/gi, '0x')
    // Clock readings and remaining times; a zero stays (a zero timeout is a spin's sign).
    .replace(/\b(tv_(?:sec|nsec|usec)=)[1-9]\d*/g, '$1#')
    // Old struct form `{3162510, 551700172}`, byte counts, u64 cookies: long numbers vary.
    .replace(/\b\d{6,}\b/g, '#')
    .replace(/\s+/g, ' ')
    .trim();

/** `-1 EAGAIN (Resource …)` → `-1 EAGAIN`; a byte or fd count → `N`; `0` stays (EOF, timeout). */
const normalResult = (result: string): string => {
  const m = /^(\?|-?\d+|0x[0-9a-f]+)(?:\s+(E[A-Z0-9]+))?(.*)$/i.exec(result);
  if (!m) return normalText(result);
  const [, value = '', errno, rest = ''] = m;
  const head = errno
    ? `${value} ${errno}`
    : value === '0' || value === '?'
      ? value
      : value.startsWith('0x')
        ? '0x'
        : 'N';
  // An errno's own words say nothing the name does not; other notes (revents, Timeout) stay.
  const tail = errno ? '' : normalText(rest);
  return tail ? `${head} ${tail}` : head;
};

/** The line as turns compare it: no pid, no time, varying values dropped. */
export const callKey = (line: CallLine): string =>
  `${line.name}(${normalText(line.args)}) = ${normalResult(line.result)}`;

const READS = new Set(['read', 'readv', 'pread64', 'preadv', 'recv', 'recvfrom', 'recvmsg']);
const READINESS = new Set([
  'poll',
  'ppoll',
  'select',
  '_newselect',
  'pselect6',
  'epoll_wait',
  'epoll_pwait',
  'epoll_pwait2',
]);
const SLEEPS = new Set(['nanosleep', 'clock_nanosleep']);
/** Calls that never sleep: a turn made only of these cannot wait for anything. */
const NEVER_WAIT = new Set([
  'rt_sigprocmask',
  'sigprocmask',
  'rt_sigaction',
  'getpid',
  'getppid',
  'gettid',
  'kill',
  'tgkill',
  'tkill',
  'clock_gettime',
  'gettimeofday',
  'time',
  'sched_yield',
  'fcntl',
  'lseek',
  'epoll_ctl',
  'getrusage',
  'times',
]);
/** Errors that mean "not now" or "never": returned at once, and the same next turn. */
const REFUSED = new Set(['EAGAIN', 'EWOULDBLOCK', 'EPERM', 'EBADF']);
/** Readiness flags that stay set: a hung-up, failed or closed fd is reported on every wait. */
const STUCK_FLAGS = /\b(E?POLL(?:HUP|ERR|NVAL))\b/;

const errnoOf = (result: string) => /^(?:-1|\?)\s+(E[A-Z0-9]+)/.exec(result)?.[1];
const value = (result: string) => /^-?\d+/.exec(result)?.[0];

/**
 * Whether the call blocked: a wait that timed out (`= 0` after a non-zero timeout) or was
 * interrupted, a sleep of non-zero length, a futex wait, a wait4 without WNOHANG.
 */
export const waited = (line: CallLine): boolean => {
  const errno = errnoOf(line.result);
  const zero = zeroTimeout(line.name, line.args) === true;
  if (SLEEPS.has(line.name)) return !zero;
  if (READINESS.has(line.name)) {
    if (errno === 'EINTR' || errno?.startsWith('ERESTART')) return true;
    return value(line.result) === '0' && !zero;
  }
  if (line.name === 'futex') return /FUTEX_WAIT/.test(line.args) && errno !== 'EAGAIN';
  if (line.name === 'wait4' || line.name === 'waitid') return !/WNOHANG/.test(line.args);
  return ['pause', 'rt_sigsuspend', 'rt_sigtimedwait'].includes(line.name);
};

/** Whether a read in the turn brought data: work, not a spin. */
export const readsData = (turn: CallLine[]): boolean =>
  turn.some((l) => READS.has(l.name) && Number(value(l.result) ?? 0) > 0 && !errnoOf(l.result));

/**
 * Why a turn returns at once, read off its lines, or undefined when a call in it waited or
 * nothing in it says so (a wait that reported an fd ready may have waited for it).
 */
export const immediateOf = (turn: CallLine[]): string | undefined => {
  if (turn.length === 0 || turn.some(waited)) return undefined;
  const reasons: string[] = [];
  const said = (why: string) => {
    if (!reasons.includes(why)) reasons.push(why);
  };
  // A read that brought data is work: its EAGAIN afterwards is a drained socket, not a spin.
  const readData = readsData(turn);
  for (const line of turn) {
    const errno = errnoOf(line.result);
    const flag = STUCK_FLAGS.exec(`${line.args} ${line.result}`)?.[1];
    if (READS.has(line.name) && !errno && value(line.result) === '0')
      said(`${line.name} returns 0 (EOF)`);
    else if (errno && REFUSED.has(errno) && !(readData && /^E(?:AGAIN|WOULDBLOCK)$/.test(errno)))
      said(`${line.name} fails with ${errno}`);
    if (READINESS.has(line.name) && flag) said(`${line.name} reports ${flag} at once`);
    else if (zeroTimeout(line.name, line.args) === true) said(`${line.name} has a zero timeout`);
    if (line.name === 'sched_yield') said('sched_yield returns at once');
  }
  if (turn.every((l) => NEVER_WAIT.has(l.name))) said('none of its calls can wait');
  return reasons.length > 0 ? reasons.join('; ') : undefined;
};
