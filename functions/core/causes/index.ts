/**
 * The registry: every cause the classifier can name, one line each. The type makes a missing,
 * extra or misfiled cause a compile error; adding one is a folder and a line here
 * (docs/adding-a-cause.md).
 */
import { PROBLEM_CAUSES, type ProblemCause } from '../diagnosis.js';
import { cpuSteal } from './cpu-steal/index.js';
import { creditExhaustion } from './credit-exhaustion/index.js';
import { ioWait } from './io-wait/index.js';
import { jitWarmup } from './jit-warmup/index.js';
import { memoryCreep } from './memory-creep/index.js';
import { runawayProcess } from './runaway-process/index.js';
import type { CauseDefinition } from './shared/definition.js';
import { syscallStorm } from './syscall-storm/index.js';

export const CAUSES = {
  'credit-exhaustion': creditExhaustion,
  'syscall-storm': syscallStorm,
  'memory-creep': memoryCreep,
  'runaway-process': runawayProcess,
  'jit-warmup': jitWarmup,
  'io-wait': ioWait,
  'cpu-steal': cpuSteal,
} as const satisfies { [K in ProblemCause]: CauseDefinition<K> };

/** Every cause in card order (PROBLEM_CAUSES): the order of the ruled-out list on a card. */
export const RULES: readonly CauseDefinition[] = PROBLEM_CAUSES.map((cause) => CAUSES[cause]);
