import { describe, expect, it } from 'vitest';
import { memorySigns } from '../../../../functions/core/causes/memory-creep/signs.js';
import type { MemoryFacts } from '../../../../functions/core/facts/types.js';
import { makeFacts } from '../../../helpers/facts.js';

const memory = (availableKiB: number): MemoryFacts => ({
  totalKiB: 4_000_000,
  availableKiB,
  availablePercent: (100 * availableKiB) / 4_000_000,
  swapTotalKiB: 0,
  swapUsedKiB: 0,
  source: 'cat /proc/meminfo',
});

describe('memorySigns', () => {
  it('shows available memory under 15%', () => {
    // Prepare
    const below = makeFacts({ memory: memory(596_000) }); // 14.9%
    const at = makeFacts({ memory: memory(600_000) }); // 15%

    // Act
    const signs = [memorySigns(below), memorySigns(at)];

    // Assess
    expect(signs).toEqual([
      // Whole percents from 10 up: 14.9% reads as 15%.
      [{ source: 'cat /proc/meminfo', text: 'only 582 MiB (15%) memory available' }],
      [],
    ]);
  });

  it('shows OOM kills, not a log that only says the killer was invoked', () => {
    // Prepare
    const line = 'Out of memory: Killed process 2611 (gunicorn) total-vm:512000kB';
    const killed = makeFacts({
      kernelEvents: [{ kind: 'oom-kill', pid: 2611, process: 'gunicorn', line, source: 'dmesg' }],
    });
    const invoked = makeFacts({
      kernelEvents: [{ kind: 'oom-invoked', line: 'gunicorn invoked oom-killer', source: 'dmesg' }],
    });

    // Act
    const signs = [memorySigns(killed), memorySigns(invoked)];

    // Assess
    expect(signs).toEqual([[{ source: 'dmesg', text: '1 OOM kill(s)' }], []]);
  });
});
