import { describe, expect, it } from 'vitest';
import { CAUSES, RULES } from '../../../functions/core/causes/index.js';
import type { CauseDefinition } from '../../../functions/core/causes/shared/definition.js';
import { PROBLEM_CAUSES, type ProblemCause } from '../../../functions/core/diagnosis.js';

/** The registry's type, as `causes/index.ts` checks it. */
type Registry = { [K in ProblemCause]: CauseDefinition<K> };

describe('the cause registry', () => {
  it('holds every problem cause exactly once, each under its own id', () => {
    // Act
    const keys = Object.keys(CAUSES);
    const filed = Object.entries(CAUSES).map(([key, definition]) => [key, definition.cause]);

    // Assess
    expect([...keys].sort()).toEqual([...PROBLEM_CAUSES].sort());
    expect(new Set(keys).size).toBe(keys.length);
    expect(filed).toEqual(keys.map((key) => [key, key]));
  });

  it('lists the rules in card order, the order of PROBLEM_CAUSES', () => {
    // Act
    const order = RULES.map((rule) => rule.cause);

    // Assess
    expect(order).toEqual([...PROBLEM_CAUSES]);
  });

  it('declares chains only to other problem causes', () => {
    // Act
    const chains = RULES.flatMap((d) => d.explains.map((effect) => [d.cause, effect]));

    // Assess
    expect(chains).toEqual([
      ['syscall-storm', 'cpu-steal'],
      ['memory-creep', 'syscall-storm'],
    ]);
    for (const [root, effect] of chains) {
      expect(PROBLEM_CAUSES).toContain(effect);
      expect(effect).not.toBe(root);
    }
  });

  it('does not compile with a cause missing, an extra one, or one filed under another id', () => {
    // Prepare: checked by tsc (npm test); at run time the registry is only read.
    const { 'cpu-steal': _steal, ...missing } = CAUSES;
    // @ts-expect-error: cpu-steal is missing
    const withoutSteal: Registry = missing;
    // @ts-expect-error: 'cpu-theft' is not a cause
    const extra: Registry = { ...CAUSES, 'cpu-theft': CAUSES['cpu-steal'] };
    // @ts-expect-error: io-wait's definition filed under cpu-steal
    const misfiled: Registry = { ...CAUSES, 'cpu-steal': CAUSES['io-wait'] };

    // Assess
    expect([withoutSteal, extra, misfiled].map((r) => Object.keys(r).length)).toEqual([6, 8, 7]);
  });
});
