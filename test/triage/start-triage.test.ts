import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../functions/core/alarm/types.js';
import { describeGlance } from '../../functions/triage/failures.js';
import { AdapterError } from '../../functions/triage/ports.js';
import {
  type StartTriageDeps,
  startTriage,
  triageIdOf,
} from '../../functions/triage/start-triage.js';
import {
  cpuAlarm,
  FakeAlarmStates,
  FakeAwsContext,
  FakeChildren,
  FakeClock,
  FakeExecutor,
  FakeReachability,
  FakeTargets,
  INSTANCE,
  MemoryLog,
  MemoryStore,
  RecordingNotifier,
} from './fakes.js';

const GROUP = { kind: 'auto-scaling-group', name: 'web-asg' } as const;

const build = (overrides: Partial<StartTriageDeps> = {}) => {
  const deps = {
    store: new MemoryStore(),
    targets: new FakeTargets(),
    children: new FakeChildren(),
    alarms: new FakeAlarmStates(),
    reachability: new FakeReachability(),
    executor: new FakeExecutor(),
    awsContext: new FakeAwsContext({
      text: '',
      glance: {
        instanceType: 't3.micro',
        creditMode: 'standard',
        cpu: { latest: 97.4, max: 99.6, at: '2026-11-22T09:10:00+00:00', points: 36 },
        creditBalance: { latest: 0.2, at: '2026-11-22T09:10:00+00:00' },
      },
    }),
    notifier: new RecordingNotifier(),
    clock: new FakeClock(),
    logger: new MemoryLog(),
    settings: {
      hottest: 3,
      seconds: 10,
      deep: 'auto' as const,
      optIn: { key: 'alert-triage:enabled', value: 'true' },
      cooldownSeconds: 600,
    },
    ...overrides,
  };
  return deps as typeof deps & StartTriageDeps;
};

