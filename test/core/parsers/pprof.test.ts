import { describe, expect, it } from 'vitest';
import { pprofParser } from '../../../functions/core/parsers/pprof.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parse = (path: string) => {
  const { command, text } = loadBlockFixture(path);
  return pprofParser.parse(text, command);
};

describe('pprofParser', () => {
  it('reads a busy-loop profile: the CPU the process used and its hottest functions', () => {
    // Act
    const result = parse('captures/corpus/runaway-process/tcpdp-pr34-pprof-selectgo-busy-loop.txt');

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data).toMatchObject({
      type: 'cpu',
      durationSeconds: 5.14,
      sampledSeconds: 4.4,
      busyPercent: 85.59,
      kernelPercent: 0,
    });
    expect(result.data.rows[0]).toEqual({
      flatSeconds: 1.44,
      flatPercent: 32.73,
      cumSeconds: 3.55,
      cumPercent: 80.68,
      symbol: 'runtime.selectgo',
      kernel: false,
    });
    expect(result.data.rows).toHaveLength(10);
  });

  it('marks Go syscall wrappers and runtime traps as kernel time, file paths dropped', () => {
    // Act
    const result = parse('captures/pprof/golang-19563-http-bench-syscall.txt');

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.rows.map((r) => [r.symbol, r.kernel])).toEqual([
      ['syscall.Syscall', true],
      ['runtime.findrunnable', false],
      ['runtime.usleep', true],
      ['runtime._ExternalCode', false],
      ['runtime.futex', true],
    ]);
    expect(result.data.kernelPercent).toBe(32.21);
    expect(result.data.busyPercent).toBe(1.09);
    expect(result.data.rows[0]?.flatSeconds).toBeCloseTo(0.0056, 6);
  });

  it('reads a table pasted without pprof’s header (no duration: CPU use unknown)', () => {
    // Act
    const result = parse(
      'captures/corpus/runaway-process/victorialogs-1463-pprof-regex-backtrack.txt',
    );

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.busyPercent).toBeUndefined();
    expect(result.data.rows[0]?.symbol).toBe('regexp.(*Regexp).tryBacktrack');
    expect(result.data.rows[0]?.flatSeconds).toBe(14.13);
  });

  it('reads old pprof sample counts as 100 Hz samples, and minutes', () => {
    // Prepare: the row layout of pprof before 2017 (counts, no unit) and a `mins` duration.
    const text = [
      'Duration: 2.05mins, Total samples = 15.71s (12.79%)',
      '      flat  flat%   sum%        cum   cum%',
      '     298  11.8%  11.8%      345  13.7% runtime.mapaccess1_fast64',
    ].join('\n');

    // Act
    const result = pprofParser.parse(text, null);

    // Assess
    expect(result.ok && result.data.durationSeconds).toBe(123);
    expect(result.ok && result.data.rows[0]?.flatSeconds).toBeCloseTo(2.98, 6);
  });

  it('refuses a heap profile and text without rows, with the reason', () => {
    // Act
    const heap = pprofParser.parse(
      'Type: inuse_space\n      flat  flat%   sum%        cum   cum%\n  512kB 50% 50% 512kB 50% main.f',
      null,
    );
    const empty = pprofParser.parse('      flat  flat%   sum%        cum   cum%\n', null);

    // Assess
    expect(heap).toEqual({ ok: false, error: 'a inuse_space profile, not a CPU profile' });
    expect(empty).toEqual({ ok: false, error: 'no `flat flat% sum% cum cum%` rows found' });
  });

  it('is chosen for go tool pprof and pprof commands only', () => {
    expect(pprofParser.matchCommand('go tool pprof -top cpu.out')).toBe(true);
    expect(pprofParser.matchCommand('pprof -top bin cpu.out')).toBe(true);
    expect(pprofParser.matchCommand('go test -cpuprofile cpu.out')).toBe(false);
  });
});
