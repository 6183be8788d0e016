import type { Evidence } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import { assessCredits, credits } from './judge.js';

/**
 * A burstable instance whose credits are spent (not merely new: T3/T3a/T4g start at 0), or
 * one being charged for surplus credits: either way the next burst is throttled or billed.
 */
export const creditSigns = (facts: Facts): Evidence[] => {
  const assessment = assessCredits(facts);
  if (assessment.kind !== 'burstable') return [];
  const r = assessment.reading;
  const found: Evidence[] = [];
  if (r.balance && r.balance.value < r.nearZero && r.effect !== 'young')
    found.push({
      source: r.balance.source,
      text: `CPUCreditBalance ${credits(r.balance.value)} of ${credits(r.spec.maxCredits)} on a ${r.type}`,
    });
  if (r.surplus && r.surplus.charged > 0)
    found.push({
      source: r.surplus.source,
      text: `CPUSurplusCreditsCharged ${credits(r.surplus.charged)} on a ${r.type}`,
    });
  return found;
};
