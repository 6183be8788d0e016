/** Every cause's rule. The order is the order of the ruled-out list on a card. */

import { cpuSteal } from './cpu-steal.js';
import { creditExhaustion } from './credit-exhaustion.js';
import { ioWait } from './io-wait.js';
import { jitWarmup } from './jit-warmup.js';
import { memoryCreep } from './memory-creep.js';
import type { Rule } from './rule.js';
import { runawayProcess } from './runaway-process.js';
import { syscallStorm } from './syscall-storm.js';

export const RULES: readonly Rule[] = [
  creditExhaustion,
  syscallStorm,
  memoryCreep,
  runawayProcess,
  jitWarmup,
  ioWait,
  cpuSteal,
];
