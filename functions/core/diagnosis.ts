/** What the classifier says about a capture: causes with evidence, fixes and what was ruled out. */

/** The causes a rule can name, as in causes.md. Stable: used in JSON, Slack and metrics. */
export const PROBLEM_CAUSES = [
  'credit-exhaustion',
  'syscall-storm',
  'memory-creep',
  'runaway-process',
  'jit-warmup',
  'io-wait',
  'cpu-steal',
] as const;
export type ProblemCause = (typeof PROBLEM_CAUSES)[number];
export type CauseId = ProblemCause | 'healthy' | 'inconclusive';

/** One measured fact a diagnosis rests on, quoting the block it came from. */
export interface Evidence {
  /** The block's command as the capture shows it, e.g. `strace -c -f -p 2872`. */
  source: string;
  /** The number and what it means: `rt_sigreturn 636,891 calls (29% of syscall time)`. */
  text: string;
}

export interface Fix {
  title: string;
  detail?: string;
  /** A command to run, when there is one. Never run by the bot. */
  command?: string;
  /** `now` relieves the host; `properly` removes the cause. */
  when: 'now' | 'properly';
}

export interface Diagnosis {
  cause: CauseId;
  /** 0..1. Strong, direct evidence ≥ 0.8; suggestive 0.4–0.7. */
  confidence: number;
  /** One sentence a person reads first. */
  summary: string;
  evidence: Evidence[];
  fixes: Fix[];
  /** Causes this one follows from or leads to, when the evidence shows the chain (for people). */
  chain?: string;
  /**
   * Causes diagnosed beside this one that it drives, as the evidence shows (memory pressure →
   * kswapd's system CPU → syscall-storm); the classifier puts this one first. Only causes its
   * definition declares (`CauseDefinition.explains`) count.
   */
  explains?: ProblemCause[];
  /** The process the diagnosis is about, when it is about one. */
  pid?: number;
}

/** A cause that was checked and excluded, with the number that excluded it. */
export interface RuledOut {
  cause: ProblemCause;
  reason: string;
}

/**
 * What one rule concluded: a diagnosis; a ruled-out entry; no data to judge (said on the card
 * as what to capture); or not applicable to this host at all (a JIT rule with no JVM), which
 * stays off the card.
 */
export type RuleOutcome =
  | { kind: 'diagnosis'; diagnosis: Diagnosis }
  | { kind: 'ruled-out'; ruledOut: RuledOut }
  | { kind: 'no-data'; missing: string }
  | { kind: 'not-applicable'; reason: string };
