import { describe, expect, it } from 'vitest';
import { syscallStormSigns } from '../../../../functions/core/causes/syscall-storm/signs.js';
import type { Facts } from '../../../../functions/core/facts/types.js';
import { makeFacts, proc, split } from '../../../helpers/facts.js';

const system = (sy: number): Facts =>
  makeFacts({
    cpu: { split: split({ system: sy }), source: 'vmstat 1 5', samples: 4, series: [] },
  });

const trace = (totalCalls: number, seconds?: number): Facts =>
  makeFacts({
    syscalls: {
      source: 'strace -c -f -p 4100',
      totalCalls,
      totalErrors: 0,
      syscalls: [{ name: 'sched_yield', calls: totalCalls, errors: 0 }],
      ...(seconds !== undefined ? { seconds } : {}),
    },
  });

describe('syscallStormSigns', () => {
  it('shows host system time from 15%', () => {
    // Act
    const at = syscallStormSigns(system(15));
    const under = syscallStormSigns(system(14.9));

    // Assess
    expect(at).toEqual([{ source: 'vmstat 1 5', text: 'system CPU 15%' }]);
    expect(under).toEqual([]);
  });

  it('shows a process spending half a core in the kernel, not a kernel thread', () => {
    // Act
    const at = syscallStormSigns(
      makeFacts({ processes: [proc({ pid: 9, name: 'node', cpuPercent: 80, systemPercent: 50 })] }),
    );
    const under = syscallStormSigns(
      makeFacts({
        processes: [proc({ pid: 9, name: 'node', cpuPercent: 80, systemPercent: 49.9 })],
      }),
    );
    const kswapd = syscallStormSigns(
      makeFacts({
        processes: [proc({ pid: 40, name: 'kswapd0', cpuPercent: 99, systemPercent: 99 })],
      }),
    );

    // Assess
    expect(at.map((e) => e.text)).toEqual(['node (pid 9) at 50% of a core in the kernel']);
    expect(under).toEqual([]);
    expect(kswapd).toEqual([]);
  });

  it('shows a timed trace from 20,000 calls a second', () => {
    // Act
    const at = syscallStormSigns(trace(200_000, 10));
    const under = syscallStormSigns(trace(199_990, 10));

    // Assess
    expect(at).toEqual([{ source: 'strace -c -f -p 4100', text: '20k/s syscalls' }]);
    expect(under).toEqual([]);
  });

  it('shows an untimed trace from 500,000 calls', () => {
    // Act
    const at = syscallStormSigns(trace(500_000));
    const under = syscallStormSigns(trace(499_999));

    // Assess
    expect(at.map((e) => e.text)).toEqual(['500,000 syscalls in one trace']);
    expect(under).toEqual([]);
  });

  it('shows signal deliveries from 2,000 a second', () => {
    // Prepare
    const signals = (n: number) =>
      makeFacts({
        signals: { source: 'strace -f -e signal=all', counts: { SIGPROF: n }, seconds: 2 },
      });

    // Act
    const at = syscallStormSigns(signals(4000));
    const under = syscallStormSigns(signals(3998));

    // Assess
    expect(at.map((e) => e.text)).toEqual(['2000/s signals delivered']);
    expect(under).toEqual([]);
  });
});
