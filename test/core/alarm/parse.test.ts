import { describe, expect, it } from 'vitest';
import { parseAlarmEvent } from '../../../functions/core/alarm/parse.js';
import type { Alarm } from '../../../functions/core/alarm/types.js';
import {
  changed,
  DELETE,
  eventFixtureNames,
  loadEvent,
  parseOne,
  snsMessageChanged,
} from './events.js';

const EC2 = 'AWS/EC2';
const INSTANCE = { InstanceId: 'i-12345678901234567' };

/** What each AWS sample that is an alarm state change must read as (all but `reason`). */
const ALARMS: Record<string, Omit<Alarm, 'reason'>> = {
  'eventbridge/alarm-state-change-metric-alarm': {
    name: 'ServerCpuTooHigh',
    arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh',
    region: 'us-east-1',
    account: '123456789012',
    state: 'ALARM',
    previousState: 'OK',
    changedAt: '2019-10-02T17:04:40.989Z',
    metrics: [{ namespace: EC2, name: 'CPUUtilization', dimensions: INSTANCE }],
    delivery: 'eventbridge',
  },
  'eventbridge/alarm-state-change-metric-math-alarm': {
    name: 'TotalNetworkTrafficTooHigh',
    arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:TotalNetworkTrafficTooHigh',
    region: 'us-east-1',
    account: '123456789012',
    state: 'ALARM',
    previousState: 'INSUFFICIENT_DATA',
    changedAt: '2019-10-02T17:20:48.554Z',
    metrics: [
      { namespace: EC2, name: 'NetworkIn', dimensions: INSTANCE },
      { namespace: EC2, name: 'NetworkOut', dimensions: INSTANCE },
    ],
    delivery: 'eventbridge',
  },
  'eventbridge/alarm-state-change-anomaly-detection-alarm': {
    name: 'EC2 CPU Utilization Anomaly',
    arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:EC2 CPU Utilization Anomaly',
    region: 'us-east-1',
    account: '123456789012',
    state: 'ALARM',
    previousState: 'OK',
    changedAt: '2019-10-03T16:00:04.653Z',
    metrics: [{ namespace: EC2, name: 'CPUUtilization', dimensions: INSTANCE }],
    delivery: 'eventbridge',
  },
  'eventbridge/alarm-state-change-composite-alarm': {
    name: 'ServiceAggregatedAlarm',
    arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServiceAggregatedAlarm',
    region: 'us-east-1',
    account: '123456789012',
    state: 'ALARM',
    previousState: 'OK',
    changedAt: '2022-07-22T15:57:45.394Z',
    metrics: [],
    // The children of this change (state.reasonData), not those of the previous state.
    composite: {
      rule: 'ALARM(ServerCpuTooHigh) OR ALARM(TotalNetworkTrafficTooHigh)',
      triggeringAlarmArns: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh'],
    },
    delivery: 'eventbridge',
  },
  // The aws-lambda-go fixtures keep AWS's placeholders: the ARN says REGION and ACCOUNT_NUMBER,
  // and the region code comes from the ARN, never from the display name in `Region`.
  'sns/alarm-single-metric': {
    name: 'EXAMPLE',
    arn: 'arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:EXAMPLE',
    region: 'REGION',
    account: 'ACCOUNT_NUMBER',
    state: 'ALARM',
    previousState: 'INSUFFICIENT_DATA',
    changedAt: '2015-06-03T17:43:27.123Z',
    metrics: [{ namespace: EC2, name: 'NetworkOut', dimensions: { InstanceId: 'TestInstance' } }],
    delivery: 'sns',
  },
  'sns/alarm-metric-math': {
    name: 'EXAMPLE',
    arn: 'arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:EXAMPLE',
    region: 'REGION',
    account: 'ACCOUNT_NUMBER',
    state: 'ALARM',
    previousState: 'INSUFFICIENT_DATA',
    changedAt: '2015-06-03T17:43:27.123Z',
    metrics: [{ namespace: EC2, name: 'NetworkOut', dimensions: { InstanceId: 'TestInstance' } }],
    delivery: 'sns',
  },
  // Powertools' capture: its accountId (123456789012) was redacted apart from its ARN; the
  // account is the ARN's, as for every shape.
  'lambda-action/metric-math-alarm': {
    name: 'Test alert',
    arn: 'arn:aws:cloudwatch:eu-west-1:912397435824:alarm:test_alarm',
    region: 'eu-west-1',
    account: '912397435824',
    state: 'ALARM',
    previousState: 'OK',
    changedAt: '2024-02-17T11:53:08.431Z',
    metrics: [
      { namespace: 'AWS/Lambda', name: 'Invocations', dimensions: {} },
      { namespace: 'AWS/Lambda', name: 'Duration', dimensions: {} },
    ],
    delivery: 'lambda-action',
  },
  // The docs' sample: its name and ARN disagree (CompositeDemo vs SuppressionDemo) as printed.
  'lambda-action/composite-alarm': {
    name: 'CompositeDemo.Main',
    arn: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:SuppressionDemo.Main',
    region: 'us-east-1',
    account: '111122223333',
    state: 'ALARM',
    previousState: 'ALARM',
    changedAt: '2023-08-04T12:56:46.138Z',
    metrics: [],
    composite: {
      rule: 'ALARM(CompositeDemo.FirstChild) OR ALARM(CompositeDemo.SecondChild)',
      triggeringAlarmArns: [
        'arn:aws:cloudwatch:us-east-1:111122223333:alarm:CompositeDemo.FirstChild',
      ],
    },
    delivery: 'lambda-action',
  },
};

