import { describe, expect, it } from 'vitest';
import type { Triage } from '../../functions/core/classify.js';
import { compare } from '../../functions/core/compare.js';
import type { CpuFacts, Facts, MemoryFacts } from '../../functions/core/facts/types.js';
import { makeFacts, proc, split } from '../helpers/facts.js';

const triage = (cause: Triage['cause'], facts: Facts, confidence = 0.9): Triage => ({
  cause,
  confidence,
  headline: cause,
  diagnoses: [],
  ruledOut: [],
  missing: [],
  facts,
});

const storm = makeFacts({
  cpu: { split: split({ user: 58, system: 37 }), source: 'vmstat 1 5', samples: 4, series: [] },
  processes: [proc({ pid: 2872, name: 'node-20', cpuPercent: 102 })],
  syscalls: {
    source: 'timeout -s INT 5 strace -c -f -p 2872',
    seconds: 5,
    totalCalls: 2_537_321,
    totalErrors: 633_476,
    syscalls: [
      { name: 'write', calls: 1_266_953, errors: 633_476 },
      { name: 'rt_sigreturn', calls: 636_891, errors: 0 },
    ],
  },
});

const calm = makeFacts({
  cpu: { split: split({ user: 8, system: 3 }), source: 'vmstat 1 5', samples: 4, series: [] },
  processes: [proc({ pid: 2872, name: 'node-20', cpuPercent: 9 })],
  syscalls: {
    source: 'timeout -s INT 5 strace -c -f -p 2872',
    seconds: 5,
    totalCalls: 20_800,
    totalErrors: 2_009,
    syscalls: [
      { name: 'epoll_pwait', calls: 7_354, errors: 2_009 },
      { name: 'write', calls: 3_076, errors: 0 },
    ],
  },
});

describe('compare', () => {
  it('calls a storm that is gone resolved, quoting the kernel share and the syscall rate', () => {
    // Act
    const result = compare(triage('syscall-storm', storm), triage('healthy', calm, 0.85));

    // Assess
    expect(result.verdict).toBe('resolved');
    expect(result.summary).toMatch(/sy 37% → 3\.0%/);
    expect(result.summary).toMatch(/: resolved$/);
    expect(result.changes.find((c) => c.label === 'write')?.text).toBe('write 253k/s → 615/s');
  });

  it('calls the same cause with lower numbers improved', () => {
    const better = makeFacts({
      ...storm,
      cpu: { ...(storm.cpu as CpuFacts), split: split({ user: 40, system: 15 }) },
    });

    expect(compare(triage('syscall-storm', storm), triage('syscall-storm', better)).verdict).toBe(
      'improved',
    );
  });

  it('calls the same numbers unchanged', () => {
    expect(compare(triage('syscall-storm', storm), triage('syscall-storm', storm)).verdict).toBe(
      'unchanged',
    );
  });

  it('calls a quiet host that became a problem worse', () => {
    const result = compare(triage('healthy', calm, 0.85), triage('syscall-storm', storm));

    expect(result.verdict).toBe('worse');
    expect(result.summary).toMatch(/healthy → syscall-storm: worse$/);
  });

  it('treats more available memory as better', () => {
    const low = makeFacts({
      memory: {
        ...(makeFacts().memory as MemoryFacts),
        availableKiB: 100_000,
        availablePercent: 2.5,
      },
    });

    const result = compare(triage('memory-creep', low), triage('memory-creep', makeFacts()));

    expect(result.changes.find((c) => c.label === 'available memory')?.better).toBe(true);
    expect(result.verdict).toBe('improved');
  });

  it('compares the rates counted without tracing when neither capture ran strace', () => {
    // Prepare: default captures (no strace) of dd before and after the loop was fixed
    const counted = (pid: number, perSecond: number, system: number) =>
      makeFacts({
        cpu: { split: split({ user: 10, system }), source: 'vmstat 1 5', samples: 4, series: [] },
        processes: [proc({ pid, name: 'dd', cpuPercent: 95 })],
        syscallRates: [
          {
            pid,
            syscalls: {
              perSecond,
              seconds: 8.6,
              source: `cat /proc/${pid}/io`,
              method: 'syscr + syscw deltas, read and write calls only',
              lowerBound: true,
            },
          },
        ],
      });

    // Act
    const result = compare(
      triage('syscall-storm', counted(4870, 1_741_000, 40)),
      triage('healthy', counted(5120, 600, 2), 0.85),
    );

    // Assess
    expect(result.changes.find((c) => c.label === 'syscalls')?.text).toBe(
      'syscalls 1741k/s → 600/s',
    );
    expect(result.verdict).toBe('resolved');
  });
});
