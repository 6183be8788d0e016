/** io-wait: the CPUs wait on disk. */
import type { CauseDefinition } from '../shared/definition.js';
import { ioWaitRule } from './judge.js';
import { ioWaitSigns } from './signs.js';

export const ioWait: CauseDefinition<'io-wait'> = {
  ...ioWaitRule,
  signs: ioWaitSigns,
  // iowait (wa) is part of the CPU split every comparison shows.
  compare: () => [],
  explains: [],
};
