import '../../setup-aws.js';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsTargetResolver } from '../../../functions/adapters/aws/targets.js';
import { awsError, describeInstances, REGION } from './responses.js';

const ec2Client = new EC2Client({ region: REGION });
const autoScalingClient = new AutoScalingClient({ region: REGION });
const cloudWatchClient = new CloudWatchClient({ region: REGION });
const ec2 = mockClient(ec2Client);
const autoScaling = mockClient(autoScalingClient);
const cloudWatch = mockClient(cloudWatchClient);

const resolver = () =>
  new AwsTargetResolver({
    ec2: ec2Client,
    autoScaling: autoScalingClient,
    cloudWatch: cloudWatchClient,
    now: () => new Date('2026-11-22T09:12:30Z'),
  });

const ids = [
  'i-00000000000000000',
  'i-01111111111111111',
  'i-02222222222222222',
  'i-03333333333333333',
  'i-04444444444444444',
] as const;

/** `DescribeAutoScalingGroups` (botocore autoscaling `AutoScalingGroupsType`). */
const group = (name: string, instances: [string, string][]) => ({
  AutoScalingGroups: [
    {
      AutoScalingGroupName: name,
      AutoScalingGroupARN: `arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:8e6a2e04-4b0f-4b39-9cda-0a0a0a0a0a0a:autoScalingGroupName/${name}`,
      MinSize: 1,
      MaxSize: 10,
      DesiredCapacity: instances.length,
      DefaultCooldown: 300,
      AvailabilityZones: ['us-east-1a'],
      HealthCheckType: 'EC2',
      CreatedTime: new Date('2026-10-01T00:00:00Z'),
      Instances: instances.map(([InstanceId, LifecycleState]) => ({
        InstanceId,
        InstanceType: 'm5.large',
        AvailabilityZone: 'us-east-1a',
        LifecycleState: LifecycleState as 'InService',
        HealthStatus: 'Healthy',
        ProtectedFromScaleIn: false,
      })),
    },
  ],
});

