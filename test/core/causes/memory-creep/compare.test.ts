import { describe, expect, it } from 'vitest';
import { compareMemory } from '../../../../functions/core/causes/memory-creep/compare.js';
import type { MemoryFacts } from '../../../../functions/core/facts/types.js';
import { makeFacts, proc } from '../../../helpers/facts.js';

const memory = (availableKiB: number): MemoryFacts => ({
  totalKiB: 4_000_000,
  availableKiB,
  availablePercent: (100 * availableKiB) / 4_000_000,
  swapTotalKiB: 0,
  swapUsedKiB: 0,
  source: 'cat /proc/meminfo',
});

describe('compareMemory', () => {
  it('counts more available memory and a smaller busiest process as better', () => {
    // Prepare
    const before = makeFacts({
      memory: memory(200_000),
      processes: [proc({ pid: 2611, name: 'gunicorn', cpuPercent: 40, rssKiB: 900_000 })],
    });
    const after = makeFacts({
      memory: memory(3_000_000),
      processes: [proc({ pid: 4120, name: 'gunicorn', cpuPercent: 5, rssKiB: 110_000 })],
    });

    // Act
    const changes = compareMemory(before, after);

    // Assess
    expect(changes.map((c) => [c.text, c.better])).toEqual([
      ['available memory 195 MiB → 2.9 GiB', true],
      ['gunicorn RSS 879 MiB → 107 MiB', true],
    ]);
  });

  it('leaves out the resident memory when the process is gone or its RSS unknown', () => {
    // Prepare
    const before = makeFacts({
      memory: memory(200_000),
      processes: [proc({ pid: 2611, name: 'gunicorn', cpuPercent: 40, rssKiB: 900_000 })],
    });
    const after = makeFacts({ memory: memory(200_000), processes: [] });

    // Act
    const changes = compareMemory(before, after);

    // Assess
    expect(changes.map((c) => [c.label, c.better])).toEqual([['available memory', null]]);
  });
});
