import type { Capture } from './capture/read.js';
import { unreadBlocks } from './capture/unread.js';
import { RULES } from './causes/index.js';
import { judgeQuiet } from './causes/quiet.js';
import type { CauseId, Diagnosis, RuledOut } from './diagnosis.js';
import { deriveFacts, type FactOptions } from './facts/derive.js';
import type { Facts } from './facts/types.js';

/** Below this a rule's diagnosis is a hint, not a finding: it is not reported. */
export const REPORT_THRESHOLD = 0.4;

export interface Triage {
  /** The primary diagnosis's cause, or `healthy` / `inconclusive`. */
  cause: CauseId;
  confidence: number;
  headline: string;
  /** Primary first. */
  diagnoses: Diagnosis[];
  ruledOut: RuledOut[];
  /** Evidence the capture lacked, and what to capture for it. */
  missing: string[];
  facts: Facts;
}

/**
 * Whether `root` drives `effect`: its diagnosis says so (memory pressure drives kswapd's system
 * CPU, so memory-creep explains a syscall-storm) and its cause declares it can.
 */
const explains = (root: Diagnosis, effect: Diagnosis): boolean =>
  (root.explains ?? []).some(
    (cause) =>
      cause === effect.cause &&
      (RULES.find((d) => d.cause === root.cause)?.explains.includes(cause) ?? false),
  );

/**
 * Orders diagnoses: the root of a chain before what it explains, then by confidence. A pairwise
 * comparison cannot say both (with a third diagnosis between root and effect it is not
 * transitive), so this takes, each time, the most confident diagnosis that nothing left
 * explains; in a cycle, the most confident.
 */
export const order = (diagnoses: Diagnosis[]): Diagnosis[] => {
  const left = [...diagnoses].sort((a, b) => b.confidence - a.confidence);
  const ordered: Diagnosis[] = [];
  while (left.length > 0) {
    const free = left.findIndex((d) => !left.some((root) => explains(root, d)));
    ordered.push(...left.splice(Math.max(0, free), 1));
  }
  return ordered;
};

/** Classifies a capture: a pure function of its text (already read) and the stated context. */
export const classify = (capture: Capture, options: FactOptions = {}): Triage => {
  const facts = deriveFacts(capture, options);
  const diagnoses: Diagnosis[] = [];
  const ruledOut: RuledOut[] = [];
  const missing: string[] = [];
  for (const rule of RULES) {
    const outcome = rule.judge(facts);
    if (outcome.kind === 'diagnosis' && outcome.diagnosis.confidence >= REPORT_THRESHOLD) {
      diagnoses.push(outcome.diagnosis);
    } else if (outcome.kind === 'ruled-out') ruledOut.push(outcome.ruledOut);
    else if (outcome.kind === 'no-data') missing.push(outcome.missing);
  }
  missing.push(...unreadBlocks(capture));
  const ordered = order(diagnoses);
  const primary = ordered[0];
  if (primary) {
    return {
      cause: primary.cause,
      confidence: primary.confidence,
      headline: primary.summary,
      diagnoses: ordered,
      ruledOut,
      missing: [...new Set(missing)],
      facts,
    };
  }
  const quiet = judgeQuiet(facts, [...new Set(missing)]);
  return {
    cause: quiet.cause,
    confidence: quiet.confidence,
    headline: quiet.summary,
    diagnoses: [quiet],
    ruledOut,
    missing: [...new Set(missing)],
    facts,
  };
};
