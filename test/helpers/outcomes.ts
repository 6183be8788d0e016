import type { Diagnosis, RuleOutcome } from '../../functions/core/diagnosis.js';

/** The diagnosis a rule returned; fails the test with what it returned instead. */
export const diagnosisOf = (outcome: RuleOutcome): Diagnosis => {
  if (outcome.kind !== 'diagnosis') throw new Error(`expected a diagnosis, got ${outcome.kind}`);
  return outcome.diagnosis;
};

/** The ruled-out reason a rule returned; fails the test with what it returned instead. */
export const reasonOf = (outcome: RuleOutcome): string => {
  if (outcome.kind !== 'ruled-out') throw new Error(`expected ruled-out, got ${outcome.kind}`);
  return outcome.ruledOut.reason;
};
