/**
 * A process's syscall rate measured from outside without tracing it: the read and write
 * syscalls it has made (`syscr` + `syscw` in /proc/PID/io), sampled once a second. For a
 * `dd bs=1` every syscall is a read or a write, so this is its whole rate.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export const readSyscalls = (pid: number): number => {
  let total = 0;
  for (const line of readFileSync(`/proc/${pid}/io`, 'utf8').split('\n')) {
    const m = /^sysc[rw]:\s+(\d+)$/.exec(line);
    if (m) total += Number(m[1]);
  }
  return total;
};

/** Calls per second over each whole second, for `seconds` seconds. */
export const ratesFor = async (pid: number, seconds: number): Promise<number[]> => {
  const rates: number[] = [];
  let calls = readSyscalls(pid);
  let at = performance.now();
  for (let i = 0; i < seconds; i++) {
    await sleep(1_000);
    const nextCalls = readSyscalls(pid);
    const nextAt = performance.now();
    rates.push(((nextCalls - calls) * 1000) / (nextAt - at));
    calls = nextCalls;
    at = nextAt;
  }
  return rates;
};

/**
 * Calls per second over each second while `work` runs, from its start to its end (a last
 * part-second of at least half a second counts too), and what `work` returned.
 */
export const ratesWhile = async <T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ rates: number[]; result: T }> => {
  const rates: number[] = [];
  let done = false;
  let calls = readSyscalls(pid);
  let at = performance.now();
  const running = work().finally(() => {
    done = true;
  });
  while (!done) {
    await Promise.race([sleep(1_000), running.catch(() => {})]);
    const nextCalls = readSyscalls(pid);
    const nextAt = performance.now();
    if (nextAt - at >= (done ? 500 : 900)) {
      rates.push(((nextCalls - calls) * 1000) / (nextAt - at));
      calls = nextCalls;
      at = nextAt;
    }
  }
  return { rates, result: await running };
};

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
