import { describe, expect, it } from 'vitest';
import { stealSigns } from '../../../../functions/core/causes/cpu-steal/signs.js';
import type { CpuFacts, CpuSplit } from '../../../../functions/core/facts/types.js';
import { makeFacts, split } from '../../../helpers/facts.js';

const cpu = (over: Partial<CpuSplit>): CpuFacts => ({
  split: split(over),
  source: 'vmstat 1 5',
  samples: 4,
  series: [],
});

describe('stealSigns', () => {
  it('shows steal from 5% of all CPUs on a guest that wants the CPU', () => {
    // Prepare
    const at = makeFacts({ cpu: cpu({ user: 80, steal: 5 }) });
    const below = makeFacts({ cpu: cpu({ user: 80, steal: 4.9 }) });

    // Act
    const signs = [stealSigns(at), stealSigns(below)];

    // Assess
    expect(signs).toEqual([[{ source: 'vmstat 1 5', text: 'steal 5.0%' }], []]);
  });

  it('on an idle guest shows steal only from 10%', () => {
    // Prepare
    const at = makeFacts({ cpu: cpu({ steal: 10 }) });
    const below = makeFacts({ cpu: cpu({ steal: 9.9 }) });

    // Act
    const signs = [stealSigns(at), stealSigns(below)];

    // Assess
    expect(signs).toEqual([[{ source: 'vmstat 1 5', text: 'steal 10%' }], []]);
  });

  it('shows nothing without a CPU split', () => {
    // Prepare
    const { cpu: _, ...withoutCpu } = makeFacts();

    // Act
    const signs = stealSigns(withoutCpu);

    // Assess
    expect(signs).toEqual([]);
  });
});
