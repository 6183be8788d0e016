/**
 * Demo scenarios: real misbehaving processes started on this machine, so `alert-triage demo`
 * can capture and classify a pathology the bot must recognise, not a recording of one.
 */

export const SCENARIO_IDS = [
  'signal-storm',
  'eagain-loop',
  'busy-loop',
  'thread-explosion',
  'memory-creep',
  'jit-warmup',
  'healthy',
] as const;

export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** The cause ids (of `docs/causes.md`) a scenario is built to show. */
export type ScenarioCause =
  | 'syscall-storm'
  | 'runaway-process'
  | 'memory-creep'
  | 'jit-warmup'
  | 'healthy';

export interface StartOptions {
  /** Aborting it stops a start in progress (a compile, the wait for the program to be ready). */
  signal?: AbortSignal;
}

export interface Scenario {
  id: ScenarioId;
  title: string;
  expectedCause: ScenarioCause;
  /** One sentence: what it reproduces and which seed. */
  explains: string;
  /** Commands it needs on PATH besides Node, e.g. `['java', 'javac']`. */
  requires?: string[];
  /** How long to let it run before capturing, so the capture sees its steady state. */
  settleMs: number;
  /**
   * Starts the process and resolves once it is running its pathology (it said `ready`).
   * @throws ScenarioUnavailableError when a required command is missing
   * @throws ScenarioStartError when the program fails before it is ready
   */
  start(options?: StartOptions): Promise<RunningScenario>;
}

export interface RunningScenario {
  /** The process to capture. */
  targetPid: number;
  /** Every process the scenario started, `targetPid` included: what `stop` ends. */
  pids: number[];
  /**
   * Ends every process by PID (SIGTERM, then SIGKILL after a short grace), waits until the
   * kernel has reaped them, and removes the scenario's temp dir. Safe to call more than once.
   */
  stop(): Promise<void>;
  /**
   * SIGKILLs every process still running, at once (a second Ctrl-C). Only processes not yet
   * reaped are signalled, so a PID the kernel has already reused is never hit. `stop()` still
   * does the waiting and the cleanup. Without it, callers SIGKILL `pids`.
   */
  kill?(): void;
}

/** A command the scenario needs is not installed. Expected on many machines: say how to fix it. */
export class ScenarioUnavailableError extends Error {
  override readonly name = 'ScenarioUnavailableError';
  readonly code = 'scenario_unavailable';
  readonly scenarioId: ScenarioId;
  /** The commands not found on PATH. */
  readonly missing: string[];
  constructor(scenarioId: ScenarioId, missing: string[], message: string) {
    super(message);
    this.scenarioId = scenarioId;
    this.missing = missing;
  }
}

/** The scenario's program failed (exited, or never said `ready`) before it was running. */
export class ScenarioStartError extends Error {
  override readonly name = 'ScenarioStartError';
  readonly code = 'scenario_start_failed';
}

/** The CLI received SIGINT or SIGTERM (or the caller aborted) while a scenario was running. */
export class ScenarioInterruptedError extends Error {
  override readonly name = 'ScenarioInterruptedError';
  readonly code = 'scenario_interrupted';
  /** `'SIGINT'`/`'SIGTERM'`, or `null` when the caller's AbortSignal fired. */
  readonly signal: NodeJS.Signals | null;
  constructor(signal: NodeJS.Signals | null, options?: ErrorOptions) {
    super(
      signal === null
        ? 'the demo was aborted; its processes were stopped'
        : `the demo was interrupted by ${signal}; its processes were stopped`,
      options,
    );
    this.signal = signal;
  }
}
