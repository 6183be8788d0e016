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

  it('shows a disk that is full and slow, not one that is full and fast', () => {
    // Prepare
    const disks = (awaitMs: number) =>
      makeFacts({
        io: {
          uninterruptible: [],
          disks: [{ device: 'sdb', utilPercent: 100, awaitMs }],
          source: 'iostat -x 1 3',
        },
      });

    // Act
    const signs = [ioWaitSigns(disks(61)), ioWaitSigns(disks(0.1))];

    // Assess
    expect(signs).toEqual([
      [{ source: 'iostat -x 1 3', text: 'sdb, 100% busy, await 61 ms: saturated' }],
      [],
    ]);
  });

  it('shows io pressure from 10% some', () => {
    // Prepare
    const psi = (some: number) =>
      makeFacts({
        io: {
          uninterruptible: [],
          disks: [],
          pressureSome10: some,
          source: 'cat /proc/pressure/io',
        },
      });

    // Act
    const signs = [ioWaitSigns(psi(10)), ioWaitSigns(psi(9.9))];

    // Assess
    expect(signs).toEqual([[{ source: 'cat /proc/pressure/io', text: 'PSI io some 10%' }], []]);
  });

  it('shows the kernel reporting a hung task', () => {
    // Prepare
    const line = 'INFO: task jbd2/xvda1-8:301 blocked for more than 120 seconds.';
    const facts = makeFacts({ kernelEvents: [{ kind: 'hung-task', line, source: 'dmesg -T' }] });

    // Act
    const signs = ioWaitSigns(facts);

    // Assess
    expect(signs).toEqual([{ source: 'dmesg -T', text: `hung task: ${line}` }]);
  });
});
