import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { deriveSyscallRates } from '../../../functions/core/facts/syscall-rates.js';
import { loadFixture } from '../../helpers/fixtures.js';

const ratesOf = (text: string) => deriveSyscallRates(readCapture(text));
const rateFor = (text: string, pid: number) => ratesOf(text)?.find((r) => r.pid === pid);

describe('deriveSyscallRates', () => {
  it("turns a default capture's two /proc/PID/io samples into dd's read and write rates", () => {
    // Prepare: dd bs=1 (pid 29204), io read at 03:12:12.349 and 03:12:21.001 (8.652 s apart)
    const text = loadFixture('captures/local/debian12-dd-default.txt');

    // Act
    const dd = rateFor(text, 29204);

    // Assess: syscr 2,581,083 → 10,113,135 and syscw 2,581,072 → 10,113,125
    expect(dd?.readsPerSecond).toBeCloseTo((10_113_135 - 2_581_083) / 8.652, 0);
    expect(dd?.writesPerSecond).toBeCloseTo((10_113_125 - 2_581_072) / 8.652, 0);
    expect(dd?.syscalls).toEqual({
      perSecond: expect.closeTo((15_064_105 / 8.652) | 0, -1),
      seconds: expect.closeTo(8.652, 3),
      source: 'cat /proc/29204/io',
      method: 'syscr + syscw deltas, read and write calls only',
      lowerBound: true,
    });
    // nonvoluntary 417 → 1,489: a spinning process is only ever preempted
    expect(dd?.switches?.voluntaryPerSecond).toBe(0);
    expect(dd?.switches?.involuntaryPerSecond).toBeCloseTo((1_489 - 417) / 8.652, 1);
    expect(dd?.threadStates).toEqual([{ state: 'running', share: 1, samples: 3 }]);
  });

  it("counts the signal storm's deliveries from perf stat, and names where its threads sat", () => {
    // Prepare: node --cpu-prof --cpu-prof-interval 1 (pid 26324)
    const text = loadFixture('captures/local/debian12-signal-storm-default.txt');

    // Act
    const node = rateFor(text, 26324);

    // Assess: 11,347 deliveries in 1.262835181 s
    expect(node?.signals).toEqual({
      perSecond: expect.closeTo(11_347 / 1.262835181, 3),
      seconds: 1.262835181,
      source: 'perf stat -e signal:signal_deliver -p 26324 -- sleep 1.229',
      method: 'perf stat signal:signal_deliver, counted in the kernel',
    });
    expect(node?.threadStates?.[0]).toEqual({
      state: 'futex (futex_do_wait)',
      share: 15 / 24,
      samples: 3,
    });
  });

  it("believes perf's count of every syscall over a lower read/write count", () => {
    // Prepare: the same process's io samples say 1,000/s; perf counted 150,000 calls in 2 s
    const text = [
      '==> cat /proc/7/io @ 2026-12-07T03:00:00.000Z <==',
      'syscr: 1000\nsyscw: 0',
      '==> cat /proc/7/io @ 2026-12-07T03:00:02.000Z <==',
      'syscr: 3000\nsyscw: 0',
      '==> perf stat -e raw_syscalls:sys_enter,signal:signal_deliver -p 7 -- sleep 2 <==',
      " Performance counter stats for process id '7':",
      '            150000      raw_syscalls:sys_enter',
      '                 0      signal:signal_deliver',
      '       2.000000000 seconds time elapsed',
    ].join('\n');

    // Act
    const rates = rateFor(text, 7);

    // Assess
    expect(rates?.readsPerSecond).toBe(1_000);
    expect(rates?.syscalls).toMatchObject({ perSecond: 75_000, lowerBound: false });
    expect(rates?.signals?.perSecond).toBe(0);
  });

  it('gives nothing for one sample, or for samples with no time between them', () => {
    const one = ['==> cat /proc/7/io @ 2026-12-07T03:00:00.000Z <==', 'syscr: 1\nsyscw: 2'];
    const untimed = [
      '==> cat /proc/7/io <==',
      'syscr: 1\nsyscw: 2',
      '==> cat /proc/7/io <==',
      'syscr: 5\nsyscw: 6',
    ];

    expect(ratesOf(one.join('\n'))).toBeUndefined();
    expect(ratesOf(untimed.join('\n'))).toBeUndefined();
  });
});
