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
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCloudContext } from '../../functions/adapters/aws/aws-context.js';
import { invocationEnd } from '../../functions/adapters/aws/ssm-status.js';
import { blocksOf, readCapture } from '../../functions/core/capture/read.js';
import { type FinishTriageDeps, finishTriage } from '../../functions/triage/finish-triage.js';
import type { TriageRecord } from '../../functions/triage/model.js';
import type { Invocation } from '../../functions/triage/ports.js';
import {
  COMMAND_ID,
  compressed,
  creditSpecifications,
  describeInstances,
  listMemoryMetric,
  metricData,
} from '../adapters/aws/responses.js';
import { loadFixture } from '../helpers/fixtures.js';
import {
  cpuAlarm,
  FakeAwsContext,
  FakeClock,
  FakeExecutor,
  INSTANCE,
  MemoryLog,
  MemoryStore,
  RecordingNotifier,
} from './fakes.js';

/** A real capture (capture.sh on Debian 12), without the fixture's `# source:` line. */
const CAPTURE = loadFixture('captures/local/debian12-idle.txt')
  .split('\n')
  .filter((line) => !line.startsWith('# source:'))
  .join('\n');
const TRIAGE_ID = 'tr-0123456789abcdef';

const record = (): TriageRecord => ({
  triageId: TRIAGE_ID,
  transitionKey:
    'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh#2026-11-22T09:10:40.989Z',
  alarm: cpuAlarm(),
  targets: [{ kind: 'instance', instanceId: INSTANCE }],
  instances: [
    {
      instanceId: INSTANCE,
      instanceType: 't3.micro',
      commandId: COMMAND_ID,
      status: 'capturing',
      executionTimeoutSeconds: 55,
      deliveryTimeoutSeconds: 60,
    },
  ],
  startedAt: '2026-11-22T09:10:45.000Z',
  status: 'capturing',
  seconds: 10,
  deep: 'auto',
  notification: { channel: 'C0TEST', ts: '1700000000.000100' },
});

const invocation = (overrides: Partial<Omit<Invocation, 'end'>>): Invocation => {
  const read = {
    commandId: COMMAND_ID,
    instanceId: INSTANCE,
    status: 'Success',
    statusDetails: 'Success',
    responseCode: 0,
    stdout: '',
    stderr: '',
    ...overrides,
  };
  return { ...read, end: invocationEnd(read.status, read.statusDetails) };
};

const event = (status = 'Success') => ({
  commandId: COMMAND_ID,
  instanceId: INSTANCE,
  status,
  end: invocationEnd(status),
});

const build = async (overrides: Partial<FinishTriageDeps> = {}) => {
  const store = new MemoryStore();
  await store.saveTriage(record());
  const deps = {
    store,
    executor: new FakeExecutor(),
    awsContext: new FakeAwsContext({
      text: '',
      glance: { cpu: { latest: 100, max: 100, at: '2026-11-22T09:10:00+00:00', points: 36 } },
    }),
    notifier: new RecordingNotifier(),
    clock: new FakeClock(),
    logger: new MemoryLog(),
    optIn: { key: 'alert-triage:enabled', value: 'true' },
    ...overrides,
  };
  return deps as typeof deps & FinishTriageDeps;
};

describe('finishTriage on a fleet', () => {
  it('tells the notifier where every instance stands: diagnosed, stored, or still capturing', async () => {
    // Prepare: three instances; one diagnosed earlier, this one finishing, one still capturing.
    const deps = await build();
    const base = record();
    const [run] = base.instances;
    const earlier = {
      ...(run as TriageRecord['instances'][number]),
      instanceId: 'i-0aaaaaaaaaaaaaaa1',
      commandId: 'c0000000-0000-0000-0000-000000000001',
      status: 'capturing' as const,
    };
    const pending = {
      ...(run as TriageRecord['instances'][number]),
      instanceId: 'i-0aaaaaaaaaaaaaaa2',
      commandId: 'c0000000-0000-0000-0000-000000000002',
    };
    await deps.store.saveTriage(
      { ...base, instances: [...base.instances, earlier, pending] },
      new Date('2026-11-22T09:10:45.000Z'),
    );
    await deps.store.saveResult(
      {
        triageId: TRIAGE_ID,
        instanceId: earlier.instanceId,
        commandId: earlier.commandId,
        ssmStatus: 'Success',
        ssmStatusDetails: 'Success',
        finishedAt: '2026-11-22T09:11:00.000Z',
        outcome: 'diagnosed',
        diagnosis: {
          cause: 'runaway-process',
          confidence: 0.8,
          headline: 'spins',
          diagnoses: [],
          ruledOut: [],
          missing: [],
        },
      },
      new Date('2026-11-22T09:11:00.000Z'),
    );
    (deps.executor as FakeExecutor).invocations = [
      { found: true, invocation: invocation({ stdout: compressed(CAPTURE) }) },
    ];

    // Act
    await finishTriage(event(), deps);

    // Assess
    const [done] = (deps.notifier as RecordingNotifier).done;
    expect(
      done?.fleet?.map((f) =>
        'triage' in f ? f.triage.cause : 'capturing' in f ? 'capturing' : 'failed',
      ),
    ).toEqual([done?.triage.cause, 'runaway-process', 'capturing']);
  });
});