describe('AwsTargetResolver', () => {
  beforeEach(() => {
    ec2.reset();
    autoScaling.reset();
    cloudWatch.reset();
  });

  it('resolves a running instance by an instance-id filter', async () => {
    // Prepare
    ec2.on(DescribeInstancesCommand).resolves(describeInstances({ instanceId: ids[0] }));

    // Act
    const resolution = await resolver().resolve([{ kind: 'instance', instanceId: ids[0] }], 3);

    // Assess
    expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, {
      Filters: [{ Name: 'instance-id', Values: [ids[0]] }],
    });
    expect(resolution).toEqual({
      instances: [
        {
          instanceId: ids[0],
          instanceType: 't3.micro',
          via: { kind: 'instance', instanceId: ids[0] },
        },
      ],
      candidates: 1,
      skipped: [],
    });
    expect(cloudWatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 0);
  });

  it('skips a terminated instance and an unknown one, saying which', async () => {
    // Prepare: EC2 shows a terminated instance for about an hour; an unknown id is absent.
    ec2
      .on(DescribeInstancesCommand)
      .resolves(describeInstances({ instanceId: ids[0], state: 'terminated' }));

    // Act
    const resolution = await resolver().resolve(
      [
        { kind: 'instance', instanceId: ids[0] },
        { kind: 'instance', instanceId: ids[1] },
      ],
      3,
    );

    // Assess
    expect(resolution.instances).toEqual([]);
    expect(resolution.skipped).toEqual([
      {
        target: { kind: 'instance', instanceId: ids[0] },
        reason: 'not-running',
        instanceId: ids[0],
        state: 'terminated',
      },
      { target: { kind: 'instance', instanceId: ids[1] }, reason: 'not-found', instanceId: ids[1] },
    ]);
  });

  it('takes the hottest InService instances of an Auto Scaling group', async () => {
    // Prepare
    autoScaling.on(DescribeAutoScalingGroupsCommand).resolves(
      group('web-asg', [
        [ids[0], 'InService'],
        [ids[1], 'InService'],
        [ids[2], 'InService'],
        [ids[3], 'Terminating'],
        [ids[4], 'InService'],
      ]),
    );
    ec2.on(DescribeInstancesCommand).resolves(
      describeInstances(
        ...[ids[0], ids[1], ids[2], ids[4]].map((instanceId) => ({
          instanceId,
          instanceType: 'm5.large',
        })),
      ),
    );
    const cpu: Record<string, number> = { [ids[0]]: 12, [ids[1]]: 97, [ids[2]]: 55 };
    cloudWatch.on(GetMetricDataCommand).callsFake((input) => ({
      MetricDataResults: input.MetricDataQueries.map(
        (q: { Id: string; MetricStat: { Metric: { Dimensions: { Value: string }[] } } }) => {
          const id = q.MetricStat.Metric.Dimensions[0]?.Value ?? '';
          const value = cpu[id];
          return {
            Id: q.Id,
            Label: 'CPUUtilization',
            Timestamps: value === undefined ? [] : [new Date('2026-11-22T09:10:00Z')],
            Values: value === undefined ? [] : [value],
            StatusCode: 'Complete',
          };
        },
      ),
      Messages: [],
    }));

    // Act
    const resolution = await resolver().resolve(
      [{ kind: 'auto-scaling-group', name: 'web-asg' }],
      2,
    );

    // Assess
    expect(autoScaling).toHaveReceivedCommandWith(DescribeAutoScalingGroupsCommand, {
      AutoScalingGroupNames: ['web-asg'],
    });
    expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, {
      Filters: [
        { Name: 'instance-id', Values: [ids[0], ids[1], ids[2], ids[4]] },
        { Name: 'instance-state-name', Values: ['running'] },
      ],
    });
    expect(cloudWatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
    expect(resolution.candidates).toBe(4);
    expect(resolution.instances.map((i) => [i.instanceId, i.recentCpu])).toEqual([
      [ids[1], 97],
      [ids[2], 55],
    ]);
    // The coolest measured one left out stands for a healthy peer (ids[4] has no CPU figure).
    expect(resolution.coolest).toMatchObject({ instanceId: ids[0], recentCpu: 12 });
  });

  it('finds a healthy peer for a lone instance of a group: its coolest measured mate', async () => {
    // Prepare: the alarm names ids[1]; its tags say it belongs to web-asg.
    autoScaling.on(DescribeAutoScalingGroupsCommand).resolves(
      group('web-asg', [
        [ids[0], 'InService'],
        [ids[1], 'InService'],
        [ids[2], 'InService'],
      ]),
    );
    ec2
      .on(DescribeInstancesCommand)
      .resolves(
        describeInstances(...[ids[0], ids[1], ids[2]].map((instanceId) => ({ instanceId }))),
      )
      .on(DescribeInstancesCommand, { Filters: [{ Name: 'instance-id', Values: [ids[1]] }] })
      .resolves(
        describeInstances({ instanceId: ids[1], tags: { 'aws:autoscaling:groupName': 'web-asg' } }),
      );
    const cpu: Record<string, number> = { [ids[0]]: 8, [ids[1]]: 97, [ids[2]]: 40 };
    cloudWatch.on(GetMetricDataCommand).callsFake((input) => ({
      MetricDataResults: input.MetricDataQueries.map(
        (q: { Id: string; MetricStat: { Metric: { Dimensions: { Value: string }[] } } }) => {
          const value = cpu[q.MetricStat.Metric.Dimensions[0]?.Value ?? ''];
          return { Id: q.Id, Values: value === undefined ? [] : [value], StatusCode: 'Complete' };
        },
      ),
      Messages: [],
    }));
    const lone = [{ kind: 'instance', instanceId: ids[1] as string }] as const;

    // Act
    const withPeer = await resolver().resolve(lone, 3, { peer: true });
    const without = await resolver().resolve(lone, 3);

    // Assess
    expect(withPeer.instances.map((i) => i.instanceId)).toEqual([ids[1]]);
    expect(withPeer.coolest).toMatchObject({ instanceId: ids[0], recentCpu: 8 });
    expect(without.coolest).toBeUndefined();
  });

  it('says so when there is no such Auto Scaling group', async () => {
    // Prepare
    autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });

    // Act
    const resolution = await resolver().resolve([{ kind: 'auto-scaling-group', name: 'gone' }], 3);

    // Assess
    expect(resolution.skipped).toEqual([
      { target: { kind: 'auto-scaling-group', name: 'gone' }, reason: 'group-not-found' },
    ]);
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 0);
  });

  it('finds a Beanstalk environment’s running instances by the tag Beanstalk puts on them', async () => {
    // Prepare
    ec2.on(DescribeInstancesCommand).resolves(
      describeInstances({
        instanceId: ids[0],
        tags: {
          'elasticbeanstalk:environment-name': 'shop-prod',
          'elasticbeanstalk:environment-id': 'e-abcd1234',
          Name: 'shop-prod',
        },
      }),
    );

    // Act
    const resolution = await resolver().resolve(
      [{ kind: 'beanstalk-environment', name: 'shop-prod' }],
      3,
    );

    // Assess
    expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, {
      Filters: [
        { Name: 'tag:elasticbeanstalk:environment-name', Values: ['shop-prod'] },
        { Name: 'instance-state-name', Values: ['running'] },
      ],
    });
    expect(resolution.instances.map((i) => i.instanceId)).toEqual([ids[0]]);
  });

  it('says an environment has no running instance', async () => {
    // Prepare
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });

    // Act
    const resolution = await resolver().resolve(
      [{ kind: 'beanstalk-environment', name: 'shop-prod' }],
      3,
    );

    // Assess
    expect(resolution.skipped[0]?.reason).toBe('no-running-instances');
  });

  // Issue #9: `*` in the tag filter matched every environment's instances.
  it.each([
    ['*', 'a wildcard'],
    ['shop-*', 'a trailing wildcard'],
    ['shop?prod', 'a one-character wildcard'],
    ['shop\\*prod', 'an escape'],
    ['abc', '3 characters'],
    ['a'.repeat(41), '41 characters'],
    ['-shop', 'a leading hyphen'],
    ['shop-', 'a trailing hyphen'],
    ['shop_prod', 'an underscore'],
  ])('refuses the environment name %j (%s) before any call', async (name) => {
    // Act
    const resolution = await resolver().resolve([{ kind: 'beanstalk-environment', name }], 3);

    // Assess
    expect(resolution.skipped).toEqual([
      { target: { kind: 'beanstalk-environment', name }, reason: 'group-not-found' },
    ]);
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 0);
  });

  it.each([
    ['abcd', '4 characters'],
    ['a'.repeat(40), '40 characters'],
    ['Shop-Prod-2', 'letters, digits and inner hyphens'],
  ])('looks up the environment name %j (%s)', async (name) => {
    // Prepare
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });

    // Act
    await resolver().resolve([{ kind: 'beanstalk-environment', name }], 3);

    // Assess
    expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, {
      Filters: expect.arrayContaining([
        { Name: 'tag:elasticbeanstalk:environment-name', Values: [name] },
      ]),
    });
  });

  it('counts only instances whose environment tag equals the name', async () => {
    // Prepare: an answer as broad as a pattern would give.
    ec2
      .on(DescribeInstancesCommand)
      .resolves(
        describeInstances(
          { instanceId: ids[0], tags: { 'elasticbeanstalk:environment-name': 'shop-prod' } },
          { instanceId: ids[1], tags: { 'elasticbeanstalk:environment-name': 'shop-prod-eu' } },
          { instanceId: ids[2], tags: { Name: 'shop-prod' } },
        ),
      );

    // Act
    const resolution = await resolver().resolve(
      [{ kind: 'beanstalk-environment', name: 'shop-prod' }],
      3,
    );

    // Assess
    expect(resolution.instances.map((i) => i.instanceId)).toEqual([ids[0]]);
    expect(resolution.candidates).toBe(1);
  });

  it('takes an Auto Scaling group only by its exact name, whatever the answer holds', async () => {
    // Prepare
    autoScaling
      .on(DescribeAutoScalingGroupsCommand)
      .resolves(group('web-blue', [[ids[0], 'InService']]));

    // Act
    const resolution = await resolver().resolve([{ kind: 'auto-scaling-group', name: 'web-*' }], 3);

    // Assess
    expect(resolution.skipped).toEqual([
      { target: { kind: 'auto-scaling-group', name: 'web-*' }, reason: 'group-not-found' },
    ]);
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 0);
  });

  it('wraps a throttled DescribeInstances (EC2’s RequestLimitExceeded) as throttled', async () => {
    // Prepare
    ec2
      .on(DescribeInstancesCommand)
      .rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.'));

    // Act / Assess
    await expect(
      resolver().resolve([{ kind: 'instance', instanceId: ids[0] }], 3),
    ).rejects.toMatchObject({ name: 'AdapterError', code: 'throttled' });
  });
});
