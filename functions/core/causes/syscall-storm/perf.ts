/**
 * What a `perf top` / `perf report` profile says about kernel time on its own: the syscall
 * entry/exit path leading the profile (a loop of trivial syscalls), or kernel lock spinning
 * (threads fighting over a lock).
 */
import type { Evidence } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import { perfKernelShare, SPIN_LOCK_SYMBOL, SYSCALL_PATH_SYMBOL } from '../shared/cpu-burn.js';
import { percent } from '../shared/words.js';

/**
 * Percent of samples in the syscall entry/exit path from which it leads the profile. Crossing
 * into the kernel costs a few percent of a busy server's samples; on this machine even `dd bs=1`
 * (nothing but one-byte reads and writes) put 8% in `do_syscall_64`; LACT issue 831's pipe-read
 * loop 55% (entry_SYSRETQ_unsafe_stack, entry_SYSCALL_64, syscall_return_via_sysret).
 */
export const SYSCALL_PATH_STORM = 20;
/**
 * Percent of samples in kernel spin locks from which threads fight over a lock in the kernel.
 * A healthy profile shows lock symbols at a few percent (this machine's pipe writer: 5%
 * `_raw_spin_unlock_irqrestore`); StackOverflow 13293452's 700 contending threads 50.73%.
 */
export const SPIN_LOCK_STORM = 25;

export interface PerfStorm {
  kind: 'busy-wait' | 'futex';
  percent: number;
  evidence: Evidence;
}

const quote = (facts: Facts, test: RegExp): string =>
  (facts.perf?.topSymbols ?? [])
    .filter((s) => s.kernel && test.test(s.symbol))
    .slice(0, 3)
    .map((s) => `${s.symbol} ${percent(s.percent)}`)
    .join(', ');

/** The kernel work a profile shows a storm of, if any: the syscall path first, then spin locks. */
export const readPerfStorm = (facts: Facts): PerfStorm | undefined => {
  const perf = facts.perf;
  if (!perf) return undefined;
  const path = perfKernelShare(facts, SYSCALL_PATH_SYMBOL);
  if (path >= SYSCALL_PATH_STORM) {
    return {
      kind: 'busy-wait',
      percent: path,
      evidence: {
        source: perf.source,
        text: `${percent(path)} of samples in syscall entry and exit (${quote(facts, SYSCALL_PATH_SYMBOL)}): syscalls that do almost nothing, over and over`,
      },
    };
  }
  const locks = perfKernelShare(facts, SPIN_LOCK_SYMBOL);
  if (locks >= SPIN_LOCK_STORM) {
    return {
      kind: 'futex',
      percent: locks,
      evidence: {
        source: perf.source,
        text: `${percent(locks)} of samples spinning on kernel locks (${quote(facts, SPIN_LOCK_SYMBOL)})`,
      },
    };
  }
  return undefined;
};
