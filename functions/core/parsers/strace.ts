import { straceOptions } from './strace-c.js';
import { zeroTimeout } from './strace-timeout.js';
import { lines } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * Raw strace output (`strace -p`, `-f`, `-e signal=all`, `-e trace=none`, `-o FILE` with `-f`),
 * counted: calls and errors per syscall, deliveries per signal, exits, and the time the lines
 * span when they carry timestamps (`-t`, `-tt`, `-ttt`, `-r`), so a consumer can turn counts
 * into rates. Each call is counted once: a call split into `<unfinished ...>` and
 * `<... name resumed>` lines counts where it started, and its error where it ended.
 */

export interface SyscallTally {
  calls: number;
  /** Calls that returned an error (`= -1 EAGAIN (…)`, `= ? ERESTARTSYS (…)`). */
  errors: number;
  /** Errors by errno name: `{ EAGAIN: 633476 }`. */
  errnos: Record<string, number>;
  /**
   * Waits that could not wait, when any: a zero timeout (`poll(…, 0)`, `epoll_wait(…, 0)`,
   * `nanosleep({tv_sec=0, tv_nsec=0}, …)`). Absent for calls that take no timeout.
   */
  zeroTimeout?: number;
}

export interface ProcessExit {
  /** null when strace printed no `[pid N]` prefix (a single traced process). */
  pid: number | null;
  /** `+++ exited with 3 +++` */
  code?: number;
  /** `+++ killed by SIGKILL +++` */
  signal?: string;
}

/** One finished call, in trace order: what a repeated-call loop is read from. */
export interface CallLine {
  /** null without a `[pid N]` prefix. */
  pid: number | null;
  /** Seconds since the trace's first timestamp; absent without timestamps. */
  at?: number;
  name: string;
  /** Between the parentheses; a split call's start and resumed tail joined. */
  args: string;
  /** After ` = `: `0`, `-1 EAGAIN (Resource temporarily unavailable)`, `1 ([{fd=5, revents=POLLNVAL}])`. */
  result: string;
}

/** Call lines kept for their order: a screenful or several, not a long capture's every call. */
export const CALL_LINES_KEPT = 5_000;

export interface SyscallTrace {
  /** By syscall name. */
  syscalls: Record<string, SyscallTally>;
  /** Deliveries by signal name (`--- SIGPROF {…} ---` lines): `{ SIGPROF: 2379 }`. */
  signals: Record<string, number>;
  /** Lines read as strace output (calls, resumptions, signals, exits). */
  lineCount: number;
  /** Lines that looked like neither strace output nor known noise. */
  unreadLines: number;
  /** Seconds from the first to the last timestamp; null without timestamps. */
  timeSpanSeconds: number | null;
  /** Which timestamps the lines carried. */
  timestamps: 'absolute' | 'unix' | 'relative' | null;
  /** Thread/process ids from `[pid N]` prefixes (and `-f -o` bare-pid prefixes), ascending. */
  pids: number[];
  /**
   * PIDs given to `-p` in the command; without a command, the pid of the first
   * `strace: Process N attached` line (pasted traces often start with it).
   */
  tracedPids: number[];
  exits: ProcessExit[];
  /** The first CALL_LINES_KEPT finished calls, in order. */
  calls: CallLine[];
}

