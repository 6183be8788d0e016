import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { leakingCache } from '../../functions/adapters/local/scenarios/memory-creep.js';
import type { RunningScenario } from '../../functions/adapters/local/scenarios/types.js';
import { cli } from '../helpers/cli.js';

/**
 * A real leak on this machine (24 GiB, ~20 GiB free) found by a default `alert-triage local`:
 * 1 MB/s fills 20 GiB in ~6 h, 50 MB/s in ~7 min. Each leak is a real Node process keeping
 * buffers it never frees; it is ended by PID after the test, also when the test fails.
 */

const started: RunningScenario[] = [];

const alive = (pid: number): boolean => {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

afterEach(async () => {
  for (const running of started.splice(0)) {
    for (const pid of running.pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await running.stop().catch(() => {});
  }
});

describe('a default local capture finds a leak', () => {
  it.each([
    ['1 MB/s', 1e6],
    ['50 MB/s', 50e6],
  ])('names a process leaking %s as memory-creep', async (_rate, bytesPerSecond) => {
    // Prepare
    const scenario = leakingCache(bytesPerSecond);
    const running = await scenario.start();
    started.push(running);
    await sleep(scenario.settleMs);

    // Act
    const result = await cli([
      'local',
      '--seconds',
      '5',
      '--pid',
      String(running.targetPid),
      '--json',
    ]);

    // Assess
    expect(result.code).toBe(0);
    const triage = JSON.parse(result.stdout);
    // Found: on the card, about the leaking process. (This machine is shared: another busy
    // process may come first, so the primary cause is not asserted.)
    const leak = triage.diagnoses.find((d: { cause: string }) => d.cause === 'memory-creep');
    expect(leak?.pid).toBe(running.targetPid);
    expect(leak.confidence).toBeGreaterThanOrEqual(0.4);
    expect(leak.evidence.map((e: { text: string }) => e.text).join('\n')).toMatch(
      new RegExp(`PID ${running.targetPid}\\) RSS .*, growing .*/min during the capture`),
    );
  });
});
