/**
 * A loop seen in raw strace lines: the same few calls over and over, each turn returning at
 * once — a read of EOF re-armed by epoll (fluent-bit issue 90, lighttpd PR 114), a poll of a
 * closed fd answering POLLNVAL, a kill refused with EPERM. The counts of a screenful cannot say
 * this; the order and return values of the lines can, and the raw-strace reader works them out.
 *
 * `SyscallLoop` is the input this rule takes: the raw-strace facts' repeated-call loop
 * (facts/syscall-loop.ts).
 */
import type { Evidence } from '../../diagnosis.js';
import type { Facts, SyscallLoopFacts } from '../../facts/types.js';
import { count, perSecond } from '../shared/words.js';
import { SPIN, type TraceStrength } from './trace.js';

/** The raw-strace facts' loop (facts/types.ts SyscallLoopFacts). */
export type SyscallLoop = SyscallLoopFacts;

/**
 * Whole turns from which a repetition is a loop rather than a coincidence of a screenful.
 * Reporters paste three turns of an endless loop and cut it (`...`, `| uniq`: fluent-bit
 * issue 90, LACT issue 831, pbench issue 871); two identical turns can be a program that
 * reads EOF twice. Idle loops repeat too (teleproxy issue 129: 11 turns), so the count never
 * names a loop alone: each turn must return at once, or run at a spin's rate.
 */
export const LOOP_MIN_TURNS = 3;
/** Percent of lines the loop makes up: a screenful of nothing else. */
export const LOOP_SHARE = 80;

export interface LoopStorm {
  strength: TraceStrength;
  calls: string[];
  evidence: Evidence;
}

/**
 * A storm when the same turn fills the screen and either returns at once (its lines say why)
 * or runs at a spin's rate doing nothing; a paced loop (timestamps under the spin rate) is an
 * event loop, and a fast one whose reads bring data each turn is working (a reader draining
 * a full pipe: 16k turns a second, 4096 bytes each).
 */
export const readLoop = (loop: SyscallLoop | undefined): LoopStorm | undefined => {
  if (!loop || loop.turns < LOOP_MIN_TURNS || loop.share < LOOP_SHARE) return undefined;
  const rate = loop.perSecond;
  if (rate !== undefined && rate < SPIN.rate) return undefined;
  if (loop.immediate === undefined && (rate === undefined || loop.readsData)) return undefined;
  const pace = rate !== undefined ? `, ${perSecond(rate)}` : '';
  const why = loop.immediate ? `: ${loop.immediate}` : '';
  return {
    strength: rate !== undefined ? 'rate' : 'pattern',
    calls: loop.calls,
    evidence: {
      source: loop.source,
      text: `${loop.calls.join(' → ')} repeated ${count(loop.turns)} times (${Math.round(loop.share)}% of the lines${pace})${why}`,
    },
  };
};

/** The repeated-call loop the facts show. */
export const syscallLoopOf = (facts: Facts): SyscallLoop | undefined => facts.syscallLoop;
