import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { deriveCpu } from '../../../functions/core/facts/cpu.js';
import { loadFixture } from '../../helpers/fixtures.js';

const cpuOf = (...paths: string[]) =>
  deriveCpu(readCapture(paths.map((p) => loadFixture(p)).join('\n'))).cpu;

describe('deriveCpu', () => {
  it('reads the CPU split from sar -u when top and vmstat are absent', () => {
    // Act: three 1-second rows and their Average row (sysstat 12.6.1, run on this machine).
    const cpu = cpuOf('captures/sar/sysstat-12.6.1-cpu.txt');

    // Assess: the timed rows, not the Average row counted twice.
    expect(cpu?.origin).toBe('sar');
    expect(cpu?.samples).toBe(3);
    expect(cpu?.split.system).toBeCloseTo((38.31 + 19.6 + 39.6) / 3);
    expect(cpu?.split.steal).toBeCloseTo(1.01 / 3);
    expect(cpu?.source).toBe('sar -u 1 3');
  });

  it('reads only the all-CPU rows of sar -P ALL', () => {
    // Act
    const cpu = cpuOf('captures/sar/sysstat-12.6.1-per-cpu.txt');

    // Assess
    expect(cpu?.samples).toBe(1);
    expect(cpu?.split.system).toBeCloseTo(42);
  });

  it('reads iowait over several sar samples of a real incident (tanelpoder, 17–28%)', () => {
    // Act
    const cpu = cpuOf('captures/corpus/io-wait/tanelpoder-high-load-d-state-sar-iowait.txt');

    // Assess
    expect(cpu?.origin).toBe('sar');
    expect(cpu?.series.map((s) => s.iowait)).toEqual([17.17, 26.67, 28.39]);
  });

  it('prefers vmstat over sar, and names where each split came from', () => {
    // Act
    const both = cpuOf(
      'captures/sar/sysstat-12.6.1-cpu.txt',
      'captures/vmstat/procps-4.0.2-plain.txt',
    );
    const iostat = cpuOf('captures/iostat/sysstat-12.6.1-extended-one-report.txt');

    // Assess
    expect(both?.origin).toBe('vmstat');
    expect(iostat?.origin).toBe('iostat');
    expect(iostat?.samples).toBe(1);
  });

  it('takes the mean of the per-CPU rows when mpstat -P ALL is pasted without its all rows', () => {
    // Prepare: a real mpstat -P ALL run (sysstat 12.6.1, this machine), its `all` rows left
    // out in the test, as a person pasting only the CPUs would.
    const text = loadFixture('captures/mpstat/sysstat-12.6.1-all-cpus.txt');
    const perCpuOnly = text
      .split('\n')
      .filter((line) => !/\sall\s/.test(line))
      .join('\n');

    // Act
    const full = deriveCpu(readCapture(text)).cpu;
    const cut = deriveCpu(readCapture(perCpuOnly)).cpu;

    // Assess: the mean of the CPUs is what mpstat printed as `all`.
    expect(cut?.samples).toBe(full?.samples);
    expect(cut?.split.system).toBeCloseTo(full?.split.system ?? Number.NaN);
    expect(cut?.split.steal).toBeCloseTo(full?.split.steal ?? Number.NaN);
  });
});
