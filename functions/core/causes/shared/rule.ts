import type { ProblemCause, RuleOutcome } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';

/** One cause's judgement of the facts. Pure; wording lives beside the rule as data. */
export interface Rule<C extends ProblemCause = ProblemCause> {
  cause: C;
  judge(facts: Facts): RuleOutcome;
}
