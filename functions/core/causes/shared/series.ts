/**
 * Small arithmetic on CloudWatch series shared by the rules: the latest point, a least-squares
 * line, when that line reaches a limit, and where a series resets (drops sharply, as memory does
 * when a leaking process restarts). Pure; points are oldest first, as `MetricSeries` keeps them.
 */
import type { MetricSeries, SeriesPoint } from '../../facts/types.js';

const HOUR_MS = 3_600_000;

/** The newest point of a series, if it has any. */
export const latest = (series: MetricSeries | undefined): SeriesPoint | undefined =>
  series?.points.at(-1);

/** The newest `n` points, oldest first. */
export const lastPoints = (series: MetricSeries | undefined, n: number): SeriesPoint[] =>
  series ? series.points.slice(-n) : [];

/** Hours from one ISO 8601 time to another (negative when `to` is earlier). */
export const hoursBetween = (from: string, to: string): number =>
  (Date.parse(to) - Date.parse(from)) / HOUR_MS;

export const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

export const mean = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : sum(values) / values.length;

export interface Line {
  /** Change per hour, in the series' own unit. */
  slopePerHour: number;
  /** The line's value at the newest point (less noisy than the raw newest value). */
  end: number;
  /** Hours from the oldest to the newest point. */
  hours: number;
  /** How many points the line was fitted to. */
  points: number;
}

/**
 * The least-squares line through the points, against time. `undefined` when fewer than two
 * points have a readable time or they all share one time (no slope to speak of).
 */
export const fitLine = (points: readonly SeriesPoint[]): Line | undefined => {
  const timed = points
    .map((p) => ({ t: Date.parse(p.at) / HOUR_MS, v: p.value }))
    .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v));
  const first = timed[0];
  const last = timed.at(-1);
  if (!first || !last || timed.length < 2) return undefined;
  // Centre the times so the sums stay small (epoch hours squared lose precision).
  const ts = timed.map((p) => p.t - first.t);
  const tMean = mean(ts);
  const vMean = mean(timed.map((p) => p.v));
  let num = 0;
  let den = 0;
  timed.forEach((p, i) => {
    const dt = (ts[i] ?? 0) - tMean;
    num += dt * (p.v - vMean);
    den += dt * dt;
  });
  if (den === 0) return undefined;
  const slopePerHour = num / den;
  const hours = last.t - first.t;
  return {
    slopePerHour,
    end: vMean + slopePerHour * (hours - tMean),
    hours,
    points: timed.length,
  };
};

/**
 * Hours until a value moving at `slopePerHour` reaches `limit`, or `undefined` when it is not
 * heading there (flat, or moving away).
 */
export const hoursUntil = (
  value: number,
  slopePerHour: number,
  limit: number,
): number | undefined => {
  if (slopePerHour === 0) return undefined;
  const hours = (limit - value) / slopePerHour;
  return hours > 0 && Number.isFinite(hours) ? hours : undefined;
};

/** Where a series fell sharply between two neighbouring points. */
export interface Drop {
  /** Time of the first point after the drop. */
  at: string;
  from: number;
  to: number;
}

/**
 * Cuts a series at every sharp drop (`isDrop(before, after)`), oldest segment first, so a
 * trend can be fitted to each life of a process instead of across its restarts.
 */
export const splitAtDrops = (
  points: readonly SeriesPoint[],
  isDrop: (before: number, after: number) => boolean,
): { segments: SeriesPoint[][]; drops: Drop[] } => {
  const segments: SeriesPoint[][] = [];
  const drops: Drop[] = [];
  let current: SeriesPoint[] = [];
  let previous: SeriesPoint | undefined;
  for (const point of points) {
    if (previous && isDrop(previous.value, point.value)) {
      segments.push(current);
      drops.push({ at: point.at, from: previous.value, to: point.value });
      current = [];
    }
    current.push(point);
    previous = point;
  }
  if (current.length > 0) segments.push(current);
  return { segments, drops };
};
