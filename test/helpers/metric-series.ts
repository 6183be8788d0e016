import type { MetricSeries } from '../../functions/core/facts/types.js';

export const GET_METRIC_DATA = 'aws cloudwatch get-metric-data';

/**
 * A CloudWatch series of `values`, oldest first, one point every `stepMinutes` (credit metrics
 * come every five minutes), the newest at `end`.
 */
export const metricSeries = (
  label: string,
  values: readonly number[],
  { end = '2026-11-22T09:10:00Z', stepMinutes = 5 }: { end?: string; stepMinutes?: number } = {},
): MetricSeries => {
  const endMs = Date.parse(end);
  return {
    label,
    source: GET_METRIC_DATA,
    points: values.map((value, i) => ({
      at: new Date(endMs - (values.length - 1 - i) * stepMinutes * 60_000).toISOString(),
      value,
    })),
  };
};
