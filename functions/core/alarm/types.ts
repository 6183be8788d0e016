/**
 * A CloudWatch alarm state change, the same whichever way it arrived (EventBridge, SNS, or the
 * Lambda alarm action). Parsed at the edge by `parseAlarmEvent`; nothing inside trusts raw
 * event shapes.
 */

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export type AlarmDelivery = 'eventbridge' | 'sns' | 'lambda-action';

/** One metric the alarm watches, with its dimensions as a plain map. */
export interface AlarmMetric {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
}

export interface Alarm {
  name: string;
  arn: string;
  /** Region code (`eu-west-1`), taken from the ARN when the payload gives a display name. */
  region: string;
  account: string;
  state: AlarmState;
  previousState: AlarmState | null;
  reason: string;
  /** When the state changed (ISO 8601): with the ARN, the key that makes a transition unique. */
  changedAt: string;
  /** Metric entries (metric-math alarms list several; composite alarms none). */
  metrics: AlarmMetric[];
  /** Composite alarms: the children whose change triggered this one, to be resolved by ARN. */
  composite?: { rule: string; triggeringAlarmArns: string[] };
  delivery: AlarmDelivery;
}

/** What the alarm points at, from its dimensions. */
export type Target =
  | { kind: 'instance'; instanceId: string }
  | { kind: 'auto-scaling-group'; name: string }
  | { kind: 'beanstalk-environment'; name: string };

/** What to do with a change: triage it (→ ALARM), mark it resolved (ALARM → OK), or ignore it. */
export type Transition = 'triage' | 'resolve' | 'ignore';

/** EC2 instance ids: `i-` and 8 or 17 hex digits. Checked before any call uses one. */
export const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
