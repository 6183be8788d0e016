import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../functions/core/capture/read.js';
import { syscallStorm } from '../../../../functions/core/causes/syscall-storm/index.js';
import {
  readPerfStorm,
  SPIN_LOCK_STORM,
  SYSCALL_PATH_STORM,
} from '../../../../functions/core/causes/syscall-storm/perf.js';
import { deriveFacts } from '../../../../functions/core/facts/derive.js';
import type { Facts, PerfFacts } from '../../../../functions/core/facts/types.js';
import { makeFacts } from '../../../helpers/facts.js';
import { loadFixture } from '../../../helpers/fixtures.js';
import { diagnosisOf } from '../../../helpers/outcomes.js';

const factsOf = (path: string): Facts => deriveFacts(readCapture(loadFixture(path)));

/** A profile of kernel symbols; the rest of the samples in user space. */
const profile = (symbols: [string, number][]): PerfFacts => ({
  kernelPercent: symbols.reduce((a, [, p]) => a + p, 0),
  topSymbols: symbols.map(([symbol, percent]) => ({ symbol, percent, kernel: true })),
  source: 'perf top',
});

/** Only a profile: no CPU split, no process list. */
const perfOnly = (perf: PerfFacts): Facts => {
  const { cpu: _cpu, ...rest } = makeFacts({ processes: [], perf });
  return rest;
};

describe('readPerfStorm', () => {
  it("names LACT issue 831's syscall entry/exit at 55% of samples a busy-wait", () => {
    // Act
    const storm = readPerfStorm(
      factsOf('captures/corpus/syscall-storm/lact-831-pipe-read-loop.txt'),
    );

    // Assess
    expect(storm?.kind).toBe('busy-wait');
    // The facts keep perf's first ten rows: the entry/exit symbols among them.
    expect(storm?.percent).toBeCloseTo(32.65 + 11 + 8.88 + 2.45 + 2.29, 1);
    expect(storm?.evidence.text).toMatch(/entry_SYSRETQ_unsafe_stack 33%/);
  });

  it(`needs the syscall path at ${SYSCALL_PATH_STORM}% of samples, not just below`, () => {
    // Act / Assess
    expect(readPerfStorm(perfOnly(profile([['do_syscall_64', SYSCALL_PATH_STORM - 0.1]])))).toBe(
      undefined,
    );
    expect(
      readPerfStorm(
        perfOnly(
          profile([
            ['entry_SYSCALL_64', SYSCALL_PATH_STORM / 2],
            ['__x64_sys_read', SYSCALL_PATH_STORM / 2],
          ]),
        ),
      )?.kind,
    ).toBe('busy-wait');
  });

  it(`names kernel spin locks from ${SPIN_LOCK_STORM}% of samples, not just below`, () => {
    // Act / Assess
    expect(readPerfStorm(perfOnly(profile([['_raw_spin_lock', SPIN_LOCK_STORM - 0.1]])))).toBe(
      undefined,
    );
    expect(
      readPerfStorm(perfOnly(profile([['native_queued_spin_lock_slowpath', SPIN_LOCK_STORM]])))
        ?.kind,
    ).toBe('futex');
  });

  it('ignores a flat profile with the syscall path at a few percent (lighttpd PR 114)', () => {
    // Act / Assess
    expect(
      readPerfStorm(
        factsOf('captures/corpus/syscall-storm/lighttpd-pr114-perf-top-close-wait.txt'),
      ),
    ).toBe(undefined);
  });
});

describe('syscall-storm from a profile alone', () => {
  it('names the StackOverflow 13293452 spin lock at 0.7: where the kernel time goes, not how much', () => {
    // Act
    const d = diagnosisOf(
      syscallStorm.judge(
        factsOf(
          'captures/corpus/syscall-storm/stackoverflow-13293452-futex-contention-perf-top.txt',
        ),
      ),
    );

    // Assess
    expect(d.confidence).toBe(0.7);
    expect(d.summary).toMatch(/fighting over locks/);
    expect(d.evidence.map((e) => e.text)).toContainEqual(expect.stringMatching(/_spin_lock 51%/));
  });

  it('takes a spin lock under memory pressure as a hint only: reclaim spins locks too', () => {
    // Prepare
    const facts = perfOnly(profile([['_raw_spin_lock', 50]]));
    facts.kernelEvents = [{ kind: 'kswapd', line: 'kswapd0 at 99%', source: 'top' }];

    // Act
    const d = diagnosisOf(syscallStorm.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.4);
  });

  it('confirms the syscall path with the process split at 0.85 (LACT: 35% system)', () => {
    // Act
    const d = diagnosisOf(
      syscallStorm.judge(factsOf('captures/corpus/syscall-storm/lact-831-pipe-read-loop.txt')),
    );

    // Assess
    expect(d.confidence).toBe(0.85);
    expect(d.pid).toBe(1407);
    expect(d.fixes[0]?.command).toBe('timeout -s INT 5 strace -c -f -p 1407');
  });
});