describe('finishTriage', () => {
  it('classifies a successful capture, notifies once and stores the diagnosis', async () => {
    // Prepare
    const deps = await build();
    (deps.executor as FakeExecutor).invocations = [
      { found: true, invocation: invocation({ stdout: compressed(CAPTURE) }) },
    ];

    // Act
    const outcome = await finishTriage(event(), deps);

    // Assess
    expect(outcome.kind).toBe('done');
    const [done] = (deps.notifier as RecordingNotifier).done;
    expect(done?.instanceId).toBe(INSTANCE);
    expect(done?.handle).toEqual({ channel: 'C0TEST', ts: '1700000000.000100' });
    expect(done?.triage.cause).toBeDefined();
    const stored = (deps.store as MemoryStore).results.get(
      `${TRIAGE_ID}/${INSTANCE}/${COMMAND_ID}`,
    );
    expect(stored?.outcome).toBe('diagnosed');
    expect(stored?.document).toContain('# alert-triage capture v1');
    expect(stored?.diagnosis?.cause).toBe(done?.triage.cause);
    expect(stored?.diagnosis).not.toHaveProperty('facts');
    const log = deps.logger as MemoryLog;
    expect(log.keys).toMatchObject({
      triageId: TRIAGE_ID,
      alarmName: 'ServerCpuTooHigh',
      instanceId: INSTANCE,
    });
    // Never the capture itself in the logs.
    expect(JSON.stringify(log.lines)).not.toContain('load average');
  });

  it('waits out InvocationDoesNotExist, briefly, then reads the result', async () => {
    // Prepare
    const deps = await build();
    (deps.executor as FakeExecutor).invocations = [
      { found: false },
      { found: false },
      { found: true, invocation: invocation({ stdout: CAPTURE }) },
    ];

    // Act
    const outcome = await finishTriage(event(), deps);

    // Assess
    expect(outcome.kind).toBe('done');
    expect((deps.executor as FakeExecutor).lookups).toHaveLength(3);
    expect((deps.clock as FakeClock).sleeps).toEqual([250, 500]);
  });

  it('gives up after four tries when SSM never knows the invocation, and says so', async () => {
    // Prepare
    const deps = await build();
    (deps.executor as FakeExecutor).invocations = [{ found: false }];

    // Act
    const outcome = await finishTriage(event(), deps);

    // Assess
    expect(outcome.kind).toBe('failed');
    expect((deps.executor as FakeExecutor).lookups).toHaveLength(4);
    expect((deps.clock as FakeClock).sleeps).toEqual([250, 500, 1000]);
    expect((deps.notifier as RecordingNotifier).failed[0]?.reason.code).toBe(
      'ssm_invocation_missing',
    );
  });

  it('reads the part a failed capture printed, and says it failed', async () => {
    // Prepare
    const deps = await build();
    (deps.executor as FakeExecutor).invocations = [
      {
        found: true,
        invocation: invocation({
          status: 'Failed',
          statusDetails: 'Failed',
          responseCode: 1,
          stdout: CAPTURE.slice(0, 3000),
          stderr: 'capture.sh: line 412: top: killed\n',
        }),
      },
    ];

    // Act
    const outcome = await finishTriage(event('Failed'), deps);

    // Assess
    expect(outcome.kind).toBe('done');
    const [done] = (deps.notifier as RecordingNotifier).done;
    expect(done?.partial).toEqual({
      code: 'capture_failed',
      message: `The capture script exited with code 1 on ${INSTANCE}; this reads the part it printed.`,
    });
  });

  it('says a capture failed before printing anything, quoting its last error line', async () => {
    // Prepare
    const deps = await build();
    (deps.executor as FakeExecutor).invocations = [
      {
        found: true,
        invocation: invocation({
          status: 'Failed',
          statusDetails: 'Failed',
          responseCode: 127,
          stderr:
            '/var/lib/amazon/ssm/i-0abc/document/orchestration/x/_script.sh: 1: bash: not found\n',
        }),
      },
    ];

    // Act
    await finishTriage(event('Failed'), deps);

    // Assess
    const [failed] = (deps.notifier as RecordingNotifier).failed;
    expect(failed?.reason.code).toBe('capture_failed');
    expect(failed?.reason.message).toMatch(
      /exit code 127\) before printing a capture: .*bash: not found/,
    );
    expect(failed?.reason.message).toMatch(/CloudWatch shows CPUUtilization 100%/);
    expect(failed?.handle).toEqual({ channel: 'C0TEST', ts: '1700000000.000100' });
  });

  it('says the output could not be read when the compressed capture is cut off', async () => {
    // Prepare
    const deps = await build();
    (deps.executor as FakeExecutor).invocations = [
      { found: true, invocation: invocation({ stdout: compressed(CAPTURE).slice(0, 400) }) },
    ];

    // Act
    const outcome = await finishTriage(event(), deps);

    // Assess
    expect(outcome.kind).toBe('failed');
    expect((deps.notifier as RecordingNotifier).failed[0]?.reason.code).toBe('capture_unreadable');
  });

  // Status + StatusDetails pairs: botocore `CommandInvocationStatus` and the invocation status
  // table of the archived SSM guide (`monitor-commands.md`). Which `Status` accompanies the finer
  // details (Undeliverable, Terminated, Access Denied, Invalid Platform) is not documented; the
  // use case goes by the details first, so the pairing does not matter.
  it.each([
    [
      'TimedOut',
      'Execution Timed Out',
      'ssm_execution_timed_out',
      /did not finish within its 55-second execution timeout/,
    ],
    [
      'TimedOut',
      'Delivery Timed Out',
      'ssm_delivery_timed_out',
      /could not deliver the capture to i-0abc1234def567890 within 60 seconds/,
    ],
    ['TimedOut', '', 'ssm_execution_timed_out', /execution timeout and SSM stopped it/],
    ['Cancelled', 'Canceled', 'ssm_cancelled', /was cancelled before it finished/],
    [
      'Failed',
      'Undeliverable',
      'ssm_undeliverable',
      /\(Undeliverable\): the instance may have stopped or been terminated/,
    ],
    ['Failed', 'Terminated', 'ssm_terminated', /\(Terminated\)/],
    ['Failed', 'Access Denied', 'ssm_access_denied', /tagged alert-triage:enabled=true/],
    ['Failed', 'Invalid Platform', 'ssm_invalid_platform', /not a Linux instance/],
  ] as const)('reports %s / %s as %s', async (status, details, code, message) => {
    // Prepare
    const deps = await build();
    (deps.executor as FakeExecutor).invocations = [
      { found: true, invocation: invocation({ status, statusDetails: details, responseCode: -1 }) },
    ];

    // Act
    const outcome = await finishTriage(event(status), deps);

    // Assess
    expect(outcome.kind).toBe('failed');
    const notifier = deps.notifier as RecordingNotifier;
    expect(notifier.done).toHaveLength(0);
    expect(notifier.failed).toHaveLength(1);
    expect(notifier.failed[0]?.reason.code).toBe(code);
    expect(notifier.failed[0]?.reason.message).toMatch(message);
    const stored = (deps.store as MemoryStore).results.get(
      `${TRIAGE_ID}/${INSTANCE}/${COMMAND_ID}`,
    );
    expect(stored).toMatchObject({
      outcome: 'failed',
      ssmStatus: status,
      ssmStatusDetails: details,
    });
  });

  it('ignores a status that is not the end (InProgress), without calling SSM', async () => {
    // Prepare
    const deps = await build();

    // Act
    const outcome = await finishTriage(event('InProgress'), deps);

    // Assess
    expect(outcome.kind).toBe('in-progress');
    expect((deps.executor as FakeExecutor).lookups).toHaveLength(0);
  });

  it('waits briefly for a command it does not know, then parks its event', async () => {
    // Prepare
    const deps = await build();
    const unknown = '11111111-2222-3333-4444-555555555555';

    // Act
    const outcome = await finishTriage({ ...event(), commandId: unknown }, deps);

    // Assess
    expect(outcome.kind).toBe('parked');
    expect((deps.clock as FakeClock).sleeps).toEqual([500, 1000]);
    expect((deps.executor as FakeExecutor).lookups).toHaveLength(0);
    expect((deps.notifier as RecordingNotifier).count).toBe(0);
    const parked = await (deps.store as MemoryStore).parkedEvents(
      (deps.clock as FakeClock).now(),
      new Date(0),
    );
    expect(parked).toEqual([
      expect.objectContaining({ commandId: unknown, instanceId: INSTANCE, end: 'success' }),
    ]);
  });

  it('handles the same status event twice only once', async () => {
    // Prepare
    const deps = await build();
    (deps.executor as FakeExecutor).invocations = [
      { found: true, invocation: invocation({ stdout: CAPTURE }) },
    ];

    // Act
    await finishTriage(event(), deps);
    const second = await finishTriage(event(), deps);

    // Assess
    expect(second.kind).toBe('duplicate');
    expect((deps.notifier as RecordingNotifier).count).toBe(1);
  });
});

