import type { Evidence } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import { isCompilerThread } from '../shared/cpu-burn.js';
import { percent } from '../shared/words.js';

/**
 * JIT compiler threads' CPU (sum, percent of one core) from which the JIT is at work: idle
 * compiler threads sit at 0–1%, a warm JVM's recompiles in single digits; seed 004's C2 50–90%.
 */
const COMPILER_SIGN = 30;

/** JIT compiler threads busy, whatever the JVM's age. */
export const jitSigns = (facts: Facts): Evidence[] => {
  const compilers = facts.threads.filter(isCompilerThread);
  const total = compilers.reduce((a, t) => a + t.cpuPercent, 0);
  const first = compilers[0];
  return first && total >= COMPILER_SIGN
    ? [{ source: first.source, text: `JIT compiler threads at ${percent(total)} of a core` }]
    : [];
};
