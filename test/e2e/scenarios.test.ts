import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type RunningScenario,
  SCENARIO_IDS,
  SCENARIOS,
  type Scenario,
  ScenarioInterruptedError,
  scenarioById,
  withScenario,
} from '../../functions/adapters/local/scenarios/index.js';
import {
  NODE_READY,
  nodeWatchdog,
  SCENARIO_DIR_ENV,
  STOP_GRACE_MS,
  startProgram,
} from '../../functions/adapters/local/scenarios/program.js';
import {
  type CpuSample,
  describeSample,
  isAlive,
  readCaughtSignals,
  readThreadCount,
  sampleCpu,
} from '../helpers/proc.js';

/**
 * Each scenario is a real process on this machine. These tests measure its physical signature
 * straight from /proc, the way the capture will see it, then check nothing is left behind.
 * They assert shares and runnable time rather than raw CPU, which another busy process on the
 * same 2 cores would take away.
 */

const SIGPROF = 27;
const WINDOW_MS = 2_000;
const root = fileURLToPath(new URL('../../', import.meta.url));

/** Everything a test started, ended by PID in afterEach if the test itself could not. */
const started: Pick<RunningScenario, 'pids' | 'stop'>[] = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  for (const running of started.splice(0)) {
    for (const pid of running.pids) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    await running.stop().catch(() => {});
  }
});

