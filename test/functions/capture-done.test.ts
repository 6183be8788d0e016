import '../setup-aws.js';
import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeInstanceCreditSpecificationsCommand,
  DescribeInstancesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  GetCommandInvocationCommand,
  InvocationDoesNotExist,
  SSMClient,
} from '@aws-sdk/client-ssm';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys } from '../../functions/adapters/aws/triage-store.js';
import { handler } from '../../functions/capture-done/handler.js';
import { logger } from '../../functions/logger.js';
import type { TriageRecord } from '../../functions/triage/model.js';
import {
  commandInvocation,
  compressed,
  creditSpecifications,
  describeInstances,
  metricData,
} from '../adapters/aws/responses.js';
import { loadFixture } from '../helpers/fixtures.js';
import { lambdaContext } from '../helpers/lambda-context.js';
import { cpuAlarm } from '../triage/fakes.js';

const ssm = mockClient(SSMClient);
const ec2 = mockClient(EC2Client);
const cloudWatch = mockClient(CloudWatchClient);
const dynamo = mockClient(DynamoDBDocumentClient);

const context = lambdaContext('CaptureDoneFunction', 60_000);

/** The AWS docs' invocation event (instance i-9bb89e2b, command e8d3c0e4-…). */
const statusEvent = (status = 'Success') => {
  const event = JSON.parse(
    loadFixture('events/eventbridge/ssm-command-invocation-status-change.json'),
  );
  event.detail.status = status;
  event.detail['document-name'] = 'AWS-RunShellScript';
  return event;
};
const INSTANCE = 'i-9bb89e2b';
const COMMAND = 'e8d3c0e4-71f7-4491-898f-c9b35bee5f3b';
const TRIAGE = 'tr-0123456789abcdef';
const CAPTURE = loadFixture('captures/local/debian12-idle.txt');

const record: TriageRecord = {
  triageId: TRIAGE,
  transitionKey: 'k',
  alarm: cpuAlarm(),
  targets: [{ kind: 'instance', instanceId: INSTANCE }],
  instances: [
    {
      instanceId: INSTANCE,
      commandId: COMMAND,
      status: 'capturing',
      executionTimeoutSeconds: 55,
      deliveryTimeoutSeconds: 60,
    },
  ],
  startedAt: '2026-11-22T09:10:45.000Z',
  status: 'capturing',
  seconds: 10,
  deep: 'auto',
};

const notices = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls
    .filter(([message]) => typeof message === 'string' && message.startsWith('notify:'))
    .map(([, attributes]) => attributes as Record<string, unknown>);

