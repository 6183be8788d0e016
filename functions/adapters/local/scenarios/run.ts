import { signalPid } from './program.js';
import { type RunningScenario, type Scenario, ScenarioInterruptedError } from './types.js';

export interface WithScenarioOptions {
  /** Aborting it stops the scenario and rejects with ScenarioInterruptedError, like Ctrl-C. */
  signal?: AbortSignal;
}

export interface ScenarioContext {
  /** Aborted on the first SIGINT/SIGTERM (or the caller's abort): stop capturing. */
  signal: AbortSignal;
}

const HANDLED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Starts `scenario`, lets it settle for `settleMs`, runs `fn` against it, and always stops it:
 * when `fn` resolves, when it throws, and when this process gets SIGINT or SIGTERM.
 *
 * For its duration it replaces the default SIGINT/SIGTERM handling. The first signal stops the
 * scenario (SIGTERM, then SIGKILL after a short grace) and rejects with
 * ScenarioInterruptedError, without waiting for `fn`; a second signal SIGKILLs at once. The
 * caller decides what to do next (the CLI exits 128 + the signal number). If this process dies
 * outright, each scenario program notices it lost its parent and ends itself.
 *
 * @example
 * const scenario = scenarioById(id);
 * if (!scenario) throw new UsageError(`unknown scenario '${id}'`);
 * const capture = await withScenario(scenario, (running, { signal }) =>
 *   captureProcess(running.targetPid, { signal }),
 * );
 */
export const withScenario = async <T>(
  scenario: Scenario,
  fn: (running: RunningScenario, context: ScenarioContext) => Promise<T>,
  options: WithScenarioOptions = {},
): Promise<T> => {
  options.signal?.throwIfAborted();
  const interrupt = new AbortController();
  let running: RunningScenario | undefined;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals === 1) interrupt.abort(new ScenarioInterruptedError(signal));
    else if (running) killNow(running);
  };
  const onAbort = (): void =>
    interrupt.abort(new ScenarioInterruptedError(null, { cause: options.signal?.reason }));
  for (const s of HANDLED_SIGNALS) process.on(s, onSignal);
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      running = await scenario.start({ signal: interrupt.signal });
      await delay(scenario.settleMs, interrupt.signal);
      const value = await raceAbort(fn(running, { signal: interrupt.signal }), interrupt.signal);
      outcome = { ok: true, value };
    } catch (error) {
      outcome = { ok: false, error };
    }
    if (running) {
      try {
        await running.stop();
      } catch (stopError) {
        // The scenario's own error says more than the failure to clean up after it.
        if (outcome.ok) throw stopError;
      }
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  } finally {
    for (const s of HANDLED_SIGNALS) process.off(s, onSignal);
    options.signal?.removeEventListener('abort', onAbort);
  }
};

const killNow = (running: RunningScenario): void => {
  if (running.kill) running.kill();
  else for (const pid of running.pids) signalPid(pid, 'SIGKILL');
};

/** Waits `ms`, or rejects with the abort reason as soon as `signal` fires. */
const delay = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Settles with `work`, or rejects with the abort reason first; `work` is then left to finish. */
const raceAbort = <T>(work: Promise<T>, signal: AbortSignal): Promise<T> =>
  new Promise((resolve, reject) => {
    const onAbort = (): void => {
      work.catch(() => {}); // It may still reject; nobody is waiting for it any more.
      reject(signal.reason);
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
