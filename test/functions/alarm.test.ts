import '../setup-aws.js';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeInstanceCreditSpecificationsCommand,
  DescribeInstancesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  DescribeInstanceInformationCommand,
  SendCommandCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/alarm/handler.js';
import { logger } from '../../functions/logger.js';
import {
  creditSpecifications,
  describeInstances,
  instanceInformation,
  metricData,
  sendCommandOutput,
} from '../adapters/aws/responses.js';
import { loadFixture } from '../helpers/fixtures.js';
import { lambdaContext } from '../helpers/lambda-context.js';

const ssm = mockClient(SSMClient);
const ec2 = mockClient(EC2Client);
const cloudWatch = mockClient(CloudWatchClient);
const autoScaling = mockClient(AutoScalingClient);
const dynamo = mockClient(DynamoDBDocumentClient);

const context = lambdaContext('AlarmFunction', 30_000);

/** The EventBridge metric alarm of the AWS docs: `AWS/EC2 CPUUtilization {InstanceId}`. */
const metricAlarmEvent = () =>
  JSON.parse(loadFixture('events/eventbridge/alarm-state-change-metric-alarm.json'));
const INSTANCE = 'i-12345678901234567';

/** The same event pointing at other dimensions. */
const withDimensions = (dimensions: Record<string, string>) => {
  const event = metricAlarmEvent();
  event.detail.configuration.metrics[0].metricStat.metric.dimensions = dimensions;
  return event;
};

/**
 * A table that keeps what is put and enforces `attribute_not_exists(pk)` (alone or first in an
 * OR) as DynamoDB does, in puts and transactions; it has no mutes. Updates are not kept.
 */
const emulateTable = () => {
  const items = new Map<string, Record<string, unknown>>();
  const keyOf = (item: Record<string, unknown>) => `${item.pk}|${item.sk}`;
  const refused = (item: Record<string, unknown>, condition: string | undefined) =>
    condition === 'attribute_not_exists(pk)' && items.has(keyOf(item));
  dynamo.on(PutCommand).callsFake((input) => {
    if (refused(input.Item, input.ConditionExpression)) {
      throw new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
      });
    }
    items.set(keyOf(input.Item), input.Item);
    return {};
  });
  dynamo.on(GetCommand).callsFake((input) => ({ Item: items.get(keyOf(input.Key)) }));
  dynamo.on(TransactWriteCommand).callsFake((input) => {
    const puts = (input.TransactItems ?? []).map(
      (t: { Put?: { Item: Record<string, unknown>; ConditionExpression?: string } }) => t.Put,
    );
    const reasons = puts.map(
      (put: { Item: Record<string, unknown>; ConditionExpression?: string } | undefined) => ({
        Code: put && refused(put.Item, put.ConditionExpression) ? 'ConditionalCheckFailed' : 'None',
      }),
    );
    if (reasons.some((r: { Code: string }) => r.Code !== 'None')) {
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: reasons,
      });
    }
    for (const put of puts) if (put) items.set(keyOf(put.Item), put.Item);
    return {};
  });
};

const notices = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls
    .filter(([message]) => typeof message === 'string' && message.startsWith('notify:'))
    .map(([, attributes]) => attributes as Record<string, unknown>);

