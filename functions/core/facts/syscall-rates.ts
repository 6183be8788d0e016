/**
 * Per-process syscall, signal and context-switch rates from counters that cost the process
 * nothing: two `/proc/PID/io` samples (syscr + syscw: the read and write families, a lower
 * bound of all syscalls), two `/proc/PID/status` samples (context switches), and `perf stat`'s
 * in-kernel counts (`raw_syscalls:sys_enter`: every syscall; `signal:signal_deliver`). Where
 * the threads sat (`/proc/PID/task/*\/syscall`, `wchan`) comes with them. strace's slowed
 * counts live in `syscalls`; these are what the process did at full speed.
 */
import { blocksOf, type Capture, type ParsedBlock } from '../capture/read.js';
import type { KnownTool } from '../parsers/index.js';
import { sourceOf, stampSeconds } from './source.js';
import type { ProcessKernelRates, ThreadState } from './types.js';

/** Syscall numbers worth naming in evidence, by architecture (asm/unistd.h). */
const SYSCALL_NAMES: Record<string, Record<number, string>> = {
  x86_64: {
    0: 'read',
    1: 'write',
    7: 'poll',
    23: 'select',
    35: 'nanosleep',
    43: 'accept',
    45: 'recvfrom',
    61: 'wait4',
    202: 'futex',
    228: 'clock_gettime',
    230: 'clock_nanosleep',
    232: 'epoll_wait',
    270: 'pselect6',
    271: 'ppoll',
    281: 'epoll_pwait',
    288: 'accept4',
    441: 'epoll_pwait2',
  },
  aarch64: {
    22: 'epoll_pwait',
    63: 'read',
    64: 'write',
    72: 'pselect6',
    73: 'ppoll',
    98: 'futex',
    101: 'nanosleep',
    115: 'clock_nanosleep',
    202: 'accept',
    207: 'recvfrom',
    242: 'accept4',
    260: 'wait4',
    441: 'epoll_pwait2',
  },
};

interface Timed<T> {
  t: number;
  value: T;
  source: string;
}

/** The first and last timed sample of each pid, from blocks whose data names the pid. */
const spans = <K extends KnownTool, T>(
  capture: Capture,
  tool: K,
  read: (b: ParsedBlock<K>) => { pid: number | null; value: T } | undefined,
): Map<number, { first: Timed<T>; last: Timed<T> }> => {
  const out = new Map<number, { first: Timed<T>; last: Timed<T> }>();
  for (const block of blocksOf(capture, tool)) {
    const t = stampSeconds(block.at);
    const r = read(block);
    if (t === undefined || !r || r.pid === null) continue;
    const sample = { t, value: r.value, source: sourceOf(block) };
    const seen = out.get(r.pid);
    out.set(r.pid, seen ? { first: seen.first, last: sample } : { first: sample, last: sample });
  }
  return out;
};

/** Per second between two samples, or undefined when they are not apart in time. */
const rate = (a: number, b: number, t0: number, t1: number) =>
  t1 > t0 && b >= a ? (b - a) / (t1 - t0) : undefined;

const threadStates = (capture: Capture, pid: number): ThreadState[] | undefined => {
  const blocks = blocksOf(capture, 'thread-syscalls').filter((b) => b.data.pid === pid);
  if (blocks.length === 0) return undefined;
  const machine = blocksOf(capture, 'uname').at(-1)?.data.machine ?? 'x86_64';
  const names = SYSCALL_NAMES[machine] ?? {};
  const tally = new Map<string, number>();
  let total = 0;
  for (const b of blocks) {
    for (const g of b.data.groups) {
      const call =
        g.syscall === 'running' ? 'running' : (names[g.syscall] ?? `syscall ${g.syscall}`);
      const where = g.wchan && g.wchan !== '0' && g.syscall !== 'running' ? ` (${g.wchan})` : '';
      const key = `${call}${where}`;
      tally.set(key, (tally.get(key) ?? 0) + g.threads);
      total += g.threads;
    }
  }
  return [...tally]
    .sort((a, b) => b[1] - a[1])
    .map(([state, n]) => ({ state, share: total > 0 ? n / total : 0, samples: blocks.length }));
};

/** Rates per process that showed any of the counters, in the order their pids first appear. */
export const deriveSyscallRates = (capture: Capture): ProcessKernelRates[] | undefined => {
  const io = spans(capture, 'proc-io', (b) => ({
    pid: b.data.pid,
    value: { r: b.data.syscr, w: b.data.syscw },
  }));
  const status = spans(capture, 'proc-status', (b) =>
    b.data.voluntaryCtxtSwitches !== undefined && b.data.nonvoluntaryCtxtSwitches !== undefined
      ? {
          pid: b.data.pid,
          value: { v: b.data.voluntaryCtxtSwitches, n: b.data.nonvoluntaryCtxtSwitches },
        }
      : undefined,
  );
  const byPid = new Map<number, ProcessKernelRates>();
  const entry = (pid: number) => {
    const found = byPid.get(pid) ?? { pid };
    byPid.set(pid, found);
    return found;
  };
  for (const [pid, { first, last }] of io) {
    const reads = rate(first.value.r, last.value.r, first.t, last.t);
    const writes = rate(first.value.w, last.value.w, first.t, last.t);
    if (reads === undefined || writes === undefined) continue;
    Object.assign(entry(pid), {
      readsPerSecond: reads,
      writesPerSecond: writes,
      syscalls: {
        perSecond: reads + writes,
        seconds: last.t - first.t,
        source: last.source,
        method: 'syscr + syscw deltas, read and write calls only',
        lowerBound: true,
      },
    });
  }
  for (const [pid, { first, last }] of status) {
    const v = rate(first.value.v, last.value.v, first.t, last.t);
    const n = rate(first.value.n, last.value.n, first.t, last.t);
    if (v === undefined || n === undefined) continue;
    Object.assign(entry(pid), {
      switches: { voluntaryPerSecond: v, involuntaryPerSecond: n, source: last.source },
    });
  }
  for (const block of blocksOf(capture, 'perf-stat')) {
    const [pid, ...others] = block.data.pids;
    const seconds = block.data.elapsedSeconds;
    if (pid === undefined || others.length > 0 || !seconds) continue;
    const counted = (name: string) =>
      block.data.events.find((e) => e.event === name && e.count !== null)?.count ?? undefined;
    const e = entry(pid);
    const calls = counted('raw_syscalls:sys_enter');
    // perf counts every call, but it slows each one: keep whichever count is higher.
    if (calls !== undefined && calls / seconds > (e.syscalls?.perSecond ?? -1)) {
      e.syscalls = {
        perSecond: calls / seconds,
        seconds,
        source: sourceOf(block),
        method: 'perf stat raw_syscalls:sys_enter, every call counted in the kernel',
        lowerBound: false,
      };
    }
    const signals = counted('signal:signal_deliver');
    if (signals !== undefined) {
      e.signals = {
        perSecond: signals / seconds,
        seconds,
        source: sourceOf(block),
        method: 'perf stat signal:signal_deliver, counted in the kernel',
      };
    }
  }
  for (const [pid, e] of byPid) {
    const states = threadStates(capture, pid);
    if (states) e.threadStates = states;
  }
  return byPid.size > 0 ? [...byPid.values()] : undefined;
};
