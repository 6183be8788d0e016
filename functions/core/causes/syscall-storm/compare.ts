import type { Facts } from '../../facts/types.js';
import { type Change, change, present } from '../shared/change.js';
import { perSecond } from '../shared/words.js';

/**
 * Calls per second: strace's table when there is one (and, for one call, only then); else the
 * rate counted without tracing (perf stat or /proc/PID/io) of the busiest process that has one.
 */
export const syscallRate = (f: Facts, name?: string) => {
  const s = f.syscalls;
  if (s?.seconds) {
    const calls = name ? (s.syscalls.find((c) => c.name === name)?.calls ?? 0) : s.totalCalls;
    return calls / s.seconds;
  }
  if (name) return undefined;
  const counted = f.processes
    .map((p) => f.syscallRates?.find((r) => r.pid === p.pid)?.syscalls)
    .find((r) => r !== undefined);
  return counted?.perSecond;
};

/** The first capture's busiest syscall and all syscalls, per second: `write 253k/s → 615/s`. */
export const compareSyscallRates = (before: Facts, after: Facts): Change[] => {
  const topSyscall = before.syscalls?.syscalls[0]?.name;
  return present([
    topSyscall
      ? change(
          topSyscall,
          syscallRate(before, topSyscall),
          syscallRate(after, topSyscall) ?? 0,
          perSecond,
        )
      : undefined,
    change('syscalls', syscallRate(before), syscallRate(after), perSecond),
  ]);
};
