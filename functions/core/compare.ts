import { RULES } from './causes/index.js';
import { busiestBeforeAndAfter, type Change, change, present } from './causes/shared/change.js';
import { percent } from './causes/shared/words.js';
import type { Triage } from './classify.js';
import type { Facts } from './facts/types.js';

export type CompareVerdict = 'resolved' | 'improved' | 'unchanged' | 'worse';

export type { Change } from './causes/shared/change.js';

export interface Comparison {
  verdict: CompareVerdict;
  before: { cause: string; confidence: number };
  after: { cause: string; confidence: number };
  changes: Change[];
  /** One line: `sy 37% → 3%, rt_sigreturn 127k/s → 0.2/s: resolved`. */
  summary: string;
}

const busy = (f: Facts) => (f.cpu ? 100 - f.cpu.split.idle : undefined);

/**
 * The measures worth comparing for what the first capture found: the CPU split and the busiest
 * process, which every capture shows, then what each cause compares for itself in card order
 * (syscall rates for syscall-storm, memory for memory-creep).
 */
const measures = (before: Triage, after: Triage): Change[] => {
  const b = before.facts;
  const a = after.facts;
  const { hottest, same } = busiestBeforeAndAfter(b, a);
  return [
    ...present([
      change('CPU busy', busy(b), busy(a), percent),
      change('sy', b.cpu?.split.system, a.cpu?.split.system, percent),
      change('us', b.cpu?.split.user, a.cpu?.split.user, percent),
      change('wa', b.cpu?.split.iowait, a.cpu?.split.iowait, percent),
      change('st', b.cpu?.split.steal, a.cpu?.split.steal, percent),
      hottest
        ? change(`${hottest.name} CPU`, hottest.cpuPercent, same?.cpuPercent ?? 0, percent)
        : undefined,
    ]),
    ...RULES.flatMap((cause) => cause.compare(b, a)),
  ];
};

const isProblem = (t: Triage) => t.cause !== 'healthy' && t.cause !== 'inconclusive';

const verdictOf = (before: Triage, after: Triage, changes: Change[]): CompareVerdict => {
  const better = changes.filter((c) => c.better === true).length;
  const worse = changes.filter((c) => c.better === false).length;
  if (isProblem(before) && after.cause === 'healthy') return 'resolved';
  if (!isProblem(before) && isProblem(after)) return 'worse';
  if (isProblem(after) && after.cause !== before.cause && worse > 0) return 'worse';
  if (better > worse) return 'improved';
  if (worse > better) return 'worse';
  return 'unchanged';
};

/** Compares two triages of the same host: what changed, and whether the problem went away. */
export const compare = (before: Triage, after: Triage): Comparison => {
  const changes = measures(before, after);
  const verdict = verdictOf(before, after, changes);
  const notable = changes.filter((c) => c.better !== null).slice(0, 3);
  const shown = notable.length > 0 ? notable : changes.slice(0, 2);
  const causes = before.cause === after.cause ? before.cause : `${before.cause} → ${after.cause}`;
  return {
    verdict,
    before: { cause: before.cause, confidence: before.confidence },
    after: { cause: after.cause, confidence: after.confidence },
    changes,
    summary: `${[...shown.map((c) => c.text), causes].join(', ')}: ${verdict}`,
  };
};
