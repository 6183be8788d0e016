/** syscall-storm: a process spends its CPU in the kernel on syscalls or signals. */
import type { CauseDefinition } from '../shared/definition.js';
import { compareSyscallRates } from './compare.js';
import { syscallStormRule } from './judge.js';

export const syscallStorm: CauseDefinition<'syscall-storm'> = {
  ...syscallStormRule,
  // Kernel time alone does not make a capture unhealthy; when it keeps the CPUs busy,
  // runaway-process's busy-CPU sign says so.
  signs: () => [],
  compare: compareSyscallRates,
  // A signal storm keeps the CPUs wanting to run, and steal shows only then (judge.ts).
  explains: ['cpu-steal'],
};
