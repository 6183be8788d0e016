import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  type RunningScenario,
  type ScenarioId,
  ScenarioStartError,
  ScenarioUnavailableError,
  type StartOptions,
} from './types.js';

/**
 * Starting a scenario's program and ending it, by PID. Every program is written into its own
 * temp dir, told who its parent is, and prints `ready` once it is doing what it demonstrates.
 */

/** The environment a program reads to die with its parent and remove its own temp dir. */
export const PARENT_PID_ENV = 'ALERT_TRIAGE_PARENT_PID';
export const SCENARIO_DIR_ENV = 'ALERT_TRIAGE_SCENARIO_DIR';

/** How long a program gets to exit after SIGTERM before it gets SIGKILL. */
export const STOP_GRACE_MS = 1_500;
/** SIGKILL cannot be caught; a process still there after this is stuck in the kernel. */
const KILL_WAIT_MS = 5_000;
const READY_TIMEOUT_MS = 20_000;
const STDERR_TAIL_CHARS = 2_000;

const JDK = 'apt-get install openjdk-17-jdk-headless';
const INSTALL_HINTS: Record<string, string> = {
  java: JDK,
  javac: JDK, // a JRE alone has no javac
  perl: 'apt-get install perl-base',
};

/** The first executable file named `command` in PATH's directories. */
export const findOnPath = (command: string, path = process.env.PATH ?? ''): string | undefined => {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here: try the next directory.
    }
  }
  return undefined;
};

/**
 * @throws ScenarioUnavailableError saying what is missing and how to install it, e.g.
 *   "java and javac are not installed: apt-get install openjdk-17-jdk-headless"
 */
export const assertInstalled = (scenarioId: ScenarioId, commands: readonly string[]): void => {
  const missing = commands.filter((c) => findOnPath(c) === undefined);
  if (missing.length === 0) return;
  const byHint = new Map<string, string[]>();
  for (const c of missing) {
    const hint = INSTALL_HINTS[c] ?? `install ${c}`;
    byHint.set(hint, [...(byHint.get(hint) ?? []), c]);
  }
  const what = [...byHint]
    .map(
      ([hint, cs]) => `${cs.join(' and ')} ${cs.length > 1 ? 'are' : 'is'} not installed: ${hint}`,
    )
    .join('; ');
  throw new ScenarioUnavailableError(
    scenarioId,
    missing,
    `${what} (the ${scenarioId} demo needs it)`,
  );
};

/**
 * Node source that ends the program when its parent is gone (it was reparented: the CLI died
 * without stopping it): it removes the temp dir, then SIGKILLs itself. Polling `getppid()`
 * four times a second costs nothing and needs no cooperation from the code it guards.
 * `'worker'` runs the check on a worker thread, for programs whose main thread never yields.
 */
export const nodeWatchdog = (where: 'event-loop' | 'worker'): string => {
  const check = `
    const parent = Number(process.env.${PARENT_PID_ENV});
    const dir = process.env.${SCENARIO_DIR_ENV};
    if (Number.isInteger(parent) && parent > 0) {
      setInterval(() => {
        if (process.ppid === parent) return;
        if (dir) require('node:fs').rmSync(dir, { recursive: true, force: true });
        process.kill(process.pid, 'SIGKILL');
      }, 250)${where === 'event-loop' ? '.unref()' : ''};
    }`;
  return where === 'event-loop'
    ? `{${check}\n}\n`
    : `new (require('node:worker_threads').Worker)(${JSON.stringify(check)}, { eval: true }).unref();\n`;
};

/** The line a Node program prints once it is doing what it demonstrates. */
export const NODE_READY = `require('node:fs').writeSync(1, 'ready\\n');`;

export interface ProgramSpec {
  scenarioId: ScenarioId;
  /** Commands needed besides Node; checked before anything is written. */
  requires?: readonly string[];
  /** Files to write into the temp dir: name → content. */
  files: Record<string, string>;
  /** Runs once the files are written, e.g. a compile. */
  prepare?: (dir: string, signal: AbortSignal | undefined) => Promise<void>;
  command: string;
  args: (dir: string) => string[];
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

/**
 * Creates the temp dir, writes the files, prepares, launches the program and waits for its
 * `ready` line. On any failure it leaves no process and no temp dir behind.
 */
export const startProgram = async (
  spec: ProgramSpec,
  options: StartOptions = {},
): Promise<RunningScenario> => {
  assertInstalled(spec.scenarioId, spec.requires ?? []);
  options.signal?.throwIfAborted();
  const dir = await mkdtemp(join(tmpdir(), `alert-triage-${spec.scenarioId}-`));
  try {
    for (const [name, content] of Object.entries(spec.files)) {
      await writeFile(join(dir, name), content);
    }
    options.signal?.throwIfAborted();
    await spec.prepare?.(dir, options.signal);
    options.signal?.throwIfAborted();
  } catch (error) {
    await removeDir(dir);
    throw error;
  }
  const program = new Program(spec, dir);
  await program.ready(spec.readyTimeoutMs ?? READY_TIMEOUT_MS, options.signal);
  return program;
};

/** Runs a helper command (a compiler) to completion in `cwd`. */
export const runToCompletion = (
  scenarioId: ScenarioId,
  command: string,
  args: string[],
  { cwd, signal }: { cwd: string; signal: AbortSignal | undefined },
): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(signal ? { signal } : {}),
      killSignal: 'SIGKILL',
    });
    const stderr = tailCollector(child);
    child.once('error', (error) => reject(signal?.aborted ? signal.reason : error));
    child.once('close', (code, killedBy) => {
      if (signal?.aborted) reject(signal.reason);
      else if (code === 0) resolve();
      else
        reject(
          new ScenarioStartError(
            `${scenarioId}: ${command} failed (${killedBy ?? `exit ${code}`}): ${stderr()}`,
          ),
        );
    });
  });

const removeDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });

/** Sends `signal` to `pid`; a process already gone is not an error. */
export const signalPid = (pid: number, signal: NodeJS.Signals): void => {
  // kill(0) is our process group and kill(-1) every process we may signal: never those.
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
};

/** Keeps the last characters the child wrote to stderr, for error messages. */
const tailCollector = (child: ChildProcess): (() => string) => {
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-STDERR_TAIL_CHARS);
  });
  return () => tail.trim() || '(nothing on stderr)';
};

class Program implements RunningScenario {
  readonly targetPid: number;
  readonly pids: number[];
  readonly #spec: ProgramSpec;
  readonly #dir: string;
  readonly #child: ChildProcess;
  readonly #exit: Promise<void>;
  readonly #stderr: () => string;
  #exited = false;
  #exitDescription = '';
  #stopping: Promise<void> | undefined;

  constructor(spec: ProgramSpec, dir: string) {
    this.#spec = spec;
    this.#dir = dir;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...spec.env,
      [PARENT_PID_ENV]: String(process.pid),
      [SCENARIO_DIR_ENV]: dir,
    };
    // The caller's Node options (a debugger, a loader) are not the scenario's.
    delete env.NODE_OPTIONS;
    // stdin is a pipe we hold open and never write to: it ends when we do.
    this.#child = spawn(spec.command, spec.args(dir), {
      cwd: dir,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.#stderr = tailCollector(this.#child);
    this.#exit = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => {
        this.#exited = true;
        this.#exitDescription = signal ? `killed by ${signal}` : `exit code ${code}`;
        resolve();
      });
      this.#child.once('error', (error) => {
        // Spawning failed: there is no process to wait for.
        if (this.#child.pid === undefined) {
          this.#exited = true;
          this.#exitDescription = error.message;
          resolve();
        }
      });
    });
    this.targetPid = this.#child.pid ?? -1;
    this.pids = this.#child.pid === undefined ? [] : [this.#child.pid];
  }

  /** Resolves on the `ready` line; on exit, timeout or abort, stops everything and rejects. */
  async ready(timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    const stdout = this.#child.stdout;
    let onData: ((chunk: string) => void) | undefined;
    let onAbort: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const id = this.#spec.scenarioId;
    const outcome = new Promise<void>((resolve, reject) => {
      let seen = '';
      onData = (chunk) => {
        seen = (seen + chunk).slice(-STDERR_TAIL_CHARS);
        if (/^ready\b/m.test(seen)) resolve();
      };
      stdout?.setEncoding('utf8');
      stdout?.on('data', onData);
      this.#exit.then(() =>
        reject(
          new ScenarioStartError(
            `${id}: ${this.#spec.command} ended (${this.#exitDescription}) before it was ready: ${this.#stderr()}`,
          ),
        ),
      );
      timer = setTimeout(
        () =>
          reject(
            new ScenarioStartError(
              `${id}: not ready after ${timeoutMs / 1000} s: ${this.#stderr()}`,
            ),
          ),
        timeoutMs,
      );
      onAbort = () => reject(signal?.reason);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await outcome;
      // Keep draining stdout so a chatty program never blocks on a full pipe.
      stdout?.resume();
    } catch (error) {
      // Nothing to preserve in a program that never got going: no grace period.
      this.kill();
      await this.stop();
      throw error;
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      if (onData) stdout?.off('data', onData);
    }
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#terminate();
    return this.#stopping;
  }

  kill(): void {
    // #exited turns true in the same tick as the reap, so the PID is still ours here.
    if (!this.#exited) signalPid(this.targetPid, 'SIGKILL');
  }

  async #terminate(): Promise<void> {
    if (!this.#exited) {
      signalPid(this.targetPid, 'SIGTERM');
      if (!(await this.#waitForExit(STOP_GRACE_MS))) {
        signalPid(this.targetPid, 'SIGKILL');
        if (!(await this.#waitForExit(KILL_WAIT_MS))) {
          throw new Error(
            `pid ${this.targetPid} is still there ${KILL_WAIT_MS / 1000} s after SIGKILL`,
          );
        }
      }
    }
    for (const stream of [this.#child.stdin, this.#child.stdout, this.#child.stderr]) {
      stream?.destroy();
    }
    await removeDir(this.#dir);
  }

  /** `true` once the child has exited and been reaped (its PID is free), `false` on timeout. */
  async #waitForExit(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    try {
      return await Promise.race([this.#exit.then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
