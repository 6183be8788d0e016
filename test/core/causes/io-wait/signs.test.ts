import { describe, expect, it } from 'vitest';
import { ioWaitSigns } from '../../../../functions/core/causes/io-wait/signs.js';
import type { CpuFacts, CpuSplit, IoFacts } from '../../../../functions/core/facts/types.js';
import { makeFacts, split } from '../../../helpers/facts.js';

const cpu = (over: Partial<CpuSplit>): CpuFacts => ({
  split: split(over),
  source: 'vmstat 1 5',
  samples: 4,
  series: [],
});

const stuck = (n: number): IoFacts => ({
  uninterruptible: Array.from({ length: n }, (_, i) => ({ pid: 300 + i, name: 'postgres' })),
  disks: [],
  source: 'ps -eo pid,stat,comm',
});

describe('ioWaitSigns', () => {
  it('shows iowait from 10% of all CPUs', () => {
    // Prepare
    const at = makeFacts({ cpu: cpu({ iowait: 10 }) });
    const below = makeFacts({ cpu: cpu({ iowait: 9.9 }) });

    // Act
    const signs = [ioWaitSigns(at), ioWaitSigns(below)];

    // Assess
    expect(signs).toEqual([[{ source: 'vmstat 1 5', text: 'iowait 10%' }], []]);
  });

  it('shows processes in D state from three', () => {
    // Prepare
    const three = makeFacts({ io: stuck(3) });
    const two = makeFacts({ io: stuck(2) });

    // Act
    const signs = [ioWaitSigns(three), ioWaitSigns(two)];

    // Assess
    expect(signs).toEqual([
      [{ source: 'ps -eo pid,stat,comm', text: '3 processes in D state' }],
      [],
    ]);
  });
});
