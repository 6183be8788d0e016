/** memory-creep: memory runs out or keeps growing, a leak or an undersized host. */
import type { CauseDefinition } from '../shared/definition.js';
import { compareMemory } from './compare.js';
import { memoryCreepRule } from './judge.js';
import { memorySigns } from './signs.js';

export const memoryCreep: CauseDefinition<'memory-creep'> = {
  ...memoryCreepRule,
  signs: memorySigns,
  compare: compareMemory,
  // Reclaim by kswapd burns system CPU, which reads as a syscall storm: memory is the root.
  explains: ['syscall-storm'],
};
