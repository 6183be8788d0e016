import type { CpuSplit, Facts, ProcessFacts } from '../../functions/core/facts/types.js';

/** An idle split; override what the test is about. */
export const split = (over: Partial<CpuSplit> = {}): CpuSplit => {
  const base = { user: 2, system: 1, nice: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, ...over };
  const busy = Object.values(base).reduce((a, b) => a + b, 0);
  return { ...base, idle: over.idle ?? Math.max(0, 100 - busy) };
};

export const proc = (over: Partial<ProcessFacts> & { pid: number }): ProcessFacts => ({
  name: 'app',
  cpuPercent: 1,
  source: 'top -b -n 2 -d 1 -w 512 -c',
  ...over,
});

/**
 * Facts of a quiet 2-CPU host with plenty of memory, as the capture script reports it.
 * Tests override the part they are about: `makeFacts({ cpu: { …split({ system: 40 }) } })`.
 */
export const makeFacts = (over: Partial<Facts> = {}): Facts => ({
  host: 'ip-172-31-0-84',
  cpus: 2,
  cpu: {
    split: split(),
    source: 'vmstat 1 5',
    samples: 4,
    series: [split(), split(), split(), split()],
    runQueue: 0.5,
    blocked: 0,
  },
  load: { load1: 0.1, load5: 0.1, load15: 0.1, source: 'cat /proc/loadavg' },
  processes: [proc({ pid: 100, name: 'nginx', cpuPercent: 1 })],
  threads: [],
  memory: {
    totalKiB: 4_000_000,
    availableKiB: 3_000_000,
    availablePercent: 75,
    swapTotalKiB: 0,
    swapUsedKiB: 0,
    swapInPerSecond: 0,
    swapOutPerSecond: 0,
    source: 'cat /proc/meminfo',
  },
  kernelEvents: [],
  runtimes: [],
  agents: [],
  notes: [],
  conflicts: [],
  ...over,
});
