import { describe, expect, it } from 'vitest';
import { ioWait } from '../../functions/core/causes/io-wait/index.js';
import { memoryCreep } from '../../functions/core/causes/memory-creep/index.js';
import { syscallStorm } from '../../functions/core/causes/syscall-storm/index.js';
import { order } from '../../functions/core/classify.js';
import { diagnosisOf } from '../helpers/outcomes.js';
import { seed002 } from '../helpers/seed-facts.js';

/**
 * Seed 002's diagnoses as the rules give them: memory pressure drives kswapd's system CPU, so
 * memory-creep explains the syscall-storm. The confidences are set so that ordering by
 * confidence alone would put the effect first.
 */
const seed002Diagnoses = () => {
  const facts = seed002();
  return {
    root: { ...diagnosisOf(memoryCreep.judge(facts)), confidence: 0.6 },
    effect: { ...diagnosisOf(syscallStorm.judge(facts)), confidence: 0.85 },
    other: { ...diagnosisOf(ioWait.judge(facts)), confidence: 0.7 },
  };
};

describe('order', () => {
  it('puts memory-creep before the syscall-storm its reclaim explains (seed 002)', () => {
    // Prepare
    const { root, effect } = seed002Diagnoses();

    // Act
    const orders = [order([effect, root]), order([root, effect])];

    // Assess
    expect(root.explains).toEqual(['syscall-storm']);
    expect(orders.map((o) => o.map((d) => d.cause))).toEqual([
      ['memory-creep', 'syscall-storm'],
      ['memory-creep', 'syscall-storm'],
    ]);
  });

  it('orders by confidence when the root does not explain the other', () => {
    // Prepare: the same memory diagnosis without the chain to system CPU.
    const { root, effect } = seed002Diagnoses();
    const { explains: _, ...unchained } = root;

    // Act
    const ordered = order([unchained, effect]);

    // Assess
    expect(ordered.map((d) => d.cause)).toEqual(['syscall-storm', 'memory-creep']);
  });

  it('ignores an explanation its cause does not declare', () => {
    // Prepare: io-wait declares no chain, so its diagnosis cannot claim one.
    const { effect, other } = seed002Diagnoses();
    const claiming = { ...other, explains: ['syscall-storm' as const] };

    // Act
    const ordered = order([claiming, effect]);

    // Assess
    expect(ordered.map((d) => d.cause)).toEqual(['syscall-storm', 'io-wait']);
  });

  it('orders the rest by confidence around a chain', () => {
    // Prepare: io-wait (0.7) between the storm (0.85) and its root (0.6).
    const { root, effect, other } = seed002Diagnoses();

    // Act
    const orders = [order([effect, other, root]), order([root, effect, other])];

    // Assess
    expect(orders.map((o) => o.map((d) => d.cause))).toEqual([
      ['io-wait', 'memory-creep', 'syscall-storm'],
      ['io-wait', 'memory-creep', 'syscall-storm'],
    ]);
  });
});
