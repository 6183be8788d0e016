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
import type { Facts } from '../../facts/types.js';
import { count, perSecond } from '../shared/words.js';
import { SPIN, type TraceStrength } from './trace.js';

export interface SyscallLoop {
  /** The raw trace's block. */
  source: string;
  pid?: number;
  /** One turn of the loop, in order: `['read', 'epoll_wait']`. */
  calls: string[];
  /** Turns seen. */
  turns: number;
  /** Percent of the trace's lines the turns make up. */
  share: number;
  /** Turns per second, when the lines had timestamps. */
  perSecond?: number;
  /** What shows each turn returns at once, when the lines show it: `read returns 0 (EOF)`. */
  immediate?: string;
}

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
 * or runs at a spin's rate; a paced loop (timestamps under the spin rate) is an event loop.
 */
export const readLoop = (loop: SyscallLoop | undefined): LoopStorm | undefined => {
  if (!loop || loop.turns < LOOP_MIN_TURNS || loop.share < LOOP_SHARE) return undefined;
  const rate = loop.perSecond;
  if (rate !== undefined && rate < SPIN.rate) return undefined;
  if (rate === undefined && loop.immediate === undefined) return undefined;
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
