/** jit-warmup: a freshly started JVM compiles its hot code and burns CPU doing it, for a while. */
import type { CauseDefinition } from '../shared/definition.js';
import { jitWarmupRule } from './judge.js';
import { jitSigns } from './signs.js';

export const jitWarmup: CauseDefinition<'jit-warmup'> = {
  ...jitWarmupRule,
  signs: jitSigns,
  // The busiest process's CPU, which every comparison shows, says whether it settled.
  compare: () => [],
  explains: [],
};
