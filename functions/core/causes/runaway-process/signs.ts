import type { Evidence } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import { percent } from '../shared/words.js';

/** Host CPU busy (100 − idle) from which the CPUs are nearly full. */
const BUSY_SIGN = 80;
/** A process at this share of one core is pinned. */
const HOT_PROCESS_SIGN = 90;
/** Runnable tasks per CPU beyond which work queues for the CPUs. */
const QUEUE_PER_CPU = 2;

/** Busy CPUs, a pinned process, or more runnable work than CPUs. */
export const runawaySigns = (facts: Facts): Evidence[] => {
  const found: Evidence[] = [];
  const cpu = facts.cpu;
  if (cpu) {
    const busy = 100 - cpu.split.idle;
    if (busy >= BUSY_SIGN) found.push({ source: cpu.source, text: `CPU ${percent(busy)} busy` });
  }
  const hot = facts.processes.find((p) => p.cpuPercent >= HOT_PROCESS_SIGN);
  if (hot) {
    found.push({
      source: hot.source,
      text: `${hot.name} (pid ${hot.pid}) at ${percent(hot.cpuPercent)} of a core`,
    });
  }
  // The load average trails by minutes; vmstat's run queue is the present, so it decides.
  const queue = cpu?.runQueue;
  const bar = facts.cpus ? QUEUE_PER_CPU * facts.cpus : undefined;
  if (cpu && bar !== undefined && queue !== undefined && queue > bar) {
    found.push({ source: cpu.source, text: `${queue.toFixed(1)} runnable on ${facts.cpus} CPUs` });
  } else if (bar !== undefined && queue === undefined && facts.load && facts.load.load1 > bar) {
    found.push({
      source: facts.load.source,
      text: `load ${facts.load.load1} on ${facts.cpus} CPUs`,
    });
  }
  return found;
};