describe('the capture document the Lambda builds', () => {
  const ec2 = mockClient(EC2Client);
  const cloudWatch = mockClient(CloudWatchClient);

  beforeEach(() => {
    ec2.reset();
    cloudWatch.reset();
  });

  it('reads back with every AWS block parsed, and the credit balance reaches the classifier', async () => {
    // Prepare: a t3.micro in standard mode with half its credits left (seed 002's figures).
    ec2
      .on(DescribeInstancesCommand)
      .resolves(describeInstances({ instanceId: INSTANCE, instanceType: 't3.micro' }))
      .on(DescribeInstanceCreditSpecificationsCommand)
      .resolves(creditSpecifications(INSTANCE, 'standard'));
    cloudWatch
      .on(GetMetricDataCommand)
      .callsFake(
        metricData({
          CPUUtilization: (ago) => 96 - ago / 60,
          CPUCreditBalance: (ago) => 144 + ago / 600,
          CPUSurplusCreditBalance: () => 0,
          CPUSurplusCreditsCharged: () => 0,
          mem_used_percent: (ago) => 97 - ago / 1440,
        }),
      )
      .on(ListMetricsCommand)
      .resolves(listMemoryMetric(INSTANCE));
    const deps = await build({
      awsContext: new AwsCloudContext({
        ec2: new EC2Client({ region: 'us-east-1' }),
        cloudWatch: new CloudWatchClient({ region: 'us-east-1' }),
      }),
    });
    (deps.executor as FakeExecutor).invocations = [
      { found: true, invocation: invocation({ stdout: compressed(CAPTURE) }) },
    ];

    // Act
    const outcome = await finishTriage(event(), deps);

    // Assess
    expect(outcome.kind).toBe('done');
    const document = outcome.kind === 'done' ? (outcome.result.document ?? '') : '';
    const capture = readCapture(document);
    const aws = capture.blocks.filter((b) => b.tool?.startsWith('aws-'));
    expect(aws.map((b) => [b.tool, b.status])).toEqual([
      ['aws-ec2-describe-instances', 'parsed'],
      ['aws-ec2-describe-instance-credit-specifications', 'parsed'],
      ['aws-cloudwatch-get-metric-data', 'parsed'],
      ['aws-cloudwatch-get-metric-data', 'parsed'],
      ['aws-cloudwatch-get-metric-data', 'parsed'],
    ]);
    expect(blocksOf(capture, 'aws-ec2-describe-instances')[0]?.data.instances[0]).toMatchObject({
      instanceId: INSTANCE,
      instanceType: 't3.micro',
      launchTime: '2026-11-10T08:41:17+00:00',
    });
    const [done] = (deps.notifier as RecordingNotifier).done;
    const facts = done?.triage.facts;
    expect(facts?.instance?.type).toBe('t3.micro');
    expect(facts?.instance?.creditMode?.value).toBe('standard');
    expect(facts?.credits?.balance?.points.at(-1)?.value).toBeCloseTo(144, 1);
    const ruledOut = done?.triage.ruledOut.find((r) => r.cause === 'credit-exhaustion');
    expect(ruledOut?.reason).toMatch(/CPU credits: 144\b/);
    // The host's capture comes first, untouched; the AWS blocks follow it.
    expect(document.startsWith(CAPTURE.replace(/\n*$/, '\n'))).toBe(true);
  });
});