/** Samples that are well-formed events of another kind, with the reason given. */
const NOT_ALARMS: Record<string, string> = {
  'eventbridge/alarm-config-change-composite-create':
    "EventBridge event of detail-type 'CloudWatch Alarm Configuration Change' is not an alarm state change",
  'eventbridge/ssm-command-invocation-status-change':
    "EventBridge event of detail-type 'EC2 Command Invocation Status-change Notification' is not an alarm state change",
  'eventbridge/ssm-command-status-change':
    "EventBridge event of detail-type 'EC2 Command Status-change Notification' is not an alarm state change",
  'slack/block-actions-payload':
    'event is not an EventBridge, SNS or CloudWatch alarm-action event',
};

/**
 * The Rust runtime's copy of the docs' metric-alarm sample carries conversion artefacts (spaces
 * inside the ARN and timestamps, see its .source.txt). It is rejected, and reads once cleaned.
 */
const ARTEFACT = 'lambda-action/metric-alarm';

describe('parseAlarmEvent on the AWS samples', () => {
  it('has an expectation for every sample in test/fixtures/events', () => {
    // Prepare
    const known = [...Object.keys(ALARMS), ...Object.keys(NOT_ALARMS), ARTEFACT].sort();

    // Act
    const names = eventFixtureNames();

    // Assess
    expect(names).toEqual(known);
  });

  it.each(Object.entries(ALARMS))('reads %s', (name, expected) => {
    // Prepare
    const event = loadEvent(name);

    // Act
    const alarm = parseOne(event);

    // Assess
    const { reason, ...rest } = alarm;
    expect(rest).toEqual(expected);
    expect(reason.length).toBeGreaterThan(0);
  });

  it.each(Object.entries(NOT_ALARMS))('says %s is not an alarm', (name, error) => {
    // Prepare
    const event = loadEvent(name);

    // Act
    const result = parseAlarmEvent(event);

    // Assess
    expect(result).toEqual({ success: false, kind: 'not-an-alarm', error });
  });

  it('takes the reason from the new state', () => {
    // Prepare
    const event = loadEvent('eventbridge/alarm-state-change-metric-alarm');

    // Act
    const alarm = parseOne(event);

    // Assess
    expect(alarm.reason).toMatch(/^Threshold Crossed: .*99\.50160229693434.*was greater than/);
  });

  it('rejects the Rust copy of the Lambda-action sample for its spaced ARN and timestamp', () => {
    // Prepare
    const event = loadEvent(ARTEFACT);

    // Act
    const result = parseAlarmEvent(event);

    // Assess
    expect(result).toMatchObject({ success: false, kind: 'malformed' });
    if (result.success) return;
    expect(result.error).toMatch(
      /^Lambda alarm action: alarmArn: .* is not a CloudWatch alarm ARN/,
    );
    expect(result.error).toContain(
      "alarmData.state.timestamp: '2023-08-04T12: 36: 15.490+0000' is not an ISO 8601 timestamp",
    );
  });

  it('reads the Rust copy of the Lambda-action sample once its artefacts are removed', () => {
    // Prepare
    let event = loadEvent(ARTEFACT);
    event = changed(
      event,
      ['alarmArn'],
      'arn:aws:cloudwatch:us-east-1:444455556666:alarm:lambda-demo-metric-alarm',
    );
    event = changed(event, ['alarmData', 'state', 'timestamp'], '2023-08-04T12:36:15.490+0000');

    // Act
    const alarm = parseOne(event);

    // Assess
    expect(alarm).toEqual({
      name: 'lambda-demo-metric-alarm',
      arn: 'arn:aws:cloudwatch:us-east-1:444455556666:alarm:lambda-demo-metric-alarm',
      region: 'us-east-1',
      account: '444455556666',
      state: 'ALARM',
      previousState: 'INSUFFICIENT_DATA',
      reason: 'test',
      changedAt: '2023-08-04T12:36:15.490Z',
      metrics: [
        { namespace: 'AWS/Logs', name: 'CallCount', dimensions: { InstanceId: 'i-12345678' } },
      ],
      delivery: 'lambda-action',
    });
  });
});

