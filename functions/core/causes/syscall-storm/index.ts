/** syscall-storm: a process spends its CPU in the kernel on syscalls or signals. */
import type { CauseDefinition } from '../shared/definition.js';
import { compareSyscallRates } from './compare.js';
import { syscallStormRule } from './judge.js';
import { syscallStormSigns } from './signs.js';

export const syscallStorm: CauseDefinition<'syscall-storm'> = {
  ...syscallStormRule,
  signs: syscallStormSigns,
  compare: compareSyscallRates,
  // A signal storm keeps the CPUs wanting to run, and steal shows only then (judge.ts).
  explains: ['cpu-steal'],
};