describe('startTriage', () => {
  it('sends the capture to the alarm’s instance, says so, and stores the record', async () => {
    // Prepare
    const deps = build();
    const alarm = cpuAlarm();

    // Act
    const outcome = await startTriage(alarm, deps);

    // Assess
    expect(outcome.kind).toBe('started');
    const executor = deps.executor as FakeExecutor;
    expect(executor.sent).toEqual([
      expect.objectContaining({
        instanceId: INSTANCE,
        seconds: 10,
        deep: 'auto',
        triageId: triageIdOf(alarm),
      }),
    ]);
    expect(executor.sent[0]?.comment).toContain(triageIdOf(alarm));
    const notifier = deps.notifier as RecordingNotifier;
    expect(notifier.started).toHaveLength(1);
    expect(notifier.started[0]?.instances[0]).toMatchObject({ instanceId: INSTANCE });
    const stored = (deps.store as MemoryStore).triages.get(triageIdOf(alarm));
    expect(stored?.status).toBe('capturing');
    expect(stored?.instances[0]?.commandId).toBeDefined();
    expect(stored?.notification).toEqual({ channel: 'C0TEST', ts: '1700000000.000100' });
    expect((deps.logger as MemoryLog).keys).toMatchObject({
      triageId: triageIdOf(alarm),
      alarmName: 'ServerCpuTooHigh',
    });
  });

  it('captures once and notifies once when the same event arrives five times', async () => {
    // Prepare
    const deps = build();
    const alarm = cpuAlarm();

    // Act
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await startTriage(structuredClone(alarm), deps));

    // Assess
    expect(outcomes.map((o) => o.kind)).toEqual([
      'started',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect((deps.executor as FakeExecutor).sent).toHaveLength(1);
    expect((deps.notifier as RecordingNotifier).count).toBe(1);
  });

  it('treats the same change delivered by EventBridge and the alarm action as one', async () => {
    // Prepare
    const deps = build();

    // Act
    await startTriage(cpuAlarm({ delivery: 'eventbridge' }), deps);
    const second = await startTriage(
      cpuAlarm({ delivery: 'lambda-action', changedAt: '2026-11-22T09:10:40.989Z' }),
      deps,
    );

    // Assess
    expect(second.kind).toBe('duplicate');
    expect((deps.executor as FakeExecutor).sent).toHaveLength(1);
  });

  it('captures nothing for a muted alarm, and logs why', async () => {
    // Prepare
    const deps = build();
    const alarm = cpuAlarm();
    await deps.store.putMute(
      { alarmArn: alarm.arn, until: '2026-11-22T10:00:00Z', by: 'U024BE7LH' },
      new Date(),
    );

    // Act
    const outcome = await startTriage(alarm, deps);

    // Assess
    expect(outcome).toMatchObject({ kind: 'muted', until: '2026-11-22T10:00:00Z' });
    expect((deps.executor as FakeExecutor).sent).toHaveLength(0);
    expect((deps.notifier as RecordingNotifier).count).toBe(0);
    expect((deps.logger as MemoryLog).messages()).toContain('alarm muted: no capture');
  });

  it('captures again once a mute has ended', async () => {
    // Prepare
    const deps = build();
    const alarm = cpuAlarm();
    await deps.store.putMute({ alarmArn: alarm.arn, until: '2026-11-22T09:00:00Z' }, new Date());

    // Act
    const outcome = await startTriage(alarm, deps);

    // Assess
    expect(outcome.kind).toBe('started');
  });

  it('says what CloudWatch shows when the instance is not managed by SSM', async () => {
    // Prepare
    const deps = build({ reachability: new FakeReachability({ [INSTANCE]: { managed: false } }) });

    // Act
    const outcome = await startTriage(cpuAlarm(), deps);

    // Assess
    expect(outcome.kind).toBe('failed');
    expect((deps.executor as FakeExecutor).sent).toHaveLength(0);
    const [failed] = (deps.notifier as RecordingNotifier).failed;
    expect(failed?.reason.code).toBe('ssm_not_managed');
    expect(failed?.instanceId).toBe(INSTANCE);
    expect(failed?.reason.message).toMatch(/not a managed node in Systems Manager/);
    expect(failed?.reason.message).toMatch(
      /CPUUtilization 97\.4% at 2026-11-22T09:10:00\+00:00 \(max 99\.6% over the last 3 h\)/,
    );
    expect(failed?.reason.message).toMatch(/CPUCreditBalance 0\.2 \(t3\.micro, standard\)/);
    expect(failed?.glance?.creditBalance?.latest).toBe(0.2);
    expect((deps.notifier as RecordingNotifier).started).toHaveLength(0);
    expect((deps.store as MemoryStore).triages.get(outcome.triageId)?.status).toBe('failed');
  });

  it('says the agent is offline when its PingStatus is ConnectionLost', async () => {
    // Prepare
    const deps = build({
      reachability: new FakeReachability({
        [INSTANCE]: {
          managed: true,
          pingStatus: 'ConnectionLost',
          lastPingAt: '2026-11-22T08:58:00.000Z',
        },
      }),
    });

    // Act
    await startTriage(cpuAlarm(), deps);

    // Assess
    const [failed] = (deps.notifier as RecordingNotifier).failed;
    expect(failed?.reason.code).toBe('ssm_agent_offline');
    expect(failed?.reason.message).toMatch(
      /has not answered since 2026-11-22T08:58:00.000Z \(PingStatus ConnectionLost\)/,
    );
    expect(failed?.reason.message).toMatch(/CloudWatch shows CPUUtilization/);
    expect((deps.executor as FakeExecutor).sent).toHaveLength(0);
  });

  it('captures the reachable instances and reports the offline one under the same thread', async () => {
    // Prepare
    const offline = 'i-0fedcba9876543210';
    const deps = build({
      targets: new FakeTargets(() => ({
        instances: [
          { instanceId: INSTANCE, instanceType: 'm5.large', recentCpu: 99, via: GROUP },
          { instanceId: offline, instanceType: 'm5.large', recentCpu: 80, via: GROUP },
        ],
        candidates: 6,
        skipped: [],
      })),
      reachability: new FakeReachability({
        [offline]: { managed: true, pingStatus: 'ConnectionLost' },
      }),
    });
    const alarm = cpuAlarm({
      metrics: [
        {
          namespace: 'AWS/EC2',
          name: 'CPUUtilization',
          dimensions: { AutoScalingGroupName: 'web-asg' },
        },
      ],
    });

    // Act
    const outcome = await startTriage(alarm, deps);

    // Assess
    expect(outcome.kind).toBe('started');
    expect((deps.targets as FakeTargets).asked[0]).toEqual({
      targets: [{ kind: 'auto-scaling-group', name: 'web-asg' }],
      limit: 3,
    });
    expect((deps.executor as FakeExecutor).sent.map((s) => s.instanceId)).toEqual([INSTANCE]);
    const notifier = deps.notifier as RecordingNotifier;
    expect(notifier.started[0]?.candidates).toBe(6);
    expect(notifier.failed.map((f) => [f.instanceId, f.reason.code, f.handle?.ts])).toEqual([
      [offline, 'ssm_agent_offline', '1700000000.000100'],
    ]);
  });

  it('finds a composite alarm’s instances through its triggering children', async () => {
    // Prepare
    const children = new FakeChildren({
      metrics: [
        { namespace: 'AWS/EC2', name: 'CPUUtilization', dimensions: { InstanceId: INSTANCE } },
      ],
      missing: [],
    });
    const deps = build({ children });
    const child = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh';
    const alarm = cpuAlarm({
      name: 'ServiceAggregatedAlarm',
      arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServiceAggregatedAlarm',
      metrics: [],
      composite: {
        rule: 'ALARM(ServerCpuTooHigh) OR ALARM(TotalNetworkTrafficTooHigh)',
        triggeringAlarmArns: [child],
      },
    });

    // Act
    const outcome = await startTriage(alarm, deps);

    // Assess
    expect(children.asked).toEqual([[child]]);
    expect(outcome.kind).toBe('started');
    expect((deps.executor as FakeExecutor).sent[0]?.instanceId).toBe(INSTANCE);
  });

  it('says there is no host when the alarm has no instance, group or environment dimension', async () => {
    // Prepare
    const deps = build();
    const alarm = cpuAlarm({
      name: 'QueueDepth',
      metrics: [
        {
          namespace: 'AWS/SQS',
          name: 'ApproximateNumberOfMessagesVisible',
          dimensions: { QueueName: 'jobs' },
        },
      ],
    });

    // Act
    const outcome = await startTriage(alarm, deps);

    // Assess
    expect(outcome.kind).toBe('failed');
    expect((deps.targets as FakeTargets).asked).toHaveLength(0);
    expect((deps.reachability as FakeReachability).asked).toHaveLength(0);
    const [failed] = (deps.notifier as RecordingNotifier).failed;
    expect(failed?.reason.code).toBe('no_targets');
    expect(failed?.reason.message).toMatch(/"QueueDepth" watches AWS\/SQS/);
  });

  it('never sends a malformed instance id anywhere', async () => {
    // Prepare
    const deps = build();
    const alarm = cpuAlarm({
      metrics: [
        {
          namespace: 'AWS/EC2',
          name: 'CPUUtilization',
          dimensions: { InstanceId: 'i-0abc; rm -rf /' },
        },
      ],
    });

    // Act
    const outcome = await startTriage(alarm, deps);

    // Assess
    expect(outcome.kind).toBe('failed');
    expect((deps.targets as FakeTargets).asked).toHaveLength(0);
    expect((deps.executor as FakeExecutor).sent).toHaveLength(0);
    expect((deps.notifier as RecordingNotifier).failed[0]?.reason.message).toMatch(
      /not an EC2 instance id/,
    );
  });

  it('says the instance is gone when it is terminated', async () => {
    // Prepare
    const deps = build({
      targets: new FakeTargets(() => ({
        instances: [],
        candidates: 0,
        skipped: [
          {
            target: { kind: 'instance', instanceId: INSTANCE },
            reason: 'not-running',
            instanceId: INSTANCE,
            state: 'terminated',
          },
        ],
      })),
    });

    // Act
    const outcome = await startTriage(cpuAlarm(), deps);

    // Assess
    expect(outcome.kind).toBe('failed');
    const [failed] = (deps.notifier as RecordingNotifier).failed;
    expect(failed).toMatchObject({
      instanceId: INSTANCE,
      reason: {
        code: 'instance_not_running',
        message: `Nothing to capture: ${INSTANCE} is terminated.`,
      },
    });
    expect((deps.reachability as FakeReachability).asked).toHaveLength(0);
  });

  it('says EC2 does not know an unknown instance', async () => {
    // Prepare
    const deps = build({
      targets: new FakeTargets(() => ({
        instances: [],
        candidates: 0,
        skipped: [
          {
            target: { kind: 'instance', instanceId: INSTANCE },
            reason: 'not-found',
            instanceId: INSTANCE,
          },
        ],
      })),
    });

    // Act
    await startTriage(cpuAlarm(), deps);

    // Assess
    expect((deps.notifier as RecordingNotifier).failed[0]?.reason.message).toMatch(
      /EC2 does not know i-0abc1234def567890/,
    );
  });

  it('reports a throttled SendCommand as a failure notice, not silence', async () => {
    // Prepare
    const executor = new FakeExecutor();
    executor.sendError = new AdapterError(
      'throttled',
      `SendCommand to ${INSTANCE}: AWS kept throttling (ThrottlingException)`,
    );
    const deps = build({ executor });

    // Act
    const outcome = await startTriage(cpuAlarm(), deps);

    // Assess
    expect(outcome.kind).toBe('failed');
    const [failed] = (deps.notifier as RecordingNotifier).failed;
    expect(failed?.reason.code).toBe('throttled');
    expect(failed?.reason.message).toMatch(/kept throttling/);
  });

  it('stores the command that was sent when sending to a sibling fails unexpectedly', async () => {
    // Prepare
    const other = 'i-0fedcba9876543210';
    const executor = new FakeExecutor();
    const send = executor.sendCapture.bind(executor);
    executor.sendCapture = async (request) => {
      if (request.instanceId === other) throw new TypeError('a bug');
      return send(request);
    };
    const deps = build({
      executor,
      targets: new FakeTargets(() => ({
        instances: [
          { instanceId: INSTANCE, via: GROUP },
          { instanceId: other, via: GROUP },
        ],
        candidates: 2,
        skipped: [],
      })),
    });

    // Act
    const outcome = await startTriage(cpuAlarm(), deps);

    // Assess
    expect(outcome.kind).toBe('started');
    const stored = (deps.store as MemoryStore).triages.get(outcome.triageId);
    expect(stored?.instances.map((r) => [r.instanceId, r.status])).toEqual([
      [INSTANCE, 'capturing'],
      [other, 'failed'],
    ]);
    expect((deps.notifier as RecordingNotifier).failed[0]?.reason.code).toBe('internal_error');
    expect((deps.logger as MemoryLog).messages()).toContain(
      'sending the capture failed unexpectedly',
    );
  });

  it('names the opt-in tag when SendCommand is denied', async () => {
    // Prepare
    const executor = new FakeExecutor();
    executor.sendError = new AdapterError(
      'access_denied',
      `SendCommand to ${INSTANCE}: not allowed (AccessDeniedException: …)`,
    );
    const deps = build({ executor });

    // Act
    await startTriage(cpuAlarm(), deps);

    // Assess
    const [failed] = (deps.notifier as RecordingNotifier).failed;
    expect(failed?.reason.code).toBe('ssm_access_denied');
    expect(failed?.reason.message).toMatch(/tagged alert-triage:enabled=true/);
  });

  it('reports a failure to find the instances, and stores the triage as failed', async () => {
    // Prepare
    const deps = build({
      targets: {
        resolve: async () => {
          throw new AdapterError('ec2_describe_failed', 'DescribeInstances: InternalError: boom');
        },
      },
    });

    // Act
    const outcome = await startTriage(cpuAlarm(), deps);

    // Assess
    expect(outcome.kind).toBe('failed');
    expect((deps.notifier as RecordingNotifier).failed[0]?.reason.code).toBe('ec2_describe_failed');
    expect((deps.store as MemoryStore).triages.get(outcome.triageId)?.status).toBe('failed');
  });

  it('keeps going when the notifier fails', async () => {
    // Prepare
    const notifier = new RecordingNotifier();
    notifier.triageStarted = async () => {
      throw new Error('slack is down');
    };
    const deps = build({ notifier });

    // Act
    const outcome = await startTriage(cpuAlarm(), deps);

    // Assess
    expect(outcome.kind).toBe('started');
    expect((deps.store as MemoryStore).triages.size).toBe(1);
    expect((deps.logger as MemoryLog).messages()).toContain('notification failed');
  });
});

describe('triageIdOf', () => {
  it('gives the same id to the same transition whatever its time zone spelling', () => {
    // Prepare
    const a: Alarm = cpuAlarm({ changedAt: '2026-11-22T09:10:40.989+0000' });
    const b: Alarm = cpuAlarm({ changedAt: '2026-11-22T09:10:40.989Z' });

    // Act
    const ids = [
      triageIdOf(a),
      triageIdOf(b),
      triageIdOf(cpuAlarm({ changedAt: '2026-11-22T10:00:00Z' })),
    ];

    // Assess
    expect(ids[0]).toMatch(/^tr-[0-9a-f]{16}$/);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });
});

describe('describeGlance', () => {
  it('says nothing when CloudWatch had nothing', () => {
    // Act / Assess
    expect(describeGlance({})).toBeUndefined();
  });
});
