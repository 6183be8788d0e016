import { describe, expect, it } from 'vitest';
import { runawaySigns } from '../../../../functions/core/causes/runaway-process/signs.js';
import type { CpuFacts, CpuSplit } from '../../../../functions/core/facts/types.js';
import { makeFacts, proc, split } from '../../../helpers/facts.js';

const cpu = (over: Partial<CpuSplit>, runQueue?: number): CpuFacts => ({
  split: split(over),
  source: 'vmstat 1 5',
  samples: 4,
  series: [],
  ...(runQueue !== undefined ? { runQueue } : {}),
});

describe('runawaySigns', () => {
  it('shows busy CPUs from 80%', () => {
    // Prepare
    const at = makeFacts({ cpu: cpu({ user: 77, system: 3 }) });
    const below = makeFacts({ cpu: cpu({ user: 76.9, system: 3 }) });

    // Act
    const signs = [runawaySigns(at), runawaySigns(below)];

    // Assess
    expect(signs).toEqual([[{ source: 'vmstat 1 5', text: 'CPU 80% busy' }], []]);
  });

  it('shows a process from 90% of a core', () => {
    // Prepare
    const at = makeFacts({ processes: [proc({ pid: 7, name: 'api', cpuPercent: 90 })] });
    const below = makeFacts({ processes: [proc({ pid: 7, name: 'api', cpuPercent: 89.9 })] });

    // Act
    const signs = [runawaySigns(at), runawaySigns(below)];

    // Assess
    expect(signs).toEqual([
      [{ source: 'top -b -n 2 -d 1 -w 512 -c', text: 'api (pid 7) at 90% of a core' }],
      [],
    ]);
  });

  it('shows a run queue longer than twice the CPUs', () => {
    // Prepare: 2 CPUs.
    const above = makeFacts({ cpu: cpu({}, 4.1) });
    const at = makeFacts({ cpu: cpu({}, 4) });

    // Act
    const signs = [runawaySigns(above), runawaySigns(at)];

    // Assess
    expect(signs).toEqual([[{ source: 'vmstat 1 5', text: '4.1 runnable on 2 CPUs' }], []]);
  });

  it('falls back on the load average only when no run queue was measured', () => {
    // Prepare: 2 CPUs; the load trails the present, which vmstat's run queue shows.
    const load = (load1: number) => ({ load1, load5: 1, load15: 1, source: 'uptime' });
    const noQueueHigh = makeFacts({ cpu: cpu({}), load: load(4.01) });
    const noQueueAt = makeFacts({ cpu: cpu({}), load: load(4) });
    const quietQueue = makeFacts({ cpu: cpu({}, 0.5), load: load(10) });

    // Act
    const signs = [noQueueHigh, noQueueAt, quietQueue].map(runawaySigns);

    // Assess
    expect(signs).toEqual([[{ source: 'uptime', text: 'load 4.01 on 2 CPUs' }], [], []]);
  });
});
