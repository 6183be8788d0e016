import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../functions/core/capture/read.js';
import { syscallStorm } from '../../../../functions/core/causes/syscall-storm/index.js';
import { classify } from '../../../../functions/core/classify.js';
import type { ProcessKernelRates } from '../../../../functions/core/facts/types.js';
import { makeFacts, proc, split } from '../../../helpers/facts.js';
import { loadFixture } from '../../../helpers/fixtures.js';
import { diagnosisOf } from '../../../helpers/outcomes.js';

/** A process with most of its CPU in the kernel, as the default capture's stat samples show it. */
const kernelHeavy = (pid: number, name: string) =>
  proc({ pid, name, cpuPercent: 90, userPercent: 20, systemPercent: 70 });

const factsWith = (rates: ProcessKernelRates, name = 'dd') =>
  makeFacts({
    cpu: {
      split: split({ user: 15, system: 35 }),
      source: 'vmstat 1 5',
      samples: 4,
      series: [split({ user: 15, system: 35 })],
    },
    processes: [kernelHeavy(rates.pid, name)],
    syscallRates: [rates],
  });

const ioRate = (pid: number, perSecond: number): ProcessKernelRates => ({
  pid,
  syscalls: {
    perSecond,
    seconds: 8.6,
    source: `cat /proc/${pid}/io`,
    method: 'syscr + syscw deltas, read and write calls only',
    lowerBound: true,
  },
});

const signalRate = (pid: number, perSecond: number): ProcessKernelRates => ({
  pid,
  signals: {
    perSecond,
    seconds: 8,
    source: `perf stat -e signal:signal_deliver -p ${pid} -- sleep 8`,
    method: 'perf stat signal:signal_deliver, counted in the kernel',
  },
});

describe('syscall-storm from rates counted without tracing', () => {
  it('names a busy-wait storm from read/write calls at 20,000/s, with the rate and how it was counted', () => {
    // Act
    const d = diagnosisOf(syscallStorm.judge(factsWith(ioRate(4870, 20_000))));

    // Assess
    expect(d.pid).toBe(4870);
    expect(d.confidence).toBeGreaterThanOrEqual(0.8);
    expect(d.summary).toMatch(/spins on failing or trivial syscalls/);
    expect(d.evidence).toContainEqual({
      source: 'cat /proc/4870/io',
      text: 'dd (pid 4870): 20k/s read/write syscalls at full speed (syscr + syscw deltas, read and write calls only, over 8.6 s)',
    });
  });

  it('does not call 19,999 read/write calls a second a storm', () => {
    // Act
    const d = diagnosisOf(syscallStorm.judge(factsWith(ioRate(4870, 19_999))));

    // Assess: still kernel-heavy, but only suggestive, and no rate is quoted as a storm
    expect(d.confidence).toBeLessThan(0.8);
    expect(d.evidence.some((e) => e.source === 'cat /proc/4870/io')).toBe(false);
  });

  it('names a signal storm from 2,000 deliveries a second, and not from 1,999', () => {
    // Act
    const storm = diagnosisOf(syscallStorm.judge(factsWith(signalRate(26324, 2_000), 'node')));
    const calm = diagnosisOf(syscallStorm.judge(factsWith(signalRate(26324, 1_999), 'node')));

    // Assess
    expect(storm.summary).toMatch(/signal storm/);
    expect(storm.confidence).toBeGreaterThanOrEqual(0.8);
    expect(storm.evidence.map((e) => e.text)).toContain(
      'node (pid 26324): 2000/s signal deliveries (perf stat signal:signal_deliver, counted in the kernel)',
    );
    expect(calm.summary).not.toMatch(/signal storm/);
    expect(calm.confidence).toBeLessThan(0.8);
  });

  it("judges only the kernel-heavy process's rates, not another process's", () => {
    // Prepare: the storm rate belongs to a process that is not the one burning kernel time
    const facts = factsWith(ioRate(4870, 500_000));
    facts.syscallRates = [ioRate(9999, 500_000)];

    // Act
    const d = diagnosisOf(syscallStorm.judge(facts));

    // Assess
    expect(d.confidence).toBeLessThan(0.8);
  });

  it.each([
    ['captures/local/debian12-dd-default.txt', 29204, 1_741_000],
    ['captures/local/debian12-signal-storm-default.txt', 26324, undefined],
  ])('names the default capture of %s a syscall-storm at 0.8 or more', (path, pid, rate) => {
    // Act
    const triage = classify(readCapture(loadFixture(path)));

    // Assess
    const d = triage.diagnoses.find((x) => x.cause === 'syscall-storm');
    expect(triage.cause).toBe('syscall-storm');
    expect(d?.pid).toBe(pid);
    expect(d?.confidence).toBeGreaterThanOrEqual(0.8);
    if (rate !== undefined) {
      const quoted = d?.evidence
        .map((e) => /(\d+)k\/s read\/write syscalls/.exec(e.text)?.[1])
        .find(Boolean);
      expect(Number(quoted) * 1000).toBeCloseTo(rate, -4);
    }
  });

  it("rests the SIGPROF storm's direct verdict on perf's count: without it, no 0.8", () => {
    // Prepare: the same default capture without its perf stat block (perf not installed).
    // On this shared machine the storm got only 0.22 of a core: too little to stand out alone.
    const text = loadFixture('captures/local/debian12-signal-storm-default.txt').replace(
      /==> perf stat [^\n]*\n(?:(?!==>)[^\n]*\n)*/,
      '# skipped: perf not installed (perf stat)\n',
    );

    // Act
    const triage = classify(readCapture(text));

    // Assess
    expect(text).not.toContain('signal:signal_deliver');
    const about = triage.diagnoses.filter((x) => x.cause === 'syscall-storm' && x.pid === 26324);
    expect(about.every((d) => d.confidence < 0.8)).toBe(true);
  });
});
