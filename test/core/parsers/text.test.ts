import { describe, expect, it } from 'vitest';
import { kib, num } from '../../../functions/core/parsers/text.js';

describe('num', () => {
  it('reads numbers as tools print them', () => {
    expect([num('1,266,953'), num('37.1'), num('.5'), num('1e3'), num('-2')]).toEqual([
      1266953, 37.1, 0.5, 1000, -2,
    ]);
    expect([num('-'), num('1.2.3'), num(undefined)].every(Number.isNaN)).toBe(true);
  });

  it('rejects a 40,000-digit token at once instead of backtracking over it', () => {
    // With an ambiguous pattern this input took about 15 s; now it is one linear scan.
    expect(num(`${'9'.repeat(40_000)}x`)).toBeNaN();
  });
});

describe('kib', () => {
  it('scales top and ps sizes to KiB', () => {
    expect([kib('9971.6m'), kib('1.2g'), kib('812345')]).toEqual([10210918, 1258291, 812345]);
  });
});
