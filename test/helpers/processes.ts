/**
 * Real processes for end-to-end tests: start them here, and `killAll()` in `afterEach` or
 * `afterAll` stops every one of them by PID, whether the test passed or failed.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';

export interface StartedProcess {
  readonly pid: number;
  readonly child: ChildProcess;
}

const started = new Map<number, ChildProcess>();

const hasExited = (child: ChildProcess): boolean =>
  child.exitCode !== null || child.signalCode !== null;

/** Starts `command args…` (no shell) and remembers its PID for {@link killAll}. */
export const startProcess = (
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): StartedProcess => {
  const child = spawn(command, args, { stdio: 'ignore', ...options });
  // A failed start surfaces as a missing pid below; keep the 'error' event from crashing vitest.
  child.on('error', () => {});
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  started.set(child.pid, child);
  return { pid: child.pid, child };
};

/**
 * Resolves once the process runs the program it was started for — its name is `comm` and,
 * when given, its command line holds `text` — so that a capture taken next sees that
 * program's arguments and environment, not those of Node or of a wrapper such as `nice`.
 */
export const waitForExec = async (
  pid: number,
  comm: string,
  text = '',
  maxMs = 5_000,
): Promise<void> => {
  const deadline = Date.now() + maxMs;
  for (;;) {
    let name = '';
    let cmdline = '';
    try {
      name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      throw new Error(`process ${pid} is gone`);
    }
    if (name === comm && cmdline.includes(text)) return;
    if (Date.now() > deadline) throw new Error(`process ${pid} never became ${comm}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/**
 * Gives a process (started with `detached: true`, so in a session of its own) a larger share
 * of a busy machine: nice -10, and the same for its session's autogroup, because with
 * autogroups (`kernel.sched_autogroup_enabled`) a process's nice only counts inside its
 * session. Best effort: without the privilege the process keeps its share. Call it after
 * {@link waitForExec}, once the process is surely in its own session.
 */
export const raisePriority = (pid: number): void => {
  try {
    setPriority(pid, -10);
  } catch {
    // not permitted: leave it
  }
  try {
    writeFileSync(`/proc/${pid}/autogroup`, '-10');
  } catch {
    // no autogroups, or not permitted
  }
};

/** Kills every process {@link startProcess} started (SIGKILL, by PID) and waits until each is gone. */
export const killAll = async (): Promise<void> => {
  const waits = [...started].map(
    ([pid, child]) =>
      new Promise<void>((resolve) => {
        if (hasExited(child)) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          resolve(); // already gone
        }
      }),
  );
  started.clear();
  await Promise.all(waits);
};
