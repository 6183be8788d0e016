import { quote } from './quote.js';
import {
  type AlarmData,
  CLOUDWATCH_SOURCE,
  describeIssues,
  eventBridgeAlarmSchema,
  lambdaActionAlarmSchema,
  parseAlarmArn,
  type SnsAlarmMessage,
  STATE_CHANGE_DETAIL_TYPE,
  snsAlarmMessageSchema,
  snsRecordSchema,
} from './schemas.js';
import type { Alarm, AlarmDelivery, AlarmMetric } from './types.js';

export type ParseAlarmResult =
  | { success: true; data: Alarm[] }
  | { success: false; error: string; kind: 'malformed' | 'not-an-alarm' };

const malformed = (error: string): ParseAlarmResult => ({
  success: false,
  error,
  kind: 'malformed',
});
const notAnAlarm = (error: string): ParseAlarmResult => ({
  success: false,
  error,
  kind: 'not-an-alarm',
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const kindOf = (value: unknown): string => {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
};

/**
 * Reads an alarm Lambda's event, whichever way the alarm was delivered (EventBridge, SNS, or the
 * Lambda alarm action), into `Alarm`s: SNS may batch records, so a list. Never throws: a bad event
 * is a result the handler logs and acknowledges, not an exception that Lambda would retry.
 * `not-an-alarm` is a well-formed event of another kind (a configuration change, an SSM event);
 * `malformed` is an alarm event, or nothing recognisable, that breaks the documented shape.
 */
export const parseAlarmEvent = (event: unknown): ParseAlarmResult => {
  try {
    return parseEvent(event);
  } catch (error) {
    // Belt and braces (a hostile getter or proxy could throw): the promise is "never throws".
    return malformed(
      `event could not be read (${error instanceof Error ? error.name : 'a non-error was thrown'})`,
    );
  }
};

const parseEvent = (event: unknown): ParseAlarmResult => {
  if (!isRecord(event)) return malformed(`event is ${kindOf(event)}, not an object`);
  if ('Records' in event) return parseSns(event.Records);
  if ('detail-type' in event) return parseEventBridge(event);
  if ('alarmData' in event || (event.source === CLOUDWATCH_SOURCE && 'alarmArn' in event)) {
    return parseLambdaAction(event);
  }
  return notAnAlarm('event is not an EventBridge, SNS or CloudWatch alarm-action event');
};

const parseEventBridge = (event: Record<string, unknown>): ParseAlarmResult => {
  const detailType = event['detail-type'];
  if (typeof detailType !== 'string') {
    return malformed(`EventBridge event: detail-type is ${kindOf(detailType)}, not a string`);
  }
  if (detailType !== STATE_CHANGE_DETAIL_TYPE) {
    return notAnAlarm(
      `EventBridge event of detail-type ${quote(detailType)} is not an alarm state change`,
    );
  }
  if (event.source !== CLOUDWATCH_SOURCE) {
    return notAnAlarm(
      `EventBridge event from source ${quote(event.source)} is not a CloudWatch alarm`,
    );
  }
  const parsed = eventBridgeAlarmSchema.safeParse(event);
  if (!parsed.success) return malformed(`EventBridge alarm event: ${describeIssues(parsed.error)}`);
  return {
    success: true,
    data: [fromAlarmData(parsed.data.resources[0], parsed.data.detail, 'eventbridge')],
  };
};

const parseLambdaAction = (event: Record<string, unknown>): ParseAlarmResult => {
  const parsed = lambdaActionAlarmSchema.safeParse(event);
  if (!parsed.success) return malformed(`Lambda alarm action: ${describeIssues(parsed.error)}`);
  return {
    success: true,
    data: [fromAlarmData(parsed.data.alarmArn, parsed.data.alarmData, 'lambda-action')],
  };
};

const parseSns = (records: unknown): ParseAlarmResult => {
  if (!Array.isArray(records))
    return malformed(`SNS event: Records is ${kindOf(records)}, not an array`);
  if (records.length === 0) return malformed('SNS event has no Records');
  // One failing record fails the event: SNS hands Lambda one record per invocation in practice,
  // and a partial success would hide the failure from the log line.
  const alarms: Alarm[] = [];
  for (const [i, record] of records.entries()) {
    const one = parseSnsRecord(record, i);
    if (!one.success) return one;
    alarms.push(...one.data);
  }
  return { success: true, data: alarms };
};

const parseSnsRecord = (record: unknown, i: number): ParseAlarmResult => {
  const at = `SNS record ${i}`;
  if (!isRecord(record)) return malformed(`${at}: record is ${kindOf(record)}, not an object`);
  // `Records` is also the shape of SQS, S3, DynamoDB… events: those are not ours, not broken.
  const source = record.EventSource ?? record.eventSource;
  if (!('Sns' in record) && typeof source === 'string' && source !== 'aws:sns') {
    return notAnAlarm(`record ${i} comes from ${quote(source)}, not from SNS`);
  }
  const envelope = snsRecordSchema.safeParse(record);
  if (!envelope.success) return malformed(`${at}: ${describeIssues(envelope.error)}`);

  let message: unknown;
  try {
    message = JSON.parse(envelope.data.Sns.Message);
  } catch {
    return malformed(`${at}: Message is not JSON`);
  }
  // A topic can carry other notifications too; one that names no alarm is not an alarm.
  if (
    !isRecord(message) ||
    !('AlarmName' in message || 'AlarmArn' in message || 'NewStateValue' in message)
  ) {
    return notAnAlarm(`${at}: Message is not a CloudWatch alarm notification`);
  }
  const parsed = snsAlarmMessageSchema.safeParse(message);
  if (!parsed.success) return malformed(`${at}: ${describeIssues(parsed.error)}`);
  return { success: true, data: [fromSnsMessage(parsed.data)] };
};

/** Region and account come from the ARN for every shape (see `parseAlarmArn`). */
const identityOf = (arn: string): { region: string; account: string } => {
  // The schemas only let a parseable ARN through; the fallback keeps the types honest.
  const { region, account } = parseAlarmArn(arn) ?? { region: '', account: '' };
  return { region, account };
};

const fromAlarmData = (arn: string, data: AlarmData, delivery: AlarmDelivery): Alarm => {
  const metrics: AlarmMetric[] = [];
  for (const entry of data.configuration.metrics ?? []) {
    if (!entry.metricStat) continue;
    const { namespace, name, dimensions } = entry.metricStat.metric;
    metrics.push({ namespace, name, dimensions });
  }
  const rule = data.configuration.alarmRule;
  return {
    name: data.alarmName,
    arn,
    ...identityOf(arn),
    state: data.state.value,
    previousState: data.previousState?.value ?? null,
    reason: data.state.reason,
    changedAt: data.state.timestamp,
    metrics,
    ...(rule === undefined
      ? {}
      : { composite: { rule, triggeringAlarmArns: arnsFromReasonData(data.state.reasonData) } }),
    delivery,
  };
};

const fromSnsMessage = (message: SnsAlarmMessage): Alarm => {
  const metrics: AlarmMetric[] = [];
  const trigger = message.Trigger;
  if (trigger && (trigger.MetricName !== undefined || trigger.Dimensions !== undefined)) {
    metrics.push({
      namespace: trigger.Namespace ?? '',
      name: trigger.MetricName ?? '',
      dimensions: dimensionMap(trigger.Dimensions ?? []),
    });
  }
  for (const entry of trigger?.Metrics ?? []) {
    if (!entry.MetricStat) continue;
    const { Namespace, MetricName, Dimensions } = entry.MetricStat.Metric;
    metrics.push({ namespace: Namespace, name: MetricName, dimensions: dimensionMap(Dimensions) });
  }
  const rule = message.AlarmRule;
  return {
    name: message.AlarmName,
    arn: message.AlarmArn,
    ...identityOf(message.AlarmArn),
    state: message.NewStateValue,
    previousState: message.OldStateValue ?? null,
    reason: message.NewStateReason,
    changedAt: message.StateChangeTime,
    metrics,
    ...(rule === undefined
      ? {}
      : { composite: { rule, triggeringAlarmArns: childArns(message.TriggeringChildren ?? []) } }),
    delivery: 'sns',
  };
};

const dimensionMap = (dimensions: { name: string; value: string }[]): Record<string, string> =>
  Object.fromEntries(dimensions.map((d) => [d.name, d.value]));

/**
 * Composite alarms: `state.reasonData` is a JSON string `{"triggeringAlarms":[{"arn":…}]}`.
 * Read defensively: anything unexpected gives no children rather than a failed parse, since the
 * use case can still report the composite by name.
 */
const arnsFromReasonData = (reasonData: unknown): string[] => {
  if (typeof reasonData !== 'string') return [];
  let data: unknown;
  try {
    data = JSON.parse(reasonData);
  } catch {
    return [];
  }
  if (!isRecord(data) || !Array.isArray(data.triggeringAlarms)) return [];
  return childArns(data.triggeringAlarms);
};

/** ARNs from `[{ arn }]` (reasonData), `[{ Arn }]` (SNS captures) or `[string]` (SNS docs). */
const childArns = (children: unknown[]): string[] => {
  const arns = children.map((child) =>
    typeof child === 'string' ? child : isRecord(child) ? (child.arn ?? child.Arn) : undefined,
  );
  const valid = arns.filter((a): a is string => typeof a === 'string' && parseAlarmArn(a) !== null);
  return [...new Set(valid)];
};
