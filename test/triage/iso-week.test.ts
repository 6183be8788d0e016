import { describe, expect, it } from 'vitest';
import { isoWeek, weekBounds, weeksBetween } from '../../functions/triage/iso-week.js';

describe('isoWeek', () => {
  it.each([
    // The year's first Thursday decides week 1.
    ['2026-01-01T00:00:00Z', '2026-W01'], // a Thursday
    ['2027-01-01T12:00:00Z', '2026-W53'], // a Friday: still 2026's last week
    ['2027-01-04T00:00:00Z', '2027-W01'], // the Monday after
    ['2024-12-30T00:00:00Z', '2025-W01'], // a Monday in December, already next year's week 1
    // Sunday's last second and Monday's first fall in different weeks.
    ['2026-11-22T23:59:59Z', '2026-W47'],
    ['2026-11-23T00:00:00Z', '2026-W48'],
  ])('puts %s in %s', (at, week) => {
    expect(isoWeek(at)).toBe(week);
  });

  it('bounds a week from Monday 00:00 UTC to the next Monday', () => {
    const { from, to } = weekBounds(new Date('2026-11-22T23:59:59Z'));

    expect([from.toISOString(), to.toISOString()]).toEqual([
      '2026-11-16T00:00:00.000Z',
      '2026-11-23T00:00:00.000Z',
    ]);
  });

  it('lists every week a window overlaps, both ends included', () => {
    expect(
      weeksBetween(new Date('2026-11-22T23:00:00Z'), new Date('2026-12-07T00:00:00Z')),
    ).toEqual(['2026-W47', '2026-W48', '2026-W49', '2026-W50']);
  });
});
