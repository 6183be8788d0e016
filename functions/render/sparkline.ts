const BARS = '▁▂▃▄▅▆▇█';

/**
 * A one-line chart of a series: `▁▂▅█▇`. At most `width` characters; a longer series is
 * averaged into `width` buckets. The bars span the series' own range (a flat series is a row
 * of the lowest bar); `min`/`max` fix the range instead, e.g. 0–100 for percentages.
 */
export const sparkline = (
  values: readonly number[],
  width = 40,
  range: { min?: number; max?: number } = {},
): string => {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0 || width < 1) return '';
  const buckets: number[] = [];
  const n = Math.min(width, finite.length);
  for (let i = 0; i < n; i++) {
    const from = Math.floor((i * finite.length) / n);
    const to = Math.max(from + 1, Math.floor(((i + 1) * finite.length) / n));
    const slice = finite.slice(from, to);
    buckets.push(slice.reduce((a, b) => a + b, 0) / slice.length);
  }
  const min = range.min ?? Math.min(...buckets);
  const max = range.max ?? Math.max(...buckets);
  const top = BARS.length - 1;
  return buckets
    .map((v) => {
      if (max <= min) return BARS[0];
      const at = Math.round(((Math.min(max, Math.max(min, v)) - min) / (max - min)) * top);
      return BARS[at];
    })
    .join('');
};
