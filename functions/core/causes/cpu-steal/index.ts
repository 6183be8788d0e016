/** cpu-steal: the hypervisor gives the instance's CPU to someone else. */
import type { CauseDefinition } from '../shared/definition.js';
import { cpuStealRule } from './judge.js';
import { stealSigns } from './signs.js';

export const cpuSteal: CauseDefinition<'cpu-steal'> = {
  ...cpuStealRule,
  signs: stealSigns,
  // steal (st) is part of the CPU split every comparison shows.
  compare: () => [],
  explains: [],
};
