import { quote } from './quote.js';
import { type Alarm, type AlarmMetric, INSTANCE_ID, type Target } from './types.js';

export interface Targets {
  targets: Target[];
  /** Why something that looked like a target is not one, for the log and the Slack message. */
  ignored: string[];
}

export const NO_TARGET_DIMENSION =
  'no InstanceId, AutoScalingGroupName or EnvironmentName dimension';

/**
 * What the alarm points at, from its metrics' dimensions. A composite alarm has no metrics of
 * its own: the use case looks its children up (DescribeAlarms) and calls `targetsOfMetrics` on
 * theirs.
 */
export const targetsOf = (alarm: Alarm): Targets => {
  if (alarm.composite) {
    const n = alarm.composite.triggeringAlarmArns.length;
    return {
      targets: [],
      ignored: [
        `composite alarm: its targets are those of its child alarms (${n} triggering), not its own`,
      ],
    };
  }
  return targetsOfMetrics(alarm.metrics);
};

/**
 * Targets of a list of metrics, deduplicated. Within one metric the most specific dimension wins
 * (InstanceId, then AutoScalingGroupName, then EnvironmentName): the CloudWatch agent tags an
 * instance's metric with its group too, and that alarm is about the instance, not the group.
 */
export const targetsOfMetrics = (metrics: readonly AlarmMetric[]): Targets => {
  const targets = new Map<string, Target>();
  const ignored = new Set<string>();
  let sawDimension = false;
  for (const metric of metrics) {
    const found = targetOfMetric(metric, ignored);
    sawDimension ||= found.sawDimension;
    if (found.target) targets.set(keyOf(found.target), found.target);
  }
  if (!sawDimension) ignored.add(NO_TARGET_DIMENSION);
  return { targets: [...targets.values()], ignored: [...ignored] };
};

const targetOfMetric = (
  metric: AlarmMetric,
  ignored: Set<string>,
): { target: Target | null; sawDimension: boolean } => {
  const { InstanceId: instanceId, AutoScalingGroupName: group } = metric.dimensions;
  // AWS/ElasticBeanstalk names the environment `EnvironmentName`; custom and agent metrics that
  // carry one use the same name, so the dimension name alone decides.
  const environment = metric.dimensions.EnvironmentName;
  const sawDimension = [instanceId, group, environment].some((d) => d !== undefined);
  const where = `metric ${metric.name || '?'} (${metric.namespace || 'no namespace'})`;

  if (instanceId !== undefined) {
    // Checked here because the id goes into SSM and EC2 calls; a bad one falls back to the group.
    if (INSTANCE_ID.test(instanceId)) {
      return { target: { kind: 'instance', instanceId }, sawDimension };
    }
    ignored.add(
      `${where}: InstanceId ${quote(instanceId)} is not an EC2 instance id (i- and 8 or 17 hex digits)`,
    );
  }
  if (group !== undefined) {
    if (group.trim() !== '')
      return { target: { kind: 'auto-scaling-group', name: group }, sawDimension };
    ignored.add(`${where}: AutoScalingGroupName is empty`);
  }
  if (environment !== undefined) {
    if (environment.trim() !== '') {
      return { target: { kind: 'beanstalk-environment', name: environment }, sawDimension };
    }
    ignored.add(`${where}: EnvironmentName is empty`);
  }
  return { target: null, sawDimension };
};

const keyOf = (target: Target): string =>
  target.kind === 'instance' ? `instance:${target.instanceId}` : `${target.kind}:${target.name}`;
