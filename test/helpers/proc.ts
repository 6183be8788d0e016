import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Reads a process's physical signature straight from /proc, so the e2e tests check what the
 * kernel saw rather than what a parser made of a tool's output.
 */

/** USER_HZ: the unit of utime/stime in /proc/PID/stat. 100 on every Linux the CLI targets. */
export const CLOCK_TICKS_PER_SECOND = 100;

export interface CpuTicks {
  utime: number;
  stime: number;
}

export interface ThreadCpu {
  tid: number;
  /** The thread's name as `top -H` shows it (15 characters at most). */
  comm: string;
  /** CPU used over the window, in clock ticks (utime + stime). */
  ticks: number;
  /**
   * Share of the window the thread wanted a CPU: on one, or waiting in the run queue
   * (/proc/PID/task/TID/schedstat). A spinning thread scores ~1 however loaded the machine is,
   * where its CPU share would drop with every other busy process.
   */
  runnable: number;
}

export interface CpuSample {
  seconds: number;
  /** CPU used per second of wall time, in cores (1 = one core busy all the time). */
  cores: number;
  /** Threads wanting a CPU on average over the window, in cores: the load it puts on the box. */
  runnableCores: number;
  /** The part of that CPU spent in the kernel: stime / (utime + stime), 0 when idle. */
  kernelShare: number;
  userTicks: number;
  systemTicks: number;
  /** `read`-family syscalls per second, from /proc/PID/io (`syscr`). */
  readsPerSecond: number;
  /** Threads over the window, hottest first, with the ticks each used. */
  threads: ThreadCpu[];
  rssKbBefore: number;
  rssKbAfter: number;
}

/** `true` while `pid` exists (a zombie still counts: it has not been reaped). */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
};

/** The fields after `comm`: `comm` may hold spaces and parentheses, so split after the last `)`. */
const statFields = (text: string): { comm: string; rest: string[] } => {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  return {
    comm: text.slice(open + 1, close),
    rest: text
      .slice(close + 2)
      .trim()
      .split(/\s+/),
  };
};

const ticksOf = (rest: string[]): CpuTicks => ({
  // Fields 14 and 15 of proc(5), i.e. the 12th and 13th after `comm`.
  utime: Number(rest[11]),
  stime: Number(rest[12]),
});

export const readCpuTicks = (pid: number): CpuTicks =>
  ticksOf(statFields(readFileSync(`/proc/${pid}/stat`, 'utf8')).rest);

/** One `Key:\tvalue` line of /proc/PID/status. */
const statusField = (pid: number, key: string): string => {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const line = text.split('\n').find((l) => l.startsWith(`${key}:`));
  if (line === undefined) throw new Error(`/proc/${pid}/status has no ${key}`);
  return line.slice(key.length + 1).trim();
};

export const readThreadCount = (pid: number): number => Number(statusField(pid, 'Threads'));

export const readRssKb = (pid: number): number =>
  Number.parseInt(statusField(pid, 'VmRSS').replace(/\s*kB$/, ''), 10);

/** The signals the process catches with a handler (`SigCgt`), as numbers (SIGPROF is 27). */
export const readCaughtSignals = (pid: number): number[] => {
  const mask = BigInt(`0x${statusField(pid, 'SigCgt')}`);
  const caught: number[] = [];
  for (let signal = 1; signal <= 64; signal++) {
    if ((mask >> BigInt(signal - 1)) & 1n) caught.push(signal);
  }
  return caught;
};

export const readSyscr = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/io`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('syscr:'));
  return Number(line?.slice('syscr:'.length).trim() ?? Number.NaN);
};

interface ThreadReading {
  comm: string;
  ticks: number;
  /** Nanoseconds on a CPU plus nanoseconds waiting for one, since the thread began. */
  runnableNs: number;
}

const readThreads = (pid: number): Map<number, ThreadReading> => {
  const threads = new Map<number, ThreadReading>();
  for (const name of readdirSync(`/proc/${pid}/task`)) {
    try {
      const { comm, rest } = statFields(readFileSync(`/proc/${pid}/task/${name}/stat`, 'utf8'));
      const { utime, stime } = ticksOf(rest);
      const [onCpu, waiting] = readFileSync(`/proc/${pid}/task/${name}/schedstat`, 'utf8')
        .trim()
        .split(/\s+/)
        .map(Number);
      threads.set(Number(name), {
        comm,
        ticks: utime + stime,
        runnableNs: (onCpu ?? 0) + (waiting ?? 0),
      });
    } catch {
      // The thread ended between readdir and read.
    }
  }
  return threads;
};

/** Measures `pid` over `ms` of wall time: CPU split, per-thread CPU, reads and RSS. */
export const sampleCpu = async (pid: number, ms: number): Promise<CpuSample> => {
  const threadsBefore = readThreads(pid);
  const before = readCpuTicks(pid);
  const readsBefore = readSyscr(pid);
  const rssKbBefore = readRssKb(pid);
  const startedAt = performance.now();
  await sleep(ms);
  const after = readCpuTicks(pid);
  const readsAfter = readSyscr(pid);
  const rssKbAfter = readRssKb(pid);
  const threadsAfter = readThreads(pid);
  const seconds = (performance.now() - startedAt) / 1000;

  const userTicks = after.utime - before.utime;
  const systemTicks = after.stime - before.stime;
  const total = userTicks + systemTicks;
  const threads = [...threadsAfter]
    .map(([tid, { comm, ticks, runnableNs }]) => {
      const before = threadsBefore.get(tid);
      return {
        tid,
        comm,
        ticks: ticks - (before?.ticks ?? 0),
        runnable: (runnableNs - (before?.runnableNs ?? 0)) / 1e9 / seconds,
      };
    })
    .sort((a, b) => b.ticks - a.ticks);
  return {
    seconds,
    cores: total / CLOCK_TICKS_PER_SECOND / seconds,
    runnableCores: threads.reduce((sum, t) => sum + t.runnable, 0),
    kernelShare: total === 0 ? 0 : systemTicks / total,
    userTicks,
    systemTicks,
    readsPerSecond: (readsAfter - readsBefore) / seconds,
    threads,
    rssKbBefore,
    rssKbAfter,
  };
};

/** A one-line summary for test names and failure messages. */
export const describeSample = (s: CpuSample): string =>
  `${s.cores.toFixed(2)} cores (${s.runnableCores.toFixed(2)} runnable), ` +
  `${(s.kernelShare * 100).toFixed(0)}% kernel ` +
  `(u ${s.userTicks} / s ${s.systemTicks} ticks in ${s.seconds.toFixed(1)} s), ` +
  `${Math.round(s.readsPerSecond)} reads/s, RSS ${s.rssKbBefore} → ${s.rssKbAfter} kB, ` +
  `hottest: ${s.threads
    .slice(0, 3)
    .map((t) => `${t.comm}=${t.ticks}`)
    .join(', ')}`;
