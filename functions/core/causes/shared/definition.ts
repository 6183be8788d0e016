import type { Evidence, ProblemCause } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import type { Change } from './change.js';
import type { Rule } from './rule.js';

/**
 * Everything the classifier knows about one cause, kept in the cause's own folder
 * (`causes/<cause>/index.ts`) and listed once in the registry (`causes/index.ts`).
 */
export interface CauseDefinition<C extends ProblemCause = ProblemCause> extends Rule<C> {
  // `judge` (from Rule) names the cause or rules it out; its wording and fixes sit beside it
  // in judge.ts, as data.

  /**
   * Measured signs of this cause that make a capture not healthy even when no rule names a
   * cause: with one of them the verdict is `inconclusive`, never `healthy`. Empty for a cause
   * with no sign of its own.
   */
  signs(facts: Facts): Evidence[];
  /**
   * What a rerun compares for this cause, beside the CPU split and the busiest process that
   * every comparison shows. Measures missing from either capture are left out.
   */
  compare(before: Facts, after: Facts): Change[];
  /**
   * Causes this one can be the root of. A diagnosis names in its own `explains` those its
   * evidence shows it drives; the classifier then puts it before them.
   */
  explains: readonly ProblemCause[];
}