describe('alarm handler', () => {
  beforeAll(() => {
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('TABLE_NAME', 'AlertTriage-TriageTable-1A2B3C4D');
    vi.stubEnv('CAPTURE_DOCUMENT_NAME', 'AlertTriage-CaptureDocument-1A2B3C4D');
    vi.stubEnv('HOTTEST_N', '2');
    logger.setLogLevel('SILENT');
  });

  beforeEach(() => {
    for (const mock of [ssm, ec2, cloudWatch, autoScaling, dynamo]) mock.reset();
    emulateTable();
    ec2
      .on(DescribeInstancesCommand)
      .resolves(describeInstances({ instanceId: INSTANCE, instanceType: 'm5.large' }))
      .on(DescribeInstanceCreditSpecificationsCommand)
      .resolves(creditSpecifications(INSTANCE, 'standard'));
    ssm
      .on(DescribeInstanceInformationCommand)
      .resolves({ InstanceInformationList: [instanceInformation(INSTANCE)] })
      .on(SendCommandCommand)
      .resolves(sendCommandOutput(INSTANCE));
    cloudWatch
      .on(GetMetricDataCommand)
      .callsFake(metricData({ CPUUtilization: () => 99.5 }))
      .on(ListMetricsCommand)
      .resolves({ Metrics: [] })
      // Every alarm asked about is still in ALARM, since long before its event.
      .on(DescribeAlarmsCommand)
      .callsFake((input: { AlarmNames?: string[] }) => ({
        CompositeAlarms: (input.AlarmNames ?? []).map((AlarmName) => ({
          AlarmName,
          StateValue: 'ALARM',
          StateUpdatedTimestamp: new Date('2019-01-01T00:00:00Z'),
        })),
      }));
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('captures the instance an EventBridge metric alarm names', async () => {
    // Act
    await handler(metricAlarmEvent(), context);

    // Assess
    expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, {
      Filters: [{ Name: 'instance-id', Values: [INSTANCE] }],
    });
    expect(ssm).toHaveReceivedCommandWith(DescribeInstanceInformationCommand, {
      Filters: [{ Key: 'InstanceIds', Values: [INSTANCE] }],
    });
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(SendCommandCommand, {
      DocumentName: 'AlertTriage-CaptureDocument-1A2B3C4D',
      InstanceIds: [INSTANCE],
    });
    const triage = dynamo
      .commandCalls(TransactWriteCommand)
      .map((c) => c.args[0].input.TransactItems?.[0]?.Put?.Item)
      .filter((item) => item?.sk === 'TRIAGE');
    expect(triage.at(-1)).toMatchObject({ status: 'capturing' });
  });

  it('captures nothing for an ALARM that arrives after the alarm went back to OK', async () => {
    // Prepare
    cloudWatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        {
          AlarmName: 'ServerCpuTooHigh',
          StateValue: 'OK',
          StateUpdatedTimestamp: new Date('2019-10-02T17:09:40.989Z'),
        },
      ],
    });

    // Act
    await handler(metricAlarmEvent(), context);

    // Assess
    expect(cloudWatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, {
      AlarmNames: ['ServerCpuTooHigh'],
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
    });
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
  });

  it('sends one capture for the same event delivered five times', async () => {
    // Prepare
    const info = vi.spyOn(logger, 'info');

    // Act
    for (let i = 0; i < 5; i++) await handler(metricAlarmEvent(), context);

    // Assess
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
    expect(notices(info).map((n) => n.notice)).toEqual(['triage-started']);
  });

  it('captures the hottest instances of an Auto Scaling group', async () => {
    // Prepare
    const [a, b, c] = ['i-0aaaaaaaaaaaaaaaa', 'i-0bbbbbbbbbbbbbbbb', 'i-0cccccccccccccccc'];
    autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        {
          AutoScalingGroupName: 'web-asg',
          MinSize: 1,
          MaxSize: 6,
          DesiredCapacity: 3,
          DefaultCooldown: 300,
          AvailabilityZones: ['us-east-1a'],
          HealthCheckType: 'EC2',
          CreatedTime: new Date('2026-10-01T00:00:00Z'),
          Instances: [a, b, c].map((InstanceId) => ({
            InstanceId,
            AvailabilityZone: 'us-east-1a',
            LifecycleState: 'InService' as const,
            HealthStatus: 'Healthy',
            ProtectedFromScaleIn: false,
          })),
        },
      ],
    });
    ec2
      .on(DescribeInstancesCommand)
      .resolves(describeInstances(...[a, b, c].map((instanceId) => ({ instanceId }))));
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'cpu0_0', Values: [10], Timestamps: [new Date()], StatusCode: 'Complete' },
        { Id: 'cpu0_1', Values: [95], Timestamps: [new Date()], StatusCode: 'Complete' },
        { Id: 'cpu0_2', Values: [60], Timestamps: [new Date()], StatusCode: 'Complete' },
      ],
    });
    ssm
      .on(DescribeInstanceInformationCommand)
      .resolves({ InstanceInformationList: [a, b, c].map((id) => instanceInformation(id)) });

    // Act
    await handler(withDimensions({ AutoScalingGroupName: 'web-asg' }), context);

    // Assess: HOTTEST_N=2 → the 95% and the 60% instances, and the 10% one as a healthy peer.
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 3);
    expect(ssm).toHaveReceivedNthCommandWith(SendCommandCommand, 1, { InstanceIds: [b] });
    expect(ssm).toHaveReceivedNthCommandWith(SendCommandCommand, 2, { InstanceIds: [c] });
    expect(ssm).toHaveReceivedNthCommandWith(SendCommandCommand, 3, { InstanceIds: [a] });
  });

  it('finds a Beanstalk environment’s instances by its tag', async () => {
    // Prepare: only an instance carrying the environment's tag counts.
    ec2.on(DescribeInstancesCommand).resolves(
      describeInstances({
        instanceId: INSTANCE,
        instanceType: 'm5.large',
        tags: { 'elasticbeanstalk:environment-name': 'shop-prod' },
      }),
    );

    // Act
    await handler(withDimensions({ EnvironmentName: 'shop-prod' }), context);

    // Assess
    expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, {
      Filters: [
        { Name: 'tag:elasticbeanstalk:environment-name', Values: ['shop-prod'] },
        { Name: 'instance-state-name', Values: ['running'] },
      ],
    });
    expect(ssm).toHaveReceivedCommandWith(SendCommandCommand, { InstanceIds: [INSTANCE] });
  });

  it('follows a composite alarm to its triggering child', async () => {
    // Prepare: the child ServerCpuTooHigh (DescribeAlarms, botocore `MetricAlarm`).
    cloudWatch.on(DescribeAlarmsCommand, { AlarmNames: ['ServerCpuTooHigh'] }).resolves({
      MetricAlarms: [
        {
          AlarmName: 'ServerCpuTooHigh',
          AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh',
          StateValue: 'ALARM',
          MetricName: 'CPUUtilization',
          Namespace: 'AWS/EC2',
          Dimensions: [{ Name: 'InstanceId', Value: INSTANCE }],
        },
      ],
      CompositeAlarms: [],
    });
    const event = JSON.parse(
      loadFixture('events/eventbridge/alarm-state-change-composite-alarm.json'),
    );

    // Act
    await handler(event, context);

    // Assess
    expect(cloudWatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, {
      AlarmNames: ['ServerCpuTooHigh'],
    });
    expect(ssm).toHaveReceivedCommandWith(SendCommandCommand, { InstanceIds: [INSTANCE] });
  });

  it('reports an agent that lost its connection, with what CloudWatch shows', async () => {
    // Prepare
    ssm
      .on(DescribeInstanceInformationCommand)
      .resolves({ InstanceInformationList: [instanceInformation(INSTANCE, 'ConnectionLost')] });
    const warn = vi.spyOn(logger, 'warn');

    // Act
    await handler(metricAlarmEvent(), context);

    // Assess
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
    const [failed] = notices(warn);
    expect(failed).toMatchObject({ notice: 'triage-failed', code: 'ssm_agent_offline' });
    expect(failed?.reason).toMatch(/CloudWatch shows CPUUtilization 99\.5%/);
  });

  it('reports an instance SSM does not manage', async () => {
    // Prepare
    ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });
    const warn = vi.spyOn(logger, 'warn');

    // Act
    await handler(metricAlarmEvent(), context);

    // Assess
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
    expect(notices(warn)[0]).toMatchObject({ code: 'ssm_not_managed' });
  });

  it('reports a terminated instance without asking SSM anything', async () => {
    // Prepare
    ec2
      .on(DescribeInstancesCommand)
      .resolves(describeInstances({ instanceId: INSTANCE, state: 'terminated' }));
    const warn = vi.spyOn(logger, 'warn');

    // Act
    await handler(metricAlarmEvent(), context);

    // Assess
    expect(ssm).toHaveReceivedCommandTimes(DescribeInstanceInformationCommand, 0);
    expect(notices(warn)[0]).toMatchObject({ code: 'instance_not_running', instanceId: INSTANCE });
  });

  it('says there is nothing to capture for an alarm without instance dimensions', async () => {
    // Prepare: a metric-math alarm over AWS/Lambda metrics (powertools' captured event).
    const event = JSON.parse(loadFixture('events/lambda-action/metric-math-alarm.json'));
    const warn = vi.spyOn(logger, 'warn');

    // Act
    await handler(event, context);

    // Assess
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 0);
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
    expect(notices(warn)[0]).toMatchObject({ code: 'no_targets' });
  });

  it.each([
    ['null', null],
    ['a string', 'ALARM'],
    ['an object of no known shape', { hello: 'world' }],
    [
      'an alarm configuration change',
      JSON.parse(loadFixture('events/eventbridge/alarm-config-change-composite-create.json')),
    ],
    ['an EventBridge alarm event without its detail', { ...metricAlarmEvent(), detail: undefined }],
  ])('acknowledges %s with a warning, never a throw', async (_name, event) => {
    // Prepare
    const warn = vi.spyOn(logger, 'warn');

    // Act
    await expect(handler(event, context)).resolves.toBeUndefined();

    // Assess
    expect(warn).toHaveBeenCalledWith(
      'alarm event ignored',
      expect.objectContaining({ reason: expect.any(String) }),
    );
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 0);
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });

  it('resolves on ALARM → OK without capturing', async () => {
    // Prepare
    const event = metricAlarmEvent();
    event.detail.previousState.value = 'ALARM';
    event.detail.state.value = 'OK';

    // Act
    await handler(event, context);

    // Assess
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      Key: {
        pk: 'ALARM#arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh',
        sk: 'LATEST',
      },
    });
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });
});
