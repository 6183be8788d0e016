import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { deriveProfile } from '../../../functions/core/facts/profile.js';
import { loadFixture } from '../../helpers/fixtures.js';

const profileOf = (path: string) => deriveProfile(readCapture(loadFixture(path)));

describe('deriveProfile', () => {
  it('reads a Go CPU profile: hottest symbols by own time, the CPU the process used', () => {
    // Act
    const perf = profileOf(
      'captures/corpus/runaway-process/tcpdp-pr34-pprof-selectgo-busy-loop.txt',
    );

    // Assess
    expect(perf).toMatchObject({ kernelPercent: 0, busyPercent: 85.59 });
    expect(perf?.topSymbols[0]).toEqual({
      symbol: 'runtime.selectgo',
      percent: 32.73,
      kernel: false,
    });
    expect(perf?.source).toMatch(/^go tool pprof -seconds 5/);
  });

  it('counts a Go profile’s syscall wrappers as kernel time', () => {
    // Act
    const perf = profileOf('captures/pprof/golang-19563-http-bench-syscall.txt');

    // Assess
    expect(perf?.kernelPercent).toBe(32.21);
    expect(perf?.topSymbols.filter((s) => s.kernel).map((s) => s.symbol)).toEqual([
      'syscall.Syscall',
      'runtime.usleep',
      'runtime.futex',
    ]);
  });

  it('prefers perf, which sees the whole host, when both are pasted', () => {
    // Prepare
    const text = [
      loadFixture('captures/corpus/syscall-storm/lact-831-pipe-read-loop.txt'),
      loadFixture('captures/pprof/golang-19563-http-bench-syscall.txt'),
    ].join('\n');

    // Act
    const perf = deriveProfile(readCapture(text));

    // Assess
    expect(perf?.topSymbols[0]?.symbol).toBe('entry_SYSRETQ_unsafe_stack');
    expect(perf?.busyPercent).toBeUndefined();
  });
});
