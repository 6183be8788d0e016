import { describe, expect, it } from 'vitest';
import { measuredSplit } from '../../../../functions/core/causes/shared/cpu-burn.js';
import { makeFacts, split } from '../../../helpers/facts.js';

describe('measuredSplit', () => {
  it('gives the split a tool measured', () => {
    // Prepare
    const facts = makeFacts({
      cpu: { split: split({ user: 60, system: 30 }), source: 'vmstat 1 5', samples: 4, series: [] },
    });

    // Act + Assess
    expect(measuredSplit(facts)).toMatchObject({ user: 60, system: 30 });
  });

  it('gives none for htop’s bars, which show how busy the CPUs were but not the split', () => {
    // Prepare: htop's 100% busy lands in `user`; its 0% system is unknown, not measured.
    const facts = makeFacts({
      cpu: { split: split({ user: 100 }), source: 'htop', samples: 1, series: [], busyOnly: true },
    });

    // Act + Assess
    expect(measuredSplit(facts)).toBeUndefined();
  });
});
