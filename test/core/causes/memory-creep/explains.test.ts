import { describe, expect, it } from 'vitest';
import { memoryCreep } from '../../../../functions/core/causes/memory-creep/index.js';
import type { CpuFacts } from '../../../../functions/core/facts/types.js';
import { split } from '../../../helpers/facts.js';
import { diagnosisOf } from '../../../helpers/outcomes.js';
import { seed002 } from '../../../helpers/seed-facts.js';

describe('memoryCreep explains', () => {
  it("says it explains the syscall-storm when reclaim's system CPU is in its chain (seed 002)", () => {
    // Act
    const d = diagnosisOf(memoryCreep.judge(seed002()));

    // Assess
    expect(d.chain).toContain('system CPU');
    expect(d.explains).toEqual(['syscall-storm']);
  });

  it('explains nothing when the system CPU is low', () => {
    // Prepare: seed 002's memory, but the kernel's share of the CPU is small.
    const quietKernel: CpuFacts = {
      split: split({ user: 20, system: 3 }),
      source: 'vmstat 1 5',
      samples: 4,
      series: [],
    };
    const facts = { ...seed002(), cpu: quietKernel };

    // Act
    const d = diagnosisOf(memoryCreep.judge(facts));

    // Assess
    expect(d.chain ?? '').not.toContain('system CPU');
    expect(d.explains).toBeUndefined();
  });
});