describe('parseAlarmEvent with SNS', () => {
  it('gives one alarm per record', () => {
    // Prepare
    const single = loadEvent('sns/alarm-single-metric') as { Records: unknown[] };
    const math = loadEvent('sns/alarm-metric-math') as { Records: unknown[] };
    const event = { Records: [...single.Records, ...math.Records] };

    // Act
    const result = parseAlarmEvent(event);

    // Assess
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.map((a) => a.metrics.length)).toEqual([1, 1]);
  });

  it('reads a composite alarm notification, children as objects or as strings', () => {
    // Prepare: the CloudWatch guide's composite schema ("AlarmRule", "TriggeringChildren" typed
    // [String]) and the `{ Arn, State }` objects captured messages show instead.
    const child = (name: string) => `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`;
    let event = loadEvent('sns/alarm-single-metric');
    event = snsMessageChanged(event, ['Trigger'], DELETE);
    event = snsMessageChanged(event, ['AlarmArn'], child('Composite'));
    event = snsMessageChanged(event, ['AlarmRule'], 'ALARM(cpu) OR ALARM(mem)');
    event = snsMessageChanged(
      event,
      ['TriggeringChildren'],
      [
        { Arn: child('cpu'), State: { Value: 'ALARM', Timestamp: '2021-11-10T02:45:55.640+0000' } },
        child('mem'),
        { Arn: 'not an arn' },
        42,
      ],
    );

    // Act
    const alarm = parseOne(event);

    // Assess
    expect(alarm.region).toBe('eu-west-1');
    expect(alarm.metrics).toEqual([]);
    expect(alarm.composite).toEqual({
      rule: 'ALARM(cpu) OR ALARM(mem)',
      triggeringAlarmArns: [child('cpu'), child('mem')],
    });
  });

  it('is not bothered by an odd TreatMissingData, Unit or Region', () => {
    // Prepare
    let event = loadEvent('sns/alarm-single-metric');
    event = snsMessageChanged(event, ['Trigger', 'TreatMissingData'], 7);
    event = snsMessageChanged(event, ['Trigger', 'Unit'], null);
    event = snsMessageChanged(event, ['Region'], 'EU (London)');

    // Act
    const alarm = parseOne(event);

    // Assess
    expect(alarm.region).toBe('REGION');
  });

  it('reads a missing OldStateValue as an unknown previous state', () => {
    // Prepare
    const event = snsMessageChanged(
      loadEvent('sns/alarm-single-metric'),
      ['OldStateValue'],
      DELETE,
    );

    // Act
    const alarm = parseOne(event);

    // Assess
    expect(alarm.previousState).toBeNull();
  });

  it('says a notification that names no alarm is not an alarm', () => {
    // Prepare
    const event = changed(
      loadEvent('sns/alarm-single-metric'),
      ['Records', 0, 'Sns', 'Message'],
      JSON.stringify({ Event: 'autoscaling:EC2_INSTANCE_LAUNCH' }),
    );

    // Act
    const result = parseAlarmEvent(event);

    // Assess
    expect(result).toEqual({
      success: false,
      kind: 'not-an-alarm',
      error: 'SNS record 0: Message is not a CloudWatch alarm notification',
    });
  });

  it('says records from another service are not alarms', () => {
    // Prepare
    const event = { Records: [{ eventSource: 'aws:sqs', body: '{}' }] };

    // Act
    const result = parseAlarmEvent(event);

    // Assess
    expect(result).toEqual({
      success: false,
      kind: 'not-an-alarm',
      error: "record 0 comes from 'aws:sqs', not from SNS",
    });
  });
});

