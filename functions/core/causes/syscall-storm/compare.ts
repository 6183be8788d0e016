import type { Facts } from '../../facts/types.js';
import { type Change, change, present } from '../shared/change.js';
import { perSecond } from '../shared/words.js';

/** Calls per second of one syscall, or of all; unknown when the trace's duration is. */
const syscallRate = (f: Facts, name?: string) => {
  const s = f.syscalls;
  if (!s?.seconds) return undefined;
  const calls = name ? (s.syscalls.find((c) => c.name === name)?.calls ?? 0) : s.totalCalls;
  return calls / s.seconds;
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
