import { describe, expect, it } from 'vitest';
import { hostSigns } from '../../../../functions/core/causes/quiet/host-signs.js';
import type { Facts } from '../../../../functions/core/facts/types.js';
import { makeFacts, proc } from '../../../helpers/facts.js';

const memory = (over: Partial<NonNullable<Facts['memory']>>): Facts => {
  const base = makeFacts();
  return makeFacts({ memory: base.memory && { ...base.memory, ...over } });
};

const workers = (cpuPercent: number, over: Partial<Facts> = {}): Facts =>
  makeFacts({
    processes: [
      proc({ pid: 1, name: 'php-fpm', cpuPercent: cpuPercent / 2 }),
      proc({ pid: 2, name: 'php-fpm', cpuPercent: cpuPercent / 2 }),
    ],
    ...over,
  });

describe('hostSigns', () => {
  it('shows nothing on a quiet host', () => {
    // Act
    const signs = hostSigns(makeFacts());

    // Assess
    expect(signs).toEqual([]);
  });

  it('shows swapping from 10 KiB/s si+so', () => {
    // Act
    const at = hostSigns(memory({ swapInPerSecond: 6, swapOutPerSecond: 4 }));
    const under = hostSigns(memory({ swapInPerSecond: 6, swapOutPerSecond: 3.9 }));

    // Assess
    expect(at).toEqual([{ source: 'cat /proc/meminfo', text: 'swapping 10 KiB/s (si+so)' }]);
    expect(under).toEqual([]);
  });

  it('shows memory pressure from 5% PSI some', () => {
    // Act
    const at = hostSigns(memory({ pressureSome10: 5 }));
    const under = hostSigns(memory({ pressureSome10: 4.9 }));

    // Assess
    expect(at.map((e) => e.text)).toEqual(['PSI memory some 5.0%: tasks stall on memory']);
    expect(under).toEqual([]);
  });

  it('shows same-named workers together at 90% of all CPUs, not just under', () => {
    // Act: 2 CPUs, so 180% of a core.
    const at = hostSigns(workers(180));
    const under = hostSigns(workers(179.9));

    // Assess
    expect(at.map((e) => e.text)).toEqual(['2 php-fpm together at 180% of a core on 2 CPUs']);
    expect(under).toEqual([]);
  });

  it('with no CPU count and no split takes a whole core of workers as a sign', () => {
    // Act
    const at = hostSigns(workers(100, { cpus: undefined, cpu: undefined }));
    const under = hostSigns(workers(99.9, { cpus: undefined, cpu: undefined }));

    // Assess
    expect(at.map((e) => e.text)).toEqual([
      '2 php-fpm together at 100% of a core, CPU count unknown',
    ]);
    expect(under).toEqual([]);
  });

  it('shows the kernel invoking the OOM killer or reporting a soft lockup', () => {
    // Prepare
    const line = 'java invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0';
    const facts = makeFacts({ kernelEvents: [{ kind: 'oom-invoked', line, source: 'dmesg -T' }] });

    // Act
    const signs = hostSigns(facts);

    // Assess
    expect(signs).toEqual([{ source: 'dmesg -T', text: `kernel: ${line}` }]);
  });
});
