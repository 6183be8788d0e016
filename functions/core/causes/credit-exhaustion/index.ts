/** credit-exhaustion: a burstable instance has spent its CPU credits and runs throttled. */
import type { CauseDefinition } from '../shared/definition.js';
import { creditExhaustionRule } from './judge.js';
import { creditSigns } from './signs.js';

export const creditExhaustion: CauseDefinition<'credit-exhaustion'> = {
  ...creditExhaustionRule,
  signs: creditSigns,
  // The CPU split every comparison shows says whether the throttling went away.
  compare: () => [],
  explains: [],
};
