import { busyLoop } from './busy-loop.js';
import { eagainLoop } from './eagain-loop.js';
import { healthy } from './healthy.js';
import { jitWarmup } from './jit-warmup.js';
import { memoryCreep } from './memory-creep.js';
import { signalStorm } from './signal-storm.js';
import { threadExplosion } from './thread-explosion.js';
import type { Scenario } from './types.js';

export { withScenario } from './run.js';
export type { RunningScenario, Scenario, ScenarioCause, ScenarioId } from './types.js';
export {
  SCENARIO_IDS,
  ScenarioInterruptedError,
  ScenarioStartError,
  ScenarioUnavailableError,
} from './types.js';

/** Every demo scenario, in the order `alert-triage demo --help` lists them. */
export const SCENARIOS: readonly Scenario[] = [
  signalStorm,
  eagainLoop,
  busyLoop,
  threadExplosion,
  memoryCreep,
  jitWarmup,
  healthy,
];

/** The scenario with this id, or `undefined` (the CLI turns that into a usage error). */
export const scenarioById = (id: string): Scenario | undefined =>
  SCENARIOS.find((s) => s.id === id);
