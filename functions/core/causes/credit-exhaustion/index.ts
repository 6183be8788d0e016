/** credit-exhaustion: a burstable instance has spent its CPU credits and runs throttled. */
import type { CauseDefinition } from '../shared/definition.js';
import { creditExhaustionRule } from './judge.js';

export const creditExhaustion: CauseDefinition<'credit-exhaustion'> = {
  ...creditExhaustionRule,
  // Throttling shows on the host as steal or busy CPUs: cpu-steal's and runaway-process's signs.
  signs: () => [],
  // The CPU split every comparison shows says whether the throttling went away.
  compare: () => [],
  explains: [],
};
