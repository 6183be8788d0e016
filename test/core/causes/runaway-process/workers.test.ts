import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../functions/core/capture/read.js';
import { runawayProcess } from '../../../../functions/core/causes/runaway-process/index.js';
import {
  BUSY_WORKER,
  readPoolBurn,
  SATURATING_POOL,
} from '../../../../functions/core/causes/runaway-process/workers.js';
import { deriveFacts } from '../../../../functions/core/facts/derive.js';
import type { Facts } from '../../../../functions/core/facts/types.js';
import { makeFacts, proc } from '../../../helpers/facts.js';
import { loadFixture } from '../../../helpers/fixtures.js';
import { diagnosisOf, reasonOf } from '../../../helpers/outcomes.js';

const geektime = (): Facts =>
  deriveFacts(
    readCapture(
      loadFixture('captures/corpus/runaway-process/geektime-05-phpfpm-sqrt-loop-top.txt'),
    ),
  );

/** Workers of one pool on a 2-CPU host with no split captured. */
const pool = (cpuPercents: number[]): Facts => {
  const { cpu: _cpu, ...rest } = makeFacts({
    processes: cpuPercents.map((cpuPercent, i) =>
      proc({ pid: 100 + i, name: 'php-fpm', cpuPercent }),
    ),
  });
  return rest;
};

describe('readPoolBurn', () => {
  it('names five php-fpm workers at ~40% each pinning both CPUs in user time (Geektime 05)', () => {
    // Act
    const burn = readPoolBurn(geektime());

    // Assess
    expect(burn?.confidence).toBe(0.7);
    expect(burn?.evidence.map((e) => e.text)).toEqual([
      '5 php-fpm processes at 42%, 40%, 40%, 40%, 36% of a core: 198% together on 2 CPUs',
      'us 99%, sy 1.0%, idle 0%: every CPU busy in user time',
    ]);
  });

  it(`needs the pool at ${SATURATING_POOL}% of all CPUs, not just below`, () => {
    // Act / Assess: 2 CPUs, 160% is 80%
    expect(readPoolBurn(pool([79.9, 80]))).toBe(undefined);
    expect(readPoolBurn(pool([80, 80]))?.confidence).toBe(0.6);
  });

  it(`counts only workers from ${BUSY_WORKER}% of a core`, () => {
    // Act / Assess: 150% from two busy workers; idle ones at 19.9% do not make up the rest
    expect(readPoolBurn(pool([75, 75, 19.9, 19.9]))).toBe(undefined);
    expect(readPoolBurn(pool([75, 75, BUSY_WORKER]))?.group.members).toHaveLength(3);
  });

  it('steps aside when the host split is kernel-heavy (syscall-storm)', () => {
    // Prepare
    const facts = geektime();
    if (!facts.cpu) throw new Error('no split');
    facts.cpu.split = { ...facts.cpu.split, user: 60, system: 39 };

    // Act / Assess
    expect(readPoolBurn(facts)).toBe(undefined);
  });
});

describe('runawayProcess on a pool', () => {
  it('names the pool when no single worker is busy, instead of ruling a runaway out', () => {
    // Act
    const d = diagnosisOf(runawayProcess.judge(geektime()));

    // Assess
    expect(d.confidence).toBe(0.7);
    expect(d.pid).toBe(21514);
    expect(d.summary).toMatch(/^5 php-fpm workers together pin every CPU in user time/);
  });

  it('rules a runaway out for the same rows on a 16-CPU host', () => {
    // Prepare
    const facts = geektime();
    facts.cpus = 16;

    // Act / Assess
    expect(reasonOf(runawayProcess.judge(facts))).toMatch(/no process uses more than 42%/);
  });
});
