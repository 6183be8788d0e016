import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../functions/core/capture/read.js';
import { runawayProcess } from '../../../../functions/core/causes/runaway-process/index.js';
import { MANY_SYSCALLS_PER_CORE } from '../../../../functions/core/causes/runaway-process/judge.js';
import { deriveFacts } from '../../../../functions/core/facts/derive.js';
import type { Facts } from '../../../../functions/core/facts/types.js';
import { makeFacts, proc } from '../../../helpers/facts.js';
import { loadFixture } from '../../../helpers/fixtures.js';
import { diagnosisOf, reasonOf } from '../../../helpers/outcomes.js';

/** A process pinned at one core whose 2-second trace made `calls` syscalls. */
const traced = (calls: number): Facts =>
  makeFacts({
    processes: [proc({ pid: 7, name: 'loop', cpuPercent: 100 })],
    syscalls: {
      pid: 7,
      source: 'timeout -s INT 2 strace -c -f -p 7',
      seconds: 2,
      totalCalls: calls,
      totalErrors: 0,
      syscalls: [{ name: 'epoll_wait', calls, errors: 0 }],
    },
  });

describe('runawayProcess beside a syscall trace of the same process', () => {
  it("steps aside for ptunnel-ng's 20k syscalls/s at 100%: its burn is a syscall loop", () => {
    // Act
    const reason = reasonOf(
      runawayProcess.judge(
        deriveFacts(
          readCapture(
            loadFixture('captures/corpus/syscall-storm/ptunnel-ng-pr5-select-busywait.txt'),
          ),
        ),
      ),
    );

    // Assess
    expect(reason).toBe(
      'ptunnel-ng (pid 14957) makes 20k/s syscalls at 100% of a core: its burn is a syscall loop (syscall-storm), not user code',
    );
  });

  it(`steps aside from ${MANY_SYSCALLS_PER_CORE} syscalls a second per core, not just below`, () => {
    // Act / Assess
    expect(diagnosisOf(runawayProcess.judge(traced(2 * MANY_SYSCALLS_PER_CORE - 2))).cause).toBe(
      'runaway-process',
    );
    expect(reasonOf(runawayProcess.judge(traced(2 * MANY_SYSCALLS_PER_CORE)))).toMatch(
      /syscall loop/,
    );
  });
});
