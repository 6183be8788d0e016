/** Every cause's rule. The order is the order of the ruled-out list on a card. */

import { cpuSteal } from './cpu-steal/judge.js';
import { creditExhaustion } from './credit-exhaustion/judge.js';
import { ioWait } from './io-wait/judge.js';
import { jitWarmup } from './jit-warmup/judge.js';
import { memoryCreep } from './memory-creep/judge.js';
import { runawayProcess } from './runaway-process/judge.js';
import type { Rule } from './shared/rule.js';
import { syscallStorm } from './syscall-storm/judge.js';

export const RULES: readonly Rule[] = [
  creditExhaustion,
  syscallStorm,
  memoryCreep,
  runawayProcess,
  jitWarmup,
  ioWait,
  cpuSteal,
];