describe('parseAlarmEvent leniency', () => {
  it('reads an EventBridge event with alarm tags, suppression fields and unknown keys', () => {
    // Prepare
    let event = loadEvent('eventbridge/alarm-state-change-metric-alarm');
    event = changed(event, ['detail', 'alarmTags'], { team: 'web', 'cost-centre': 42 });
    event = changed(event, ['detail', 'alarmTagsStatus'], 'PROPAGATED');
    event = changed(event, ['detail', 'state', 'actionsSuppressedBy'], { unexpected: true });
    event = changed(event, ['detail', 'somethingNew'], [1, 2, 3]);

    // Act
    const alarm = parseOne(event);

    // Assess
    expect(alarm.name).toBe('ServerCpuTooHigh');
  });

  it('reads a missing previous state as unknown', () => {
    // Prepare
    const event = changed(
      loadEvent('eventbridge/alarm-state-change-metric-alarm'),
      ['detail', 'previousState'],
      DELETE,
    );

    // Act
    const alarm = parseOne(event);

    // Assess
    expect(alarm.previousState).toBeNull();
  });

  it('reads metrics without dimensions as having none', () => {
    // Prepare
    const event = changed(
      loadEvent('eventbridge/alarm-state-change-metric-alarm'),
      ['detail', 'configuration', 'metrics', 0, 'metricStat', 'metric', 'dimensions'],
      DELETE,
    );

    // Act
    const alarm = parseOne(event);

    // Assess
    expect(alarm.metrics).toEqual([{ namespace: EC2, name: 'CPUUtilization', dimensions: {} }]);
  });

  it.each([
    ['not JSON', '{"triggeringAlarms": ['],
    ['JSON of another shape', '{"triggeringAlarms": "ServerCpuTooHigh"}'],
    ['not a string', { triggeringAlarms: [] }],
  ])('reads a composite whose reasonData is %s as having no known children', (_, reasonData) => {
    // Prepare
    const event = changed(
      loadEvent('eventbridge/alarm-state-change-composite-alarm'),
      ['detail', 'state', 'reasonData'],
      reasonData,
    );

    // Act
    const alarm = parseOne(event);

    // Assess
    expect(alarm.composite?.triggeringAlarmArns).toEqual([]);
  });

  it('normalises a timestamp with a +00:00 or other offset to UTC', () => {
    // Prepare
    const event = changed(
      loadEvent('eventbridge/alarm-state-change-metric-alarm'),
      ['detail', 'state', 'timestamp'],
      '2019-10-02T19:04:40.989+02:00',
    );

    // Act
    const alarm = parseOne(event);

    // Assess
    expect(alarm.changedAt).toBe('2019-10-02T17:04:40.989Z');
  });
});

