import { describe, expect, it } from 'vitest';
import { BURSTABLE_INSTANCE_TYPES, burstableSpec } from '../../functions/core/burstable.js';
import { loadFixture } from '../helpers/fixtures.js';

// The table in functions/core/burstable.ts is copied from this CSV (a copy of
// test/fixtures/reference/burstable-baselines.csv, source in the .source.txt beside it); the test keeps
// the two equal.
const csvRows = (): Record<string, string>[] => {
  const [head, ...body] = loadFixture('reference/burstable-baselines.csv').trim().split(/\r?\n/);
  const keys = (head ?? '').split(',');
  return body.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(keys.map((key, i) => [key, cells[i] ?? '']));
  });
};

describe('burstableSpec', () => {
  it('matches every row of test/fixtures/reference/burstable-baselines.csv', () => {
    // Prepare
    const rows = csvRows();

    // Assess
    expect(rows).toHaveLength(28);
    for (const row of rows) {
      expect(burstableSpec(row.instance_type ?? ''), row.instance_type).toEqual({
        family: row.family,
        vcpus: Number(row.vcpus),
        baselinePercentPerVcpu: Number(row.baseline_utilization_per_vcpu_pct),
        creditsPerHour: Number(row.cpu_credits_earned_per_hour),
        maxCredits: Number(row.max_earned_credits_accrued),
        defaultCreditMode: row.default_credit_mode,
      });
    }
  });

  it('holds no instance type the CSV lacks', () => {
    expect([...BURSTABLE_INSTANCE_TYPES].sort()).toEqual(
      csvRows()
        .map((row) => row.instance_type)
        .sort(),
    );
  });

  it('earns baseline% × vCPUs × 60 / 100 credits an hour on every size (the doc formula)', () => {
    for (const type of BURSTABLE_INSTANCE_TYPES) {
      const spec = burstableSpec(type);
      expect(spec, type).toBeDefined();
      if (!spec) continue;
      expect(spec.creditsPerHour, type).toBeCloseTo(
        (spec.baselinePercentPerVcpu * spec.vcpus * 60) / 100,
        6,
      );
      expect(spec.maxCredits, type).toBeCloseTo(spec.creditsPerHour * 24, 6);
    }
  });

  it('gives the seed 002 t3.micro a 10% baseline, 12 credits/h, 288 max, unlimited by default', () => {
    expect(burstableSpec('t3.micro')).toEqual({
      family: 't3',
      vcpus: 2,
      baselinePercentPerVcpu: 10,
      creditsPerHour: 12,
      maxCredits: 288,
      defaultCreditMode: 'unlimited',
    });
  });

  it('ignores case and surrounding space', () => {
    expect(burstableSpec(' T2.Micro ')?.defaultCreditMode).toBe('standard');
  });

  it('returns undefined for non-burstable types, prototype keys and garbage', () => {
    for (const type of ['m5.large', 't3.metal', 'constructor', '__proto__', 'toString', '', '🙂']) {
      expect(burstableSpec(type), type).toBeUndefined();
    }
  });
});