describe('capture-done handler', () => {
  beforeAll(() => {
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('TABLE_NAME', 'AlertTriage-TriageTable-1A2B3C4D');
    vi.stubEnv('CAPTURE_DOCUMENT_NAME', 'AlertTriage-CaptureDocument-1A2B3C4D');
    logger.setLogLevel('SILENT');
  });

  beforeEach(() => {
    for (const mock of [ssm, ec2, cloudWatch, dynamo]) mock.reset();
    dynamo
      .on(GetCommand)
      .resolves({})
      .on(GetCommand, { Key: keys.command(COMMAND) })
      .resolves({ Item: { ...keys.command(COMMAND), triageId: TRIAGE } })
      .on(GetCommand, { Key: keys.triage(TRIAGE) })
      .resolves({ Item: { ...keys.triage(TRIAGE), type: 'triage', ...record } })
      .on(PutCommand)
      .resolves({});
    ec2
      .on(DescribeInstancesCommand)
      .resolves(describeInstances({ instanceId: INSTANCE, instanceType: 't3.micro' }))
      .on(DescribeInstanceCreditSpecificationsCommand)
      .resolves(creditSpecifications(INSTANCE, 'standard'));
    cloudWatch
      .on(GetMetricDataCommand)
      .callsFake(metricData({ CPUUtilization: () => 30, CPUCreditBalance: () => 144 }))
      .on(ListMetricsCommand)
      .resolves({ Metrics: [] });
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads a successful capture, classifies it and stores the diagnosis', async () => {
    // Prepare
    ssm
      .on(GetCommandInvocationCommand)
      .resolves(
        commandInvocation({ instanceId: INSTANCE, status: 'Success', stdout: compressed(CAPTURE) }),
      );
    const info = vi.spyOn(logger, 'info');
    const appendKeys = vi.spyOn(logger, 'appendKeys');

    // Act
    await handler(statusEvent(), context);

    // Assess
    expect(ssm).toHaveReceivedCommandWith(GetCommandInvocationCommand, {
      CommandId: COMMAND,
      InstanceId: INSTANCE,
    });
    const [done] = notices(info);
    expect(done).toMatchObject({ notice: 'triage-done', instanceId: INSTANCE });
    expect(done?.ruledOut).toEqual(
      expect.arrayContaining([expect.stringMatching(/^credit-exhaustion: CPU credits: 144/)]),
    );
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: expect.objectContaining({
        pk: `TRIAGE#${TRIAGE}`,
        sk: `RESULT#${INSTANCE}#${COMMAND}`,
        outcome: 'diagnosed',
        capture: expect.any(Uint8Array),
      }),
    });
    expect(appendKeys).toHaveBeenCalledWith(
      expect.objectContaining({
        triageId: TRIAGE,
        alarmName: 'ServerCpuTooHigh',
        instanceId: INSTANCE,
      }),
    );
    // No log line carries the capture text.
    const logged = JSON.stringify(info.mock.calls);
    expect(logged).not.toContain('load average');
  });

  it('waits out InvocationDoesNotExist, then reads the result', async () => {
    // Prepare
    ssm
      .on(GetCommandInvocationCommand)
      .rejectsOnce(new InvocationDoesNotExist({ message: '', $metadata: {} }))
      .resolves(commandInvocation({ instanceId: INSTANCE, status: 'Success', stdout: CAPTURE }));

    // Act
    await handler(statusEvent(), context);

    // Assess
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 2);
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ outcome: 'diagnosed' }),
    });
  });

  it('reports an execution timeout with the timeout it was sent with', async () => {
    // Prepare
    ssm.on(GetCommandInvocationCommand).resolves(
      commandInvocation({
        instanceId: INSTANCE,
        status: 'TimedOut',
        details: 'Execution Timed Out',
      }),
    );
    const warn = vi.spyOn(logger, 'warn');

    // Act
    await handler(statusEvent('TimedOut'), context);

    // Assess
    const [failed] = notices(warn);
    expect(failed).toMatchObject({ notice: 'triage-failed', code: 'ssm_execution_timed_out' });
    expect(failed?.reason).toMatch(/55-second execution timeout/);
    expect(failed?.reason).toMatch(
      /CloudWatch shows CPUUtilization 30%.*CPUCreditBalance 144 \(t3\.micro, standard\)/,
    );
  });

  it('parks the event of a command it does not know yet, for the sweep', async () => {
    // Prepare
    const event = statusEvent();
    event.detail['command-id'] = '11111111-2222-3333-4444-555555555555';

    // Act
    await handler(event, context);

    // Assess
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 0);
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 1);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      pk: 'PARKED',
      status: 'Success',
      end: 'success',
    });
  });

  it('sweeps overdue captures on EventBridge’s scheduled event', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const scheduled = {
      version: '0',
      id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: '2026-11-22T09:20:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/AlertTriage-Sweep'],
      detail: {},
    };

    // Act
    await handler(scheduled, context);

    // Assess
    const pks = dynamo
      .commandCalls(QueryCommand)
      .map((c) => c.args[0].input.ExpressionAttributeValues?.[':pk']);
    expect(pks).toEqual(['DEADLINE', 'PARKED']);
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 0);
  });

  it('ignores an invocation still in progress without reading the table', async () => {
    // Act
    await handler(statusEvent('InProgress'), context);

    // Assess
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 0);
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 0);
  });

  it.each([
    ['undefined', undefined],
    [
      'an alarm event',
      JSON.parse(loadFixture('events/eventbridge/alarm-state-change-metric-alarm.json')),
    ],
    [
      'the command-level SSM event',
      JSON.parse(loadFixture('events/eventbridge/ssm-command-status-change.json')),
    ],
    [
      'an event with a forged instance id',
      { ...statusEvent(), detail: { ...statusEvent().detail, 'instance-id': '$(reboot)' } },
    ],
  ])('acknowledges %s with a warning, never a throw', async (_name, event) => {
    // Prepare
    const warn = vi.spyOn(logger, 'warn');

    // Act
    await expect(handler(event, context)).resolves.toBeUndefined();

    // Assess
    expect(warn).toHaveBeenCalledWith(
      'capture status event ignored',
      expect.objectContaining({ reason: expect.any(String) }),
    );
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 0);
  });
});
