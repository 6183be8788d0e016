/**
 * What the traced process asks of the kernel on each: its syscall rate, its busiest call, how
 * much of its work is returning from signal handlers (`rt_sigreturn`), how much is waiting, and
 * how much fails. A hand-stopped `strace -c` has no length (seed 000's two): its rates are
 * unknown, so the comparison falls back on shares, which do not depend on how long it ran.
 */

import { percent, perSecond } from '../causes/shared/words.js';
import { syscallRate } from '../causes/syscall-storm/compare.js';
import { BLOCKING_CALLS } from '../causes/syscall-storm/trace.js';
import type { Facts, SyscallFacts } from '../facts/types.js';
import { oneSided, type PeerPart, rowsOf } from './part.js';
import { type Measure, numberRow, textRow } from './rows.js';

/** Calls per second under which two syscall rates are the same. */
export const SYSCALL_RATE_FLOOR = 1_000;
/** Signal returns per second, likewise (a profiler's 100 Hz timer is 100/s). */
export const SIGRETURN_RATE_FLOOR = 100;
/** Percentage points of calls (or of traced time) under which two shares are the same. */
export const SHARE_FLOOR = 5;

const SYSCALLS: Measure = {
  area: 'syscalls',
  label: 'syscall rate',
  format: perSecond,
  floor: SYSCALL_RATE_FLOOR,
  differs: 'the sick one lives in the kernel',
  same: 'the syscall rate does not set the sick one apart',
};

const ofCalls = (n: number) => `${percent(n)} of calls`;

const sigreturn = (format: (n: number) => string, floor: number): Measure => ({
  area: 'signals',
  label: 'rt_sigreturn',
  format,
  floor,
  differs: 'each one ends a signal handler, so signals flood the sick one',
  same: 'signal handling costs the peer as much',
});

const WAITS: Measure = {
  area: 'syscalls',
  label: 'blocking waits',
  format: ofCalls,
  floor: SHARE_FLOOR,
  differs: 'a calm process mostly waits (epoll_pwait, futex); a storm returns at once',
  same: 'the process waits as much on both',
};

const ERRORS: Measure = {
  area: 'syscalls',
  label: 'failed calls',
  format: ofCalls,
  floor: SHARE_FLOOR,
  differs: 'calls fail more often on one of them (EAGAIN in a loop, EINTR from signals)',
  same: 'failing calls do not set the sick one apart',
};

const callShare = (t: SyscallFacts, names: (name: string) => boolean) =>
  t.totalCalls > 0
    ? (100 * t.syscalls.filter((c) => names(c.name)).reduce((a, c) => a + c.calls, 0)) /
      t.totalCalls
    : undefined;

const timeShare = (t: SyscallFacts, name: string) =>
  t.syscalls.some((c) => c.percentTime !== undefined)
    ? (t.syscalls.find((c) => c.name === name)?.percentTime ?? 0)
    : undefined;

/** rt_sigreturn per second when both traces were timed, else its share of time, else of calls. */
const sigreturnRow = (s: SyscallFacts, h: SyscallFacts) => {
  const rate = (t: SyscallFacts) =>
    t.seconds
      ? (t.syscalls.find((c) => c.name === 'rt_sigreturn')?.calls ?? 0) / t.seconds
      : undefined;
  const is = (name: string) => name === 'rt_sigreturn';
  const [sRate, hRate] = [rate(s), rate(h)];
  if (sRate !== undefined && hRate !== undefined) {
    return numberRow(sigreturn(perSecond, SIGRETURN_RATE_FLOOR), sRate, hRate);
  }
  const [sTime, hTime] = [timeShare(s, 'rt_sigreturn'), timeShare(h, 'rt_sigreturn')];
  if (sTime !== undefined && hTime !== undefined) {
    return numberRow(
      sigreturn((n) => `${percent(n)} of syscall time`, SHARE_FLOOR),
      sTime,
      hTime,
    );
  }
  return numberRow(sigreturn(ofCalls, SHARE_FLOOR), callShare(s, is), callShare(h, is));
};

export const compareSyscalls = (sick: Facts, healthy: Facts): PeerPart => {
  const s = sick.syscalls;
  const h = healthy.syscalls;
  const sRate = syscallRate(sick);
  const hRate = syscallRate(healthy);
  const traced = s !== undefined && h !== undefined;
  const untimed = traced && (sRate === undefined || hRate === undefined);
  const sigreturns =
    traced && [s, h].some((t) => t.syscalls.some((c) => c.name === 'rt_sigreturn'));
  return {
    rows: rowsOf([
      numberRow(SYSCALLS, sRate, hRate),
      textRow('syscalls', 'busiest syscall', s?.syscalls[0]?.name, h?.syscalls[0]?.name, {
        differs: 'the sick one spends its calls on something else',
        same: 'the same call leads both',
      }),
      sigreturns ? sigreturnRow(s, h) : undefined,
      traced
        ? numberRow(
            WAITS,
            callShare(s, (n) => BLOCKING_CALLS.has(n)),
            callShare(h, (n) => BLOCKING_CALLS.has(n)),
          )
        : undefined,
      numberRow(ERRORS, s?.errorShare, h?.errorShare),
    ]),
    notCompared: [
      ...oneSided('syscall trace', s !== undefined, h !== undefined),
      ...(untimed
        ? [
            'syscall rate: a trace with no length (stopped by hand) has no rate; shares compared instead',
          ]
        : []),
    ],
  };
};
