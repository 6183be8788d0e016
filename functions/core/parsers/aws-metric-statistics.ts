/**
 * `aws cloudwatch get-metric-statistics` (`--output json`), the single-metric query people run by
 * hand: `{"Label": "CPUCreditBalance", "Datapoints": [{"Timestamp", "Average"|"Minimum"|…, "Unit"}]}`.
 * Shape from the API reference (`GetMetricStatisticsOutput`, `Datapoint`) and the CLI's own example
 * (`awscli/examples/cloudwatch/get-metric-statistics.rst`). The API returns the datapoints in no
 * particular order.
 */
import {
  awsCommand,
  isObject,
  type JsonObject,
  type MetricDataPoint,
  need,
  optString,
  otherShape,
  plural,
  readJson,
  timestamp,
} from './aws-json.js';
import { fail, ok, type Parsed, type ToolParser } from './types.js';

export interface MetricStatistics {
  /** `Label`: the metric's name (`CPUCreditBalance`); from `--metric-name` when the paste lost it. */
  label: string;
  /**
   * The statistic `points` carry: `Average` when it was asked for (as get-metric-data is queried),
   * else the first of `Minimum`, `Maximum`, `Sum`, `SampleCount`, then a percentile (`p99`).
   * Null when there are no datapoints.
   */
  statistic: string | null;
  /** `Count`, `Percent`, … as the datapoints give it. */
  unit?: string;
  /** The datapoints of `statistic`, oldest first. */
  points: MetricDataPoint[];
  /** Every statistic printed, each oldest first. */
  byStatistic: Record<string, MetricDataPoint[]>;
}

const STATISTICS = ['Average', 'Minimum', 'Maximum', 'Sum', 'SampleCount'] as const;

/** The statistics of one datapoint: the plain ones and `ExtendedStatistics` (`{"p99": 12.5}`). */
const valuesOf = (raw: JsonObject): [string, number][] => {
  const found: [string, number][] = [];
  for (const name of STATISTICS) {
    const v = raw[name];
    if (typeof v === 'number' && Number.isFinite(v)) found.push([name, v]);
  }
  const extended = raw.ExtendedStatistics;
  if (isObject(extended)) {
    for (const [name, v] of Object.entries(extended)) {
      if (typeof v === 'number' && Number.isFinite(v)) found.push([name, v]);
    }
  }
  return found;
};

const metricName = (text: string, command: string | null): string | undefined =>
  /--metric-name[\s=]+["']?([\w./-]+)/.exec(`${command ?? ''}\n${text}`)?.[1];

const read = (doc: unknown, text: string, command: string | null): Parsed<MetricStatistics> => {
  if (!isObject(doc) || !Array.isArray(doc.Datapoints)) {
    return fail(otherShape(doc, 'a "Datapoints" array'));
  }
  const byStatistic: Record<string, (MetricDataPoint & { ms: number })[]> = {};
  let unit: string | undefined;
  for (const [i, raw] of doc.Datapoints.entries()) {
    const path = `Datapoints[${i}]`;
    if (!isObject(raw)) return need(path, 'is not an object');
    const time = timestamp(raw.Timestamp);
    if (time === undefined) return need(`${path}.Timestamp`, 'is missing or not a date');
    const values = valuesOf(raw);
    if (values.length === 0) return need(path, 'has no statistic (Average, Minimum, …)');
    unit ??= optString(raw, 'Unit');
    for (const [name, value] of values) {
      const points = byStatistic[name] ?? [];
      points.push({ timestamp: time, value, ms: Date.parse(time) });
      byStatistic[name] = points;
    }
  }
  const sorted: Record<string, MetricDataPoint[]> = {};
  for (const [name, points] of Object.entries(byStatistic)) {
    points.sort((a, b) => a.ms - b.ms);
    sorted[name] = points.map(({ timestamp: t, value }) => ({ timestamp: t, value }));
  }
  const statistic =
    STATISTICS.find((name) => sorted[name] !== undefined) ?? Object.keys(sorted)[0] ?? null;
  const label = optString(doc, 'Label') ?? metricName(text, command) ?? '';
  return ok({
    label,
    statistic,
    ...(unit === undefined ? {} : { unit }),
    points: statistic === null ? [] : (sorted[statistic] ?? []),
    byStatistic: sorted,
  });
};

export const getMetricStatisticsParser: ToolParser<MetricStatistics> = {
  tool: 'aws-cloudwatch-get-metric-statistics',
  matchCommand: (command) => awsCommand('cloudwatch', 'get-metric-statistics').test(command),
  // The key lines that open the CLI's document, at its indentation (a `"Label"` deeper in is
  // get-metric-data's or an alarm's).
  banner: /^\{?[ \t]{0,4}"Datapoints"\s*:\s*\[|^(?:\{\s*)?(?: {4}|\t)"Label"\s*:\s*"[^"]*",\s*$/,
  parse(text, command) {
    const json = readJson(text, command);
    if (!json.ok) return json;
    return read(json.data, text, command);
  },
  summarize(d) {
    const last = d.points.at(-1);
    const stat = d.statistic ? ` ${d.statistic}` : '';
    const latest = last
      ? `, latest ${last.value}${d.unit === 'Percent' ? '%' : ''} at ${last.timestamp}`
      : '';
    return `${d.label || 'metric'}${stat}: ${plural(d.points.length, 'point')}${latest}`;
  },
};
