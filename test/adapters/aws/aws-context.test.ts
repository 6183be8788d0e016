import '../../setup-aws.js';
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
import { AwsCloudContext, cliDate, cliJson } from '../../../functions/adapters/aws/aws-context.js';
import { blocksOf, readCapture } from '../../../functions/core/capture/read.js';
import {
  awsError,
  creditSpecifications,
  describeInstances,
  listMemoryMetric,
  metricData,
  REGION,
} from './responses.js';

const ec2Client = new EC2Client({ region: REGION });
const cloudWatchClient = new CloudWatchClient({ region: REGION });
const ec2 = mockClient(ec2Client);
const cloudWatch = mockClient(cloudWatchClient);
const INSTANCE = 'i-0abc1234def567890';
const NOW = new Date('2026-11-22T09:12:30Z');
const context = () => new AwsCloudContext({ ec2: ec2Client, cloudWatch: cloudWatchClient });

describe('AwsCloudContext', () => {
  beforeEach(() => {
    ec2.reset();
    cloudWatch.reset();
  });

  it('prints the blocks of a burstable instance the way the AWS CLI would, and the parsers read them', async () => {
    // Prepare
    ec2
      .on(DescribeInstancesCommand)
      .resolves(describeInstances({ instanceId: INSTANCE, instanceType: 't3.micro' }))
      .on(DescribeInstanceCreditSpecificationsCommand)
      .resolves(creditSpecifications(INSTANCE, 'unlimited'));
    cloudWatch
      .on(GetMetricDataCommand)
      .callsFake(
        metricData({
          CPUUtilization: (ago) => (ago < 30 ? 99 : 20),
          CPUCreditBalance: () => 0,
          CPUSurplusCreditBalance: (ago) => 40 - ago / 60,
          CPUSurplusCreditsCharged: () => 0,
          mem_used_percent: () => 61.5,
        }),
      )
      .on(ListMetricsCommand)
      .resolves(listMemoryMetric(INSTANCE));

    // Act
    const { text, glance } = await context().describe(INSTANCE, NOW);

    // Assess
    const capture = readCapture(text);
    expect(
      capture.blocks.map((b) => [b.command?.split(' ').slice(0, 3).join(' '), b.status]),
    ).toEqual([
      ['aws ec2 describe-instances', 'parsed'],
      ['aws ec2 describe-instance-credit-specifications', 'parsed'],
      ['aws cloudwatch get-metric-data', 'parsed'],
      ['aws cloudwatch get-metric-data', 'parsed'],
      ['aws cloudwatch get-metric-data', 'parsed'],
    ]);
    expect(text).toContain(`==> aws ec2 describe-instances --instance-ids ${INSTANCE} <==`);
    expect(text).not.toContain('$metadata');
    expect(text).toContain('"LaunchTime": "2026-11-10T08:41:17+00:00"');
    const series = blocksOf(capture, 'aws-cloudwatch-get-metric-data').flatMap((b) =>
      b.data.series.map((s) => [s.label, s.points.length]),
    );
    expect(series).toEqual([
      ['CPUUtilization', 36],
      ['CPUCreditBalance', 288],
      ['CPUSurplusCreditBalance', 288],
      ['CPUSurplusCreditsCharged', 288],
      ['mem_used_percent', 168],
    ]);
    // The fewest dimensions ListMetrics found are the ones queried.
    expect(cloudWatch).toHaveReceivedCommandWith(GetMetricDataCommand, {
      MetricDataQueries: [
        expect.objectContaining({
          MetricStat: expect.objectContaining({
            Metric: {
              Namespace: 'CWAgent',
              MetricName: 'mem_used_percent',
              Dimensions: [{ Name: 'InstanceId', Value: INSTANCE }],
            },
          }),
        }),
      ],
    });
    expect(glance).toEqual({
      instanceType: 't3.micro',
      creditMode: 'unlimited',
      cpu: { latest: 99, max: 99, at: '2026-11-22T09:10:00+00:00', points: 36 },
      creditBalance: { latest: 0, at: '2026-11-22T09:10:00+00:00' },
      memoryUsedPercent: { latest: 61.5, at: '2026-11-22T09:00:00+00:00' },
    });
  });

  it('asks nothing about credits for a type that has none, and notes a missing memory metric', async () => {
    // Prepare
    ec2
      .on(DescribeInstancesCommand)
      .resolves(describeInstances({ instanceId: INSTANCE, instanceType: 'm5.large' }));
    cloudWatch
      .on(GetMetricDataCommand)
      .callsFake(metricData({ CPUUtilization: () => 88 }))
      .on(ListMetricsCommand)
      .resolves({ Metrics: [] });

    // Act
    const { text } = await context().describe(INSTANCE, NOW);

    // Assess
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstanceCreditSpecificationsCommand, 0);
    expect(cloudWatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
    const capture = readCapture(text);
    expect(capture.notes).toEqual([
      `note: no CWAgent mem_used_percent metric for ${INSTANCE}: the CloudWatch agent does not publish memory with an InstanceId dimension, so there is no memory trend`,
    ]);
  });

  it('turns a failed call into a note, never an exception', async () => {
    // Prepare
    ec2
      .on(DescribeInstancesCommand)
      .rejects(
        awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      );
    cloudWatch
      .on(GetMetricDataCommand)
      .rejects(awsError('Throttling', 'Rate exceeded'))
      .on(ListMetricsCommand)
      .rejects(awsError('AccessDenied', 'User is not authorized'));

    // Act
    const { text, glance } = await context().describe(INSTANCE, NOW);

    // Assess
    expect(readCapture(text).blocks).toEqual([]);
    expect(readCapture(text).notes).toEqual([
      `note: aws ec2 describe-instances for ${INSTANCE} failed (UnauthorizedOperation); its context is missing`,
      `note: aws cloudwatch get-metric-data (CPUUtilization) for ${INSTANCE} failed (Throttling); its context is missing`,
      `note: aws cloudwatch list-metrics (CWAgent mem_used_percent) for ${INSTANCE} failed (AccessDenied); its context is missing`,
    ]);
    expect(glance).toEqual({});
  });
});

describe('cliDate', () => {
  it('writes dates the way the AWS CLI prints them', () => {
    // Act / Assess
    expect(cliDate(new Date('2026-11-10T08:41:17Z'))).toBe('2026-11-10T08:41:17+00:00');
    expect(cliDate(new Date('2019-10-01T13:56:40.985Z'))).toBe('2019-10-01T13:56:40.985000+00:00');
  });
});

describe('cliJson', () => {
  it('drops $metadata, indents by four and prints nested dates as the CLI does', () => {
    // Act
    const json = cliJson({ $metadata: { httpStatusCode: 200 }, A: [{ T: new Date(0) }] });

    // Assess
    expect(json).toBe(
      '{\n    "A": [\n        {\n            "T": "1970-01-01T00:00:00+00:00"\n        }\n    ]\n}',
    );
  });
});