/** `[pid  2873] ` (with `-Y`: `[pid  2873<node>] `) or, with `-f -o FILE`, `2873  `. */
const PID_PREFIX = /^(?:\[pid\s+(\d+)(?:<[^>]*>)?\]\s*|(\d+)\s+(?=\S))/;
/** `02:22:21`, `02:22:21.123456` (-t, -tt), `1700000000.123456` (-ttt), `0.000123` (-r). */
const TIMESTAMP = /^(?:(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)|(\d+\.\d+))\s+/;
/** A call starts with its name: two or more letters (no syscall has one), so `f(x) = 2` is prose. */
const CALL = /^([a-z_][a-z0-9_]+)\(/;
const RESUMED = /^<\.\.\. ([a-z_][a-z0-9_]*) resumed>/;
const SIGNAL = /^--- (SIG[A-Z0-9+-]+|SIGRT_\d+)\b/;
const EXIT = /^\+\+\+ (?:exited with (\d+)|killed by (SIG[A-Z0-9_+-]+))/;
/** The result at the end of a call: `= -1 EAGAIN (…)`, `= ? ERESTARTSYS (…)`, `= 0`. */
const RESULT = /^\s*(\?|-?\d+|0x[0-9a-f]+)(?:\s+(E[A-Z0-9]+)\b)?/;
const ATTACHED = /^strace: Process (\d+) attached/;
const NOISE =
  /^(?:\^C)?strace: |^<(?:unfinished|detached) \.\.\.>$|^--- stopped by |^\+\+\+ superseded /;
/** PIDs are at most 2^22; a bigger leading integer is a `-ttt` time without fraction. */
const PID_MAX = 4_194_304;

/** The arguments of a finished call line (`name(args) = r`) or of a resumption's tail. */
const argumentsOf = (body: string): string | null => {
  const at = body.lastIndexOf(' = ');
  if (at < 0) return null;
  const head = body.slice(0, at).trimEnd();
  return head.endsWith(')') ? head.slice(0, -1) : null;
};

/** The result of a call, read after its last ` = ` so arguments holding `) = ` don't fool it. */
const resultOf = (body: string): { errno: string | null; failed: boolean } | null => {
  const at = body.lastIndexOf(' = ');
  if (at < 0 || !body.slice(0, at).trimEnd().endsWith(')')) return null;
  const m = RESULT.exec(body.slice(at + 3));
  if (!m) return null;
  const value = m[1] ?? '';
  const errno = m[2] ?? null;
  const failed = errno !== null && (value === '?' || value.startsWith('-'));
  return { errno: failed ? errno : null, failed };
};

interface Clock {
  kind: SyscallTrace['timestamps'];
  first: number | null;
  last: number | null;
  /** Sum of `-r` deltas. */
  relative: number;
  /** Days added to `-t` times after midnight. */
  dayOffset: number;
}

const tick = (clock: Clock, m: RegExpExecArray): void => {
  if (m[4] !== undefined) {
    const v = Number(m[4]);
    // -r prints small deltas from the previous line; -ttt prints seconds since 1970.
    if (clock.kind === null) clock.kind = v > 1e8 ? 'unix' : 'relative';
    if (clock.kind === 'relative') {
      if (clock.first === null) clock.first = 0;
      else clock.relative += v;
      clock.last = clock.relative;
      return;
    }
    if (clock.first === null) clock.first = v;
    clock.last = v;
    return;
  }
  if (clock.kind === null) clock.kind = 'absolute';
  if (clock.kind !== 'absolute') return;
  let v = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + clock.dayOffset;
  if (clock.last !== null && v < clock.last - 43_200) {
    clock.dayOffset += 86_400;
    v += 86_400;
  }
  if (clock.first === null) clock.first = v;
  clock.last = v;
};

export const straceTraceParser: ToolParser<SyscallTrace> = {
  tool: 'strace',
  matchCommand: (command) => straceOptions(command)?.summary === false,
  // One syscall line (`getpid()  = 2872`, with an optional `[pid N]` and timestamp), a
  // resumption with its result (a paste may start mid-call), or one signal line (`--- SIGPROF {`). A lower-case name of 2+ letters and an integer, hex or `?`
  // result keep prose such as `f(x) = 2` out.
  banner:
    /^(?:\[pid +\d+\] *)?(?:[\d:.]+ +)?(?:(?:[a-z_][a-z0-9_]+\(|<\.\.\. [a-z_][a-z0-9_]* resumed>).*\) +=(?: +(?:-?\d+|0x[0-9a-f]+|\?)(?: |$))|--- SIG[A-Z0-9]+ [{(])/,
  parse(text, command) {
    const syscalls = new Map<string, SyscallTally>();
    const signals = new Map<string, number>();
    const pids = new Set<number>();
    const exits: ProcessExit[] = [];
    /** The call each thread is inside, from `<unfinished ...>` to `<... resumed>`. */
    const pending = new Map<string, string>();
    const clock: Clock = { kind: null, first: null, last: null, relative: 0, dayOffset: 0 };
    let lineCount = 0;
    let unreadLines = 0;
    let attached: number | null = null;
    const calls: CallLine[] = [];
    /** The arguments a thread's `<unfinished ...>` call had printed. */
    const heads = new Map<string, string>();
    const keep = (pid: number | null, name: string, args: string, body: string): void => {
      if (calls.length >= CALL_LINES_KEPT) return;
      const at = body.lastIndexOf(' = ');
      const since = clock.first !== null && clock.last !== null ? clock.last - clock.first : null;
      calls.push({
        pid,
        ...(since !== null ? { at: Math.round(since * 1e6) / 1e6 } : {}),
        name,
        args,
        result: body.slice(at + 3).trim(),
      });
    };

    const tally = (name: string): SyscallTally => {
      let t = syscalls.get(name);
      if (!t) {
        t = { calls: 0, errors: 0, errnos: {} };
        syscalls.set(name, t);
      }
      return t;
    };
    /** `args` of a finished call: counts a wait whose timeout was zero. */
    const countTimeout = (name: string, args: string | null): void => {
      if (args === null || zeroTimeout(name, args) !== true) return;
      const t = tally(name);
      t.zeroTimeout = (t.zeroTimeout ?? 0) + 1;
    };
    const countResult = (name: string, body: string): void => {
      const result = resultOf(body);
      if (!result?.failed) return;
      const t = tally(name);
      t.errors++;
      if (result.errno) t.errnos[result.errno] = (t.errnos[result.errno] ?? 0) + 1;
    };

    for (const raw of lines(text)) {
      let rest = raw.trim();
      if (rest === '') continue;
      const attach = ATTACHED.exec(rest);
      if (attach && lineCount === 0 && attached === null) attached = Number(attach[1]);
      if (NOISE.test(rest)) continue;

      let pid: number | null = null;
      const prefix = PID_PREFIX.exec(rest);
      if (prefix) {
        const value = Number(prefix[1] ?? prefix[2]);
        // Without brackets a leading integer is a pid only when strace's line follows it.
        if (prefix[1] !== undefined || value <= PID_MAX) {
          pid = value;
          rest = rest.slice(prefix[0].length);
        }
      }
      const stamp = TIMESTAMP.exec(rest);
      if (stamp) rest = rest.slice(stamp[0].length);
      const key = pid === null ? '' : String(pid);

      // A call's result wrapped onto its own line (`= ? ERESTARTNOINTR (…)`) by a bug tracker.
      const wrapped = /^= +(?:\?|-?\d|0x)/.test(rest) ? (pending.get(key) ?? null) : null;
      if (wrapped !== null) {
        lineCount++;
        pending.delete(key);
        countResult(wrapped, `) ${rest}`);
        continue;
      }
      const call = CALL.exec(rest);
      const resumed = call ? null : RESUMED.exec(rest);
      const signal = call || resumed ? null : SIGNAL.exec(rest);
      const exit = call || resumed || signal ? null : EXIT.exec(rest);
      if (!call && !resumed && !signal && !exit) {
        unreadLines++;
        continue;
      }
      lineCount++;
      if (stamp) tick(clock, stamp);
      if (pid !== null && pid > 0) pids.add(pid);

      if (call) {
        const name = call[1] ?? '';
        tally(name).calls++;
        if (rest.includes('<unfinished ...>') || resultOf(rest) === null) {
          pending.set(key, name);
          heads.set(
            key,
            rest
              .slice(call[0].length)
              .replace(/<unfinished \.\.\.>\s*$/, '')
              .trim(),
          );
        } else {
          const args = argumentsOf(rest.slice(call[0].length));
          countResult(name, rest);
          countTimeout(name, args);
          if (args !== null) keep(pid, name, args, rest);
        }
      } else if (resumed) {
        const name = resumed[1] ?? '';
        // `vfork(` before a child appeared has no prefix; its resumption then has one.
        const openKey = pending.get(key) === name ? key : pending.get('') === name ? '' : null;
        const head = openKey === null ? '' : (heads.get(openKey) ?? '');
        if (openKey === null) tally(name).calls++;
        else {
          pending.delete(openKey);
          heads.delete(openKey);
        }
        countResult(name, rest);
        const tail = argumentsOf(rest.slice(resumed[0].length));
        countTimeout(name, tail);
        // A resumption whose start was not pasted has only the tail: not a whole call.
        if (tail !== null && openKey !== null) keep(pid, name, `${head} ${tail}`.trim(), rest);
      } else if (signal) {
        const name = signal[1] ?? '';
        signals.set(name, (signals.get(name) ?? 0) + 1);
      } else if (exit) {
        exits.push(
          exit[1] !== undefined ? { pid, code: Number(exit[1]) } : { pid, signal: exit[2] ?? '' },
        );
      }
    }

    if (lineCount === 0)
      return fail('no strace lines (`name(args) = result`, `--- SIG… ---`) found');
    const sorted = [...syscalls].sort((a, b) => b[1].calls - a[1].calls);
    const span =
      clock.first !== null && clock.last !== null ? Math.max(0, clock.last - clock.first) : null;
    return ok({
      syscalls: Object.fromEntries(sorted),
      signals: Object.fromEntries([...signals].sort((a, b) => b[1] - a[1])),
      lineCount,
      unreadLines,
      timeSpanSeconds: span === null ? null : Math.round(span * 1e6) / 1e6,
      timestamps: clock.kind,
      pids: [...pids].sort((a, b) => a - b),
      tracedPids:
        command !== null
          ? (straceOptions(command)?.pids ?? [])
          : attached !== null
            ? [attached]
            : [],
      exits,
      calls,
    });
  },
  summarize(d) {
    const calls = Object.values(d.syscalls).reduce((s, t) => s + t.calls, 0);
    const sigs = Object.entries(d.signals)
      .slice(0, 2)
      .map(([name, n]) => `${name} ×${n}`)
      .join(', ');
    const span = d.timeSpanSeconds === null ? '' : ` over ${d.timeSpanSeconds}s`;
    // What makes a loop a spin: calls that returned at once with nothing done.
    const tallies = Object.values(d.syscalls);
    const again = tallies.reduce(
      (a, t) => a + (t.errnos.EAGAIN ?? 0) + (t.errnos.EWOULDBLOCK ?? 0),
      0,
    );
    const zero = tallies.reduce((a, t) => a + (t.zeroTimeout ?? 0), 0);
    const idle = [again && `${again} EAGAIN`, zero && `${zero} zero-timeout waits`].filter(Boolean);
    return `${d.lineCount} lines: ${calls} calls of ${Object.keys(d.syscalls).length} syscalls${
      idle.length > 0 ? ` (${idle.join(', ')})` : ''
    }${sigs ? `, signals ${sigs}` : ''}${span}`;
  },
};