describe('parseAlarmEvent on malformed events', () => {
  const eventBridge = () => loadEvent('eventbridge/alarm-state-change-metric-alarm');
  const sns = () => loadEvent('sns/alarm-single-metric');
  const action = () => loadEvent('lambda-action/metric-math-alarm');

  it.each([
    ['null', null, 'event is null, not an object'],
    ['a string', 'ALARM', 'event is a string, not an object'],
    ['an array', [], 'event is an array, not an object'],
    [
      'EventBridge without detail',
      changed(eventBridge(), ['detail'], DELETE),
      'EventBridge alarm event: detail: Invalid input: expected object, received undefined',
    ],
    [
      'EventBridge with an unknown state',
      changed(eventBridge(), ['detail', 'state', 'value'], 'FIRING'),
      'EventBridge alarm event: detail.state.value: Invalid option: expected one of "OK"|"ALARM"|"INSUFFICIENT_DATA"',
    ],
    [
      'EventBridge with no resources',
      changed(eventBridge(), ['resources'], []),
      'EventBridge alarm event: resources[0]: Invalid input: expected string, received undefined',
    ],
    [
      'EventBridge whose resource is not an alarm ARN',
      changed(eventBridge(), ['resources', 0], 'arn:aws:ec2:us-east-1:123456789012:instance/i-1'),
      "EventBridge alarm event: resources[0]: 'arn:aws:ec2:us-east-1:123456789012:instance/i-1' is not a CloudWatch alarm ARN (arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME)",
    ],
    [
      'EventBridge with a numeric dimension',
      changed(
        eventBridge(),
        [
          'detail',
          'configuration',
          'metrics',
          0,
          'metricStat',
          'metric',
          'dimensions',
          'InstanceId',
        ],
        42,
      ),
      'EventBridge alarm event: detail.configuration.metrics[0].metricStat.metric.dimensions.InstanceId: Invalid input: expected string, received number',
    ],
    [
      'EventBridge with a non-date timestamp',
      changed(eventBridge(), ['detail', 'state', 'timestamp'], '1'),
      "EventBridge alarm event: detail.state.timestamp: '1' is not an ISO 8601 timestamp",
    ],
    [
      'EventBridge with a non-string detail-type',
      changed(eventBridge(), ['detail-type'], 7),
      'EventBridge event: detail-type is a number, not a string',
    ],
    ['SNS with no records', { Records: [] }, 'SNS event has no Records'],
    [
      'SNS with Records not an array',
      { Records: {} },
      'SNS event: Records is an object, not an array',
    ],
    [
      'SNS whose Message is not JSON',
      changed(sns(), ['Records', 0, 'Sns', 'Message'], 'ALARM: cpu high'),
      'SNS record 0: Message is not JSON',
    ],
    [
      'SNS whose Message is not a string',
      changed(sns(), ['Records', 0, 'Sns', 'Message'], { AlarmName: 'x' }),
      'SNS record 0: Sns.Message: Invalid input: expected string, received object',
    ],
    [
      'SNS without Sns',
      changed(sns(), ['Records', 0, 'Sns'], DELETE),
      'SNS record 0: Sns: Invalid input: expected object, received undefined',
    ],
    [
      'SNS without StateChangeTime',
      snsMessageChanged(sns(), ['StateChangeTime'], DELETE),
      'SNS record 0: StateChangeTime: Invalid input: expected string, received undefined',
    ],
    [
      'SNS with dimensions as an object map',
      snsMessageChanged(sns(), ['Trigger', 'Dimensions'], { InstanceId: 'i-12345678' }),
      'SNS record 0: Trigger.Dimensions: Invalid input: expected array, received object',
    ],
    [
      'a Lambda action without alarmData',
      changed(action(), ['alarmData'], DELETE),
      'Lambda alarm action: alarmData: Invalid input: expected object, received undefined',
    ],
    [
      'a Lambda action with a numeric alarm name',
      changed(action(), ['alarmData', 'alarmName'], 12),
      'Lambda alarm action: alarmData.alarmName: Invalid input: expected string, received number',
    ],
  ])('says %s is malformed, and why', (_, event, error) => {
    // Act
    const result = parseAlarmEvent(event);

    // Assess
    expect(result).toEqual({ success: false, kind: 'malformed', error });
  });

  it('fails the whole SNS event when one record is malformed, naming the record', () => {
    // Prepare
    const good = (sns() as { Records: unknown[] }).Records[0];
    const event = { Records: [good, { EventSource: 'aws:sns', Sns: { Message: '{' } }] };

    // Act
    const result = parseAlarmEvent(event);

    // Assess
    expect(result).toEqual({
      success: false,
      kind: 'malformed',
      error: 'SNS record 1: Message is not JSON',
    });
  });

  it('lists at most three problems', () => {
    // Prepare
    const event = changed(changed(eventBridge(), ['detail'], {}), ['resources'], ['nope']);

    // Act
    const result = parseAlarmEvent(event);

    // Assess
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error).toMatch(
      /^EventBridge alarm event: resources\[0\]: .*; detail\.alarmName: .*; detail\.state: .* \(and 1 more\)$/,
    );
  });
});
