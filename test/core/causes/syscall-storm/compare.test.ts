import { describe, expect, it } from 'vitest';
import { compareSyscallRates } from '../../../../functions/core/causes/syscall-storm/compare.js';
import type { SyscallCount } from '../../../../functions/core/facts/types.js';
import { makeFacts } from '../../../helpers/facts.js';

const traced = (seconds: number | undefined, syscalls: SyscallCount[]) =>
  makeFacts({
    syscalls: {
      source: 'timeout -s INT 5 strace -c -f -p 2872',
      ...(seconds !== undefined ? { seconds } : {}),
      totalCalls: syscalls.reduce((a, s) => a + s.calls, 0),
      totalErrors: 0,
      syscalls,
    },
  });

describe('compareSyscallRates', () => {
  it("quotes the first capture's busiest syscall and all syscalls per second", () => {
    // Prepare: seed 000's sick and healthy node, traced 5 s each.
    const before = traced(5, [
      { name: 'write', calls: 1_266_953, errors: 633_476 },
      { name: 'rt_sigreturn', calls: 636_891, errors: 0 },
    ]);
    const after = traced(5, [
      { name: 'epoll_pwait', calls: 7_354, errors: 2_009 },
      { name: 'write', calls: 3_076, errors: 0 },
    ]);

    // Act
    const changes = compareSyscallRates(before, after);

    // Assess
    expect(changes.map((c) => [c.text, c.better])).toEqual([
      ['write 253k/s → 615/s', true],
      ['syscalls 381k/s → 2086/s', true],
    ]);
  });

  it('counts a syscall missing from the second trace as 0/s', () => {
    // Prepare
    const before = traced(5, [{ name: 'futex', calls: 500_000, errors: 0 }]);
    const after = traced(5, [{ name: 'epoll_wait', calls: 1_000, errors: 0 }]);

    // Act
    const [top] = compareSyscallRates(before, after);

    // Assess
    expect(top?.text).toBe('futex 100k/s → 0.0/s');
  });

  it('leaves out rates when a trace has no duration', () => {
    // Prepare
    const before = traced(undefined, [{ name: 'write', calls: 1_000_000, errors: 0 }]);
    const after = traced(5, [{ name: 'write', calls: 1_000, errors: 0 }]);

    // Act
    const changes = compareSyscallRates(before, after);

    // Assess
    expect(changes).toEqual([]);
  });
});