/** Alive and not a zombie (an orphan's zombie waits for init to reap it). */
const isRunning = (pid: number): boolean => {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

const scenario = (id: string): Scenario => {
  const found = scenarioById(id);
  if (!found) throw new Error(`no scenario ${id}`);
  return found;
};

/** The errno `process.kill(pid, 0)` fails with, or `null` when the process is still there. */
const probe = (pid: number): string | null => {
  try {
    process.kill(pid, 0);
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'unknown';
  }
};

/** The temp dir a scenario process was given, from its environment. */
const tempDirOf = (pid: number): string | undefined =>
  readFileSync(`/proc/${pid}/environ`, 'utf8')
    .split('\0')
    .find((v) => v.startsWith(`${SCENARIO_DIR_ENV}=`))
    ?.slice(SCENARIO_DIR_ENV.length + 1);

interface Measured {
  sample: CpuSample;
  threads: number;
  caughtSignals: number[];
}

/**
 * Starts the scenario, lets it settle, samples it over WINDOW_MS, stops it, and checks that its
 * processes and temp dir are gone. Returns what was read while it ran, for the assertions.
 */
const measure = async (id: string): Promise<Measured> => {
  const s = scenario(id);
  const running = await s.start();
  started.push(running);
  const dir = tempDirOf(running.targetPid);
  await sleep(s.settleMs);
  const threads = readThreadCount(running.targetPid);
  const caughtSignals = readCaughtSignals(running.targetPid);
  const sample = await sampleCpu(running.targetPid, WINDOW_MS);

  await running.stop();

  expect(running.pids).toContain(running.targetPid);
  expect(running.pids.map(probe)).toEqual(running.pids.map(() => 'ESRCH'));
  expect(dir && existsSync(dir)).toBe(false);
  return { sample, threads, caughtSignals };
};

describe('demo scenarios', () => {
  it('lists every scenario once, in a fixed order, each findable by id', () => {
    // Act
    const ids = SCENARIOS.map((s) => s.id);

    // Assess
    expect(ids).toEqual([...SCENARIO_IDS]);
    for (const id of ids) expect(scenarioById(id)?.id).toBe(id);
    expect(scenarioById('no-such-scenario')).toBeUndefined();
  });

  it('signal-storm floods the process with SIGPROF: a large kernel share (seed 000)', async () => {
    // Act
    const { sample, caughtSignals } = await measure('signal-storm');

    // Assess
    const detail = describeSample(sample);
    expect(caughtSignals).toContain(SIGPROF);
    expect(sample.kernelShare, detail).toBeGreaterThanOrEqual(0.3);
    const sampler = sample.threads.find((t) => t.comm === 'v8:ProfEvntProc');
    expect(sampler?.ticks, detail).toBeGreaterThan(0);
  });

  it('eagain-loop spins on failing reads: hundreds of thousands a second, a large kernel share', async () => {
    // Act
    const { sample } = await measure('eagain-loop');

    // Assess
    const detail = describeSample(sample);
    expect(sample.kernelShare, detail).toBeGreaterThanOrEqual(0.3);
    expect(sample.readsPerSecond, detail).toBeGreaterThan(50_000);
    expect(sample.threads[0]?.runnable, detail).toBeGreaterThan(0.8);
  });

  it('busy-loop spins in user space: one thread always runnable, almost no kernel time (seed 001)', async () => {
    // Act
    const { sample } = await measure('busy-loop');

    // Assess
    const detail = describeSample(sample);
    expect(sample.threads[0]?.runnable, detail).toBeGreaterThan(0.8);
    expect(sample.kernelShare, detail).toBeLessThanOrEqual(0.1);
    expect(sample.readsPerSecond, detail).toBeLessThan(100);
  });

  it('thread-explosion keeps 64 threads busy in user space, none of them a JIT compiler', async () => {
    // Act
    const { sample, threads } = await measure('thread-explosion');

    // Assess
    const detail = describeSample(sample);
    const busy = sample.threads.filter((t) => t.ticks > 0);
    expect(threads).toBeGreaterThanOrEqual(64);
    expect(busy.length, detail).toBeGreaterThanOrEqual(16);
    expect(sample.runnableCores, detail).toBeGreaterThan(0.5);
    expect(sample.kernelShare, detail).toBeLessThanOrEqual(0.15);
    expect(sample.threads.filter((t) => /Compiler/.test(t.comm))).toEqual([]);
  });

  it('memory-creep grows its RSS through the window at little CPU (seeds 002, 003)', async () => {
    // Act
    const { sample } = await measure('memory-creep');

    // Assess
    const detail = describeSample(sample);
    expect(sample.rssKbAfter - sample.rssKbBefore, detail).toBeGreaterThan(30 * 1024);
    expect(sample.cores, detail).toBeLessThan(0.3);
  });

  it('jit-warmup has a C2/C1 compiler thread as its hottest thread (seed 004)', {
    timeout: 60_000,
  }, async () => {
    // Act
    const { sample } = await measure('jit-warmup');

    // Assess
    const detail = describeSample(sample);
    const [hottest] = sample.threads;
    expect(hottest?.comm, detail).toMatch(/^C[12] CompilerThre/);
    expect(hottest?.ticks ?? 0, detail).toBeGreaterThan(
      (sample.userTicks + sample.systemTicks) / 2,
    );
  });

  it('healthy idles: no CPU to speak of and a flat RSS', async () => {
    // Act
    const { sample } = await measure('healthy');

    // Assess
    const detail = describeSample(sample);
    expect(sample.runnableCores, detail).toBeLessThan(0.1);
    expect(Math.abs(sample.rssKbAfter - sample.rssKbBefore), detail).toBeLessThan(5 * 1024);
  });

  it('names the missing command and how to install it when a scenario cannot run', async () => {
    // Prepare
    vi.stubEnv('PATH', '/nonexistent'); // undone in afterEach

    // Act
    const start = scenario('jit-warmup').start();

    // Assess
    await expect(start).rejects.toMatchObject({
      name: 'ScenarioUnavailableError',
      code: 'scenario_unavailable',
      missing: ['java', 'javac'],
      message: expect.stringContaining(
        'java and javac are not installed: apt-get install openjdk-17-jdk-headless',
      ),
    });
  });
});

describe('withScenario', () => {
  const quick = (id: string): Scenario => ({ ...scenario(id), settleMs: 100 });

  /** A program that ignores SIGTERM, so only SIGKILL ends it. */
  const stubborn: Scenario = {
    ...scenario('healthy'),
    settleMs: 100,
    start: (options) =>
      startProgram(
        {
          scenarioId: 'healthy',
          files: {
            'stubborn.cjs': `${nodeWatchdog('event-loop')}
process.on('SIGTERM', () => {});
setInterval(() => {}, 1000);
${NODE_READY}`,
          },
          command: process.execPath,
          args: (dir) => [`${dir}/stubborn.cjs`],
        },
        options,
      ),
  };

  it('returns what fn returns and stops the scenario', async () => {
    // Prepare
    let pids: number[] = [];

    // Act
    const result = await withScenario(quick('healthy'), async (running) => {
      pids = running.pids;
      return isAlive(running.targetPid);
    });

    // Assess
    expect(result).toBe(true);
    expect(pids.map(probe)).toEqual(['ESRCH']);
  });

  it('kills the scenario when fn throws, and passes the error on', async () => {
    // Prepare
    let pids: number[] = [];
    const failure = new Error('capture failed');

    // Act
    const run = withScenario(quick('busy-loop'), async (running) => {
      pids = running.pids;
      throw failure;
    });

    // Assess
    await expect(run).rejects.toBe(failure);
    expect(pids.length).toBe(1);
    expect(pids.map(probe)).toEqual(['ESRCH']);
  });

  it('stops the scenario on SIGINT without waiting for fn, then restores the handlers', async () => {
    // Prepare
    const listenersBefore = process.listenerCount('SIGINT');
    let pids: number[] = [];
    let fnSignal: AbortSignal | undefined;

    // Act
    const run = withScenario(quick('busy-loop'), async (running, { signal }) => {
      pids = running.pids;
      fnSignal = signal;
      process.emit('SIGINT', 'SIGINT');
      return new Promise<never>(() => {}); // a capture that never ends
    });

    // Assess
    await expect(run).rejects.toBeInstanceOf(ScenarioInterruptedError);
    await expect(run).rejects.toMatchObject({ code: 'scenario_interrupted', signal: 'SIGINT' });
    expect(fnSignal?.aborted).toBe(true);
    expect(pids.map(probe)).toEqual(['ESRCH']);
    expect(process.listenerCount('SIGINT')).toBe(listenersBefore);
  });

  it('escalates to SIGKILL when the program ignores SIGTERM', async () => {
    // Prepare
    const running = await stubborn.start();
    started.push(running);
    const startedAt = performance.now();

    // Act
    await running.stop();

    // Assess
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(STOP_GRACE_MS - 50);
    expect(running.pids.map(probe)).toEqual(['ESRCH']);
  });

  it('SIGKILLs at once on a second SIGINT, without waiting out the grace period', async () => {
    // Prepare
    let pids: number[] = [];
    let firstSignalAt = 0;

    // Act
    const run = withScenario(stubborn, async (running) => {
      pids = running.pids;
      firstSignalAt = performance.now();
      process.emit('SIGINT', 'SIGINT');
      setTimeout(() => process.emit('SIGINT', 'SIGINT'), 100);
      return new Promise<never>(() => {});
    });

    // Assess
    await expect(run).rejects.toMatchObject({ code: 'scenario_interrupted', signal: 'SIGINT' });
    expect(performance.now() - firstSignalAt).toBeLessThan(STOP_GRACE_MS - 500);
    expect(pids.map(probe)).toEqual(['ESRCH']);
  });

  it('stops the scenario when the caller aborts', async () => {
    // Prepare
    const controller = new AbortController();
    let pids: number[] = [];

    // Act
    const run = withScenario(
      quick('healthy'),
      async (running) => {
        pids = running.pids;
        controller.abort();
        return sleep(10_000);
      },
      { signal: controller.signal },
    );

    // Assess
    await expect(run).rejects.toMatchObject({ code: 'scenario_interrupted', signal: null });
    expect(pids.map(probe)).toEqual(['ESRCH']);
  });
});

describe('a scenario whose parent dies', () => {
  // One per watchdog: a worker thread (busy-loop), the event loop (healthy), EOF on stdin (Perl).
  it.each(['busy-loop', 'healthy', 'eagain-loop'])('%s ends itself within seconds', async (id) => {
    // Prepare: a parent that starts the scenario, prints its PID, then is SIGKILLed.
    const parent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { scenarioById } = await import('./functions/adapters/local/scenarios/index.ts');
         const running = await scenarioById(${JSON.stringify(id)}).start();
         console.log(running.targetPid);
         setInterval(() => {}, 1000);`,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const parentEntry = {
      pids: parent.pid === undefined ? [] : [parent.pid],
      stop: async () => {},
    };
    started.push(parentEntry);
    const parentExit = new Promise((resolve) => parent.once('exit', resolve));
    const pid = await new Promise<number>((resolve, reject) => {
      parent.stdout.setEncoding('utf8');
      parent.stdout.once('data', (line: string) => resolve(Number.parseInt(line, 10)));
      parent.once('exit', () => reject(new Error('the parent exited before printing a PID')));
    });
    const orphan = { pids: [pid], stop: async () => {} };
    started.push(orphan);
    expect(isRunning(pid)).toBe(true);
    const dir = tempDirOf(pid);

    // Act
    if (parent.pid !== undefined) process.kill(parent.pid, 'SIGKILL');
    await parentExit;
    parentEntry.pids = []; // reaped: its PID is no longer ours to signal

    // Assess
    let running = true;
    for (let waited = 0; running && waited < 5_000; waited += 100) {
      await sleep(100);
      running = isRunning(pid);
    }
    expect(running).toBe(false);
    orphan.pids = []; // gone: its PID is no longer ours to signal
    expect(dir && existsSync(dir)).toBe(false);
  });
});
