/**
 * A composite alarm has no metric: its event names the child alarms that triggered it
 * (`state.reasonData.triggeringAlarms[].arn`), and only `cloudwatch:DescribeAlarms` says what
 * those children watch. Shapes: botocore `cloudwatch/2010-08-01/service-2.json`
 * (`DescribeAlarmsOutput.MetricAlarms[]`: `Namespace`, `MetricName`, `Dimensions[{Name,Value}]`,
 * or `Metrics[].MetricStat.Metric` for metric-math alarms; `CompositeAlarms[].AlarmRule`).
 *
 * A child that is itself composite is followed through the names in its `AlarmRule` that are
 * in ALARM, a few levels deep at most.
 */
import {
  type CloudWatchClient,
  type CompositeAlarm,
  DescribeAlarmsCommand,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import type { AlarmMetric } from '../../core/alarm/types.js';
import type { AlarmChildren } from '../../triage/ports.js';
import { cloudWatchClient, wrapAwsError } from './clients.js';

/** DescribeAlarms takes at most 100 names per call. */
const NAMES_PER_CALL = 100;
const MAX_DEPTH = 3;

/** `arn:aws:cloudwatch:us-east-1:123456789012:alarm:Name:with:colons` → the name. */
export const alarmNameOf = (arn: string): string | undefined => {
  const at = arn.indexOf(':alarm:');
  return at === -1 ? undefined : arn.slice(at + ':alarm:'.length) || undefined;
};

/** The alarm names in a rule: `ALARM(a) OR ALARM("b c")` → `['a', 'b c']`. */
export const ruleAlarmNames = (rule: string): string[] =>
  [...rule.matchAll(/\b(?:ALARM|OK|INSUFFICIENT_DATA)\(\s*(?:"([^"]+)"|([^)\s]+))\s*\)/g)].map(
    (m) => (m[1] ?? m[2] ?? '').trim(),
  );

const dimensionsOf = (list: { Name?: string; Value?: string }[] | undefined) =>
  Object.fromEntries(
    (list ?? []).filter((d) => d.Name !== undefined).map((d) => [d.Name as string, d.Value ?? '']),
  );

const metricsOfAlarm = (alarm: MetricAlarm): AlarmMetric[] => {
  if (alarm.MetricName && alarm.Namespace) {
    return [
      {
        namespace: alarm.Namespace,
        name: alarm.MetricName,
        dimensions: dimensionsOf(alarm.Dimensions),
      },
    ];
  }
  return (alarm.Metrics ?? []).flatMap((query) => {
    const metric = query.MetricStat?.Metric;
    return metric?.Namespace && metric.MetricName
      ? [
          {
            namespace: metric.Namespace,
            name: metric.MetricName,
            dimensions: dimensionsOf(metric.Dimensions),
          },
        ]
      : [];
  });
};

export class CloudWatchAlarmChildren implements AlarmChildren {
  readonly #client: CloudWatchClient;

  constructor(client: CloudWatchClient = cloudWatchClient()) {
    this.#client = client;
  }

  async metricsOf(
    alarmArns: readonly string[],
  ): Promise<{ metrics: AlarmMetric[]; missing: string[] }> {
    const metrics: AlarmMetric[] = [];
    const missing: string[] = [];
    const seen = new Set<string>();
    let names = alarmArns.flatMap((arn) => {
      const name = alarmNameOf(arn);
      if (name === undefined) missing.push(arn);
      return name === undefined ? [] : [name];
    });

    for (let depth = 0; depth < MAX_DEPTH && names.length > 0; depth++) {
      const asked = [...new Set(names)].filter((n) => !seen.has(n));
      for (const n of asked) seen.add(n);
      const { metricAlarms, compositeAlarms } = await this.#describe(asked);
      if (depth === 0) {
        const found = new Set([...metricAlarms, ...compositeAlarms].map((a) => a.AlarmName));
        missing.push(...alarmArns.filter((arn) => !found.has(alarmNameOf(arn))));
      }
      // The triggering children count whatever their state now; below them, a composite's rule
      // names every alarm it combines, and only those in ALARM explain this one.
      const counts = (a: MetricAlarm | CompositeAlarm) => depth === 0 || a.StateValue === 'ALARM';
      for (const alarm of metricAlarms.filter(counts)) metrics.push(...metricsOfAlarm(alarm));
      names = compositeAlarms.filter(counts).flatMap((c) => ruleAlarmNames(c.AlarmRule ?? ''));
    }
    return { metrics, missing };
  }

  async #describe(
    names: string[],
  ): Promise<{ metricAlarms: MetricAlarm[]; compositeAlarms: CompositeAlarm[] }> {
    const metricAlarms: MetricAlarm[] = [];
    const compositeAlarms: CompositeAlarm[] = [];
    for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
      try {
        const answer = await this.#client.send(
          new DescribeAlarmsCommand({
            AlarmNames: names.slice(i, i + NAMES_PER_CALL),
            AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          }),
        );
        metricAlarms.push(...(answer.MetricAlarms ?? []));
        compositeAlarms.push(...(answer.CompositeAlarms ?? []));
      } catch (error) {
        throw wrapAwsError(error, 'cloudwatch_failed', 'DescribeAlarms (composite children)');
      }
    }
    return { metricAlarms, compositeAlarms };
  }
}
