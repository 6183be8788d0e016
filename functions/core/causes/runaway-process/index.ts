/** runaway-process: a process burns CPU in user space (a loop, a spinning worker, a thread explosion). */
import type { CauseDefinition } from '../shared/definition.js';
import { runawayProcessRule } from './judge.js';
import { runawaySigns } from './signs.js';

export const runawayProcess: CauseDefinition<'runaway-process'> = {
  ...runawayProcessRule,
  signs: runawaySigns,
  // The busiest process's CPU, which every comparison shows, is this cause's measure.
  compare: () => [],
  explains: [],
};
