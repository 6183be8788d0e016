import { describe, expect, it } from 'vitest';
import {
  fitLine,
  hoursBetween,
  hoursUntil,
  lastPoints,
  latest,
  splitAtDrops,
} from '../../../../functions/core/causes/shared/series.js';
import { metricSeries } from '../../../helpers/metric-series.js';

describe('latest and lastPoints', () => {
  it('return the newest point and the newest n points, oldest first', () => {
    // Prepare
    const series = metricSeries('CPUCreditBalance', [30, 20, 10]);

    // Act
    const newest = latest(series);
    const tail = lastPoints(series, 2);

    // Assess
    expect(newest).toEqual({ at: '2026-11-22T09:10:00.000Z', value: 10 });
    expect(tail.map((p) => p.value)).toEqual([20, 10]);
    expect(latest(undefined)).toBeUndefined();
    expect(latest(metricSeries('empty', []))).toBeUndefined();
    expect(lastPoints(undefined, 3)).toEqual([]);
  });
});

describe('fitLine', () => {
  it('gives the slope per hour and the line at the newest point', () => {
    // Prepare: 12 credits lost every five minutes is 144 an hour
    const series = metricSeries('CPUCreditBalance', [144, 132, 120, 108, 96]);

    // Act
    const line = fitLine(series.points);

    // Assess
    expect(line?.slopePerHour).toBeCloseTo(-144);
    expect(line?.end).toBeCloseTo(96);
    expect(line?.hours).toBeCloseTo(20 / 60);
    expect(line?.points).toBe(5);
  });

  it('finds no line in one point, or in points that share one time', () => {
    // Prepare
    const at = '2026-11-22T09:00:00Z';

    // Act
    const single = fitLine([{ at, value: 1 }]);
    const sameTime = fitLine([
      { at, value: 1 },
      { at, value: 2 },
    ]);

    // Assess
    expect(single).toBeUndefined();
    expect(sameTime).toBeUndefined();
  });

  it('ignores points whose time cannot be read', () => {
    // Prepare
    const points = [
      { at: 'garbage', value: 1000 },
      { at: '2026-11-22T09:00:00Z', value: 10 },
      { at: '2026-11-22T10:00:00Z', value: 12 },
    ];

    // Act
    const line = fitLine(points);

    // Assess
    expect(line?.slopePerHour).toBeCloseTo(2);
    expect(line?.points).toBe(2);
  });
});

describe('hoursUntil', () => {
  it('tells when a value reaches a limit it is heading for, and nothing otherwise', () => {
    expect(hoursUntil(50, 2, 100)).toBe(25);
    expect(hoursUntil(96, -144, 0)).toBeCloseTo(2 / 3);
    expect(hoursUntil(50, -2, 100)).toBeUndefined();
    expect(hoursUntil(50, 0, 100)).toBeUndefined();
  });
});

describe('hoursBetween', () => {
  it('measures hours between two ISO times', () => {
    expect(hoursBetween('2026-11-22T09:00:00Z', '2026-11-22T10:30:00Z')).toBe(1.5);
    expect(hoursBetween('2026-11-22T10:30:00Z', '2026-11-22T09:00:00Z')).toBe(-1.5);
  });
});

describe('splitAtDrops', () => {
  it('cuts a series where it falls sharply, as memory does on a restart', () => {
    // Prepare
    const series = metricSeries('mem_used_percent', [40, 42, 44, 46, 38, 39, 40], {
      stepMinutes: 60,
    });

    // Act
    const { segments, drops } = splitAtDrops(series.points, (a, b) => a - b >= 5);

    // Assess
    expect(segments.map((s) => s.map((p) => p.value))).toEqual([
      [40, 42, 44, 46],
      [38, 39, 40],
    ]);
    expect(drops).toEqual([{ at: series.points[4]?.at, from: 46, to: 38 }]);
  });

  it('keeps a series without drops whole, and an empty one empty', () => {
    // Prepare
    const series = metricSeries('mem_used_percent', [40, 39, 41]);

    // Act
    const whole = splitAtDrops(series.points, (a, b) => a - b >= 5);
    const none = splitAtDrops([], () => true);

    // Assess
    expect(whole.segments).toHaveLength(1);
    expect(whole.drops).toEqual([]);
    expect(none).toEqual({ segments: [], drops: [] });
  });
});
