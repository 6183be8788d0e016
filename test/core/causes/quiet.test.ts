import { describe, expect, it } from 'vitest';
import { CAUSES, RULES } from '../../../functions/core/causes/index.js';
import { judgeQuiet } from '../../../functions/core/causes/quiet.js';
import type { ProblemCause } from '../../../functions/core/diagnosis.js';
import type { CpuSplit, Facts } from '../../../functions/core/facts/types.js';
import { makeFacts, proc, split } from '../../helpers/facts.js';

const withSplit = (over: Partial<CpuSplit>): Facts =>
  makeFacts({ cpu: { split: split(over), source: 'vmstat 1 5', samples: 4, series: [] } });

/**
 * A capture of a quiet host but for one sign of the cause, or `null` for a cause with no sign
 * of its own. Typed by cause, so a new cause must say which it is.
 */
const ONLY_A_SIGN_OF: Record<ProblemCause, Facts | null> = {
  'credit-exhaustion': null,
  'syscall-storm': null,
  'memory-creep': makeFacts({
    memory: {
      totalKiB: 4_000_000,
      availableKiB: 400_000,
      availablePercent: 10,
      swapTotalKiB: 0,
      swapUsedKiB: 0,
      source: 'cat /proc/meminfo',
    },
  }),
  'runaway-process': makeFacts({ processes: [proc({ pid: 7, name: 'api', cpuPercent: 99 })] }),
  'jit-warmup': null,
  'io-wait': withSplit({ iowait: 12 }),
  // Steal counts when the guest wants the CPU: here its run queue fills both CPUs.
  'cpu-steal': makeFacts({
    cpu: { split: split({ steal: 6 }), source: 'vmstat 1 5', samples: 4, series: [], runQueue: 2 },
  }),
};

const withSigns = Object.entries(ONLY_A_SIGN_OF).flatMap(([cause, facts]) =>
  facts ? [{ cause: cause as ProblemCause, facts }] : [],
);

describe('judgeQuiet', () => {
  it('calls a quiet capture healthy', () => {
    // Act
    const verdict = judgeQuiet(makeFacts(), []);

    // Assess
    expect(verdict.cause).toBe('healthy');
  });

  it.each(withSigns)('is not healthy with only a sign of $cause', ({ cause, facts }) => {
    // Prepare: no other cause sees a sign in these facts.
    const seeing = RULES.filter((d) => d.signs(facts).length > 0).map((d) => d.cause);

    // Act
    const verdict = judgeQuiet(facts, []);

    // Assess
    expect(seeing).toEqual([cause]);
    expect(verdict.cause).toBe('inconclusive');
    expect(verdict.evidence).toEqual(CAUSES[cause].signs(facts));
    expect(verdict.evidence.length).toBeGreaterThan(0);
  });

  it('keeps causes with no sign of their own silent on every sign above', () => {
    // Act
    const silent = RULES.filter((d) => ONLY_A_SIGN_OF[d.cause] === null).map((d) =>
      withSigns.flatMap(({ facts }) => d.signs(facts)),
    );

    // Assess
    expect(silent).toEqual([[], [], []]);
  });

  it('lists the signs of several causes, cause by cause in card order', () => {
    // Prepare: steal, a pinned process and little memory at once.
    const facts = makeFacts({
      ...ONLY_A_SIGN_OF['cpu-steal'],
      processes: [proc({ pid: 7, name: 'api', cpuPercent: 99 })],
      memory: ONLY_A_SIGN_OF['memory-creep']?.memory,
    });

    // Act
    const verdict = judgeQuiet(facts, []);

    // Assess
    expect(verdict.evidence.map((e) => e.text)).toEqual([
      'only 391 MiB (10%) memory available',
      'api (pid 7) at 99% of a core',
      'steal 6.0%',
    ]);
  });
});
