/**
 * A pool of same-named workers that together pin every CPU in user time: no one process looks
 * runaway (php-fpm's five workers at ~40% each), but the pool's own code eats the host.
 */
import type { Evidence } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import {
  hostKernelShare,
  KERNEL_HEAVY_SHARE,
  measuredSplit,
  type WorkerGroup,
  workerGroups,
} from '../shared/cpu-burn.js';
import { percent } from '../shared/words.js';

/**
 * Share of all CPUs' capacity from which a pool pins the host. Geektime lesson 05's five
 * php-fpm workers made 198% of a core on 2 CPUs (99%); a healthy pool leaves a third or more
 * of the host idle even at its peak.
 */
export const SATURATING_POOL = 80;
/** A worker counts towards the pool's burn from this share of a core; idle members do not. */
export const BUSY_WORKER = 20;
/** Host busy (100 − idle) from which the split confirms the CPUs are full. */
const HOST_FULL = 90;

export interface PoolBurn {
  group: WorkerGroup;
  confidence: number;
  evidence: Evidence[];
}

/** The busiest same-named pool, when its busy members together pin the host's CPUs in user time. */
export const readPoolBurn = (facts: Facts): PoolBurn | undefined => {
  const cpus = facts.cpus;
  if (!cpus) return undefined;
  const split = measuredSplit(facts);
  const kernelSide = split && (hostKernelShare(split) ?? 0) >= KERNEL_HEAVY_SHARE;
  if (kernelSide) return undefined;
  const pool = workerGroups(facts)
    .map((g) => {
      const members = g.members.filter((p) => p.cpuPercent >= BUSY_WORKER);
      return { ...g, members, cpuPercent: members.reduce((a, p) => a + p.cpuPercent, 0) };
    })
    .filter((g) => g.members.length >= 2)
    .sort((a, b) => b.cpuPercent - a.cpuPercent)[0];
  if (!pool || pool.cpuPercent < (SATURATING_POOL * cpus * 100) / 100) return undefined;
  const first = pool.members[0];
  if (!first) return undefined;
  const evidence: Evidence[] = [
    {
      source: first.source,
      text: `${pool.members.length} ${pool.name} processes at ${pool.members
        .slice(0, 5)
        .map((p) => percent(p.cpuPercent))
        .join(', ')} of a core: ${percent(pool.cpuPercent)} together on ${cpus} CPUs`,
    },
  ];
  const full = split && 100 - split.idle >= HOST_FULL && split.user >= 2 * split.system;
  if (split && facts.cpu && full) {
    evidence.push({
      source: facts.cpu.source,
      text: `us ${percent(split.user)}, sy ${percent(split.system)}, idle ${percent(split.idle)}: every CPU busy in user time`,
    });
  }
  // The work each request does may be legitimate (more load than the pool): suggestive only.
  return { group: pool, confidence: full ? 0.7 : 0.6, evidence };
};
