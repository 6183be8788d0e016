import '../../setup-aws.js';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  alarmNameOf,
  CloudWatchAlarmChildren,
  ruleAlarmNames,
} from '../../../functions/adapters/aws/alarm-children.js';
import { REGION } from './responses.js';

const client = new CloudWatchClient({ region: REGION });
const cloudWatch = mockClient(client);
const arn = (name: string) => `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;

/** A `MetricAlarms[]` entry (botocore cloudwatch `MetricAlarm`; awscli `describe-alarms.rst`). */
const metricAlarm = (name: string, dimensions: Record<string, string>, state = 'ALARM') => ({
  AlarmName: name,
  AlarmArn: arn(name),
  ActionsEnabled: true,
  StateValue: state as 'ALARM',
  StateReason: 'Threshold Crossed',
  StateUpdatedTimestamp: new Date('2026-11-22T09:10:40.989Z'),
  MetricName: 'CPUUtilization',
  Namespace: 'AWS/EC2',
  Statistic: 'Average' as const,
  Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
  Period: 300,
  EvaluationPeriods: 1,
  Threshold: 50,
  ComparisonOperator: 'GreaterThanThreshold' as const,
});

describe('CloudWatchAlarmChildren', () => {
  beforeEach(() => {
    cloudWatch.reset();
  });

  it('gives the metrics of a composite alarm’s triggering children', async () => {
    // Prepare
    cloudWatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [metricAlarm('ServerCpuTooHigh', { InstanceId: 'i-0abc1234def567890' })],
      CompositeAlarms: [],
    });

    // Act
    const found = await new CloudWatchAlarmChildren(client).metricsOf([arn('ServerCpuTooHigh')]);

    // Assess
    expect(cloudWatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, {
      AlarmNames: ['ServerCpuTooHigh'],
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
    });
    expect(found).toEqual({
      metrics: [
        {
          namespace: 'AWS/EC2',
          name: 'CPUUtilization',
          dimensions: { InstanceId: 'i-0abc1234def567890' },
        },
      ],
      missing: [],
    });
  });

  it('reads a metric-math child’s metrics and follows a composite child to its alarms in ALARM', async () => {
    // Prepare
    cloudWatch
      .on(DescribeAlarmsCommand, { AlarmNames: ['Math', 'Inner', 'Deleted'] })
      .resolves({
        MetricAlarms: [
          {
            ...metricAlarm('Math', {}),
            MetricName: undefined,
            Namespace: undefined,
            Dimensions: [],
            Metrics: [
              { Id: 'e1', Expression: 'SUM(METRICS())', ReturnData: true },
              {
                Id: 'm1',
                ReturnData: false,
                MetricStat: {
                  Metric: {
                    Namespace: 'AWS/EC2',
                    MetricName: 'CPUUtilization',
                    Dimensions: [{ Name: 'AutoScalingGroupName', Value: 'web-asg' }],
                  },
                  Period: 300,
                  Stat: 'Average',
                },
              },
            ],
          },
        ],
        CompositeAlarms: [
          {
            AlarmName: 'Inner',
            AlarmArn: arn('Inner'),
            AlarmRule: 'ALARM("Disk Full") OR ALARM(CpuHot)',
            StateValue: 'ALARM',
          },
        ],
      })
      .on(DescribeAlarmsCommand, { AlarmNames: ['Disk Full', 'CpuHot'] })
      .resolves({
        MetricAlarms: [
          metricAlarm('Disk Full', { InstanceId: 'i-00000000000000001' }, 'OK'),
          metricAlarm('CpuHot', { InstanceId: 'i-00000000000000002' }, 'ALARM'),
        ],
      });

    // Act
    const found = await new CloudWatchAlarmChildren(client).metricsOf([
      arn('Math'),
      arn('Inner'),
      arn('Deleted'),
    ]);

    // Assess
    expect(found.metrics.map((m) => m.dimensions)).toEqual([
      { AutoScalingGroupName: 'web-asg' },
      { InstanceId: 'i-00000000000000002' },
    ]);
    expect(found.missing).toEqual([arn('Deleted')]);
  });

  it('wraps a DescribeAlarms failure in an AdapterError', async () => {
    // Prepare
    cloudWatch
      .on(DescribeAlarmsCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));

    // Act / Assess
    await expect(new CloudWatchAlarmChildren(client).metricsOf([arn('A')])).rejects.toMatchObject({
      code: 'throttled',
    });
  });
});

describe('alarmNameOf', () => {
  it('keeps colons that belong to the name', () => {
    // Act / Assess
    expect(alarmNameOf(arn('team:web:cpu'))).toBe('team:web:cpu');
    expect(alarmNameOf('arn:aws:sns:us-east-1:123456789012:topic')).toBeUndefined();
  });
});

describe('ruleAlarmNames', () => {
  it('reads quoted and bare names from an alarm rule', () => {
    // Act / Assess
    expect(
      ruleAlarmNames('ALARM(CompositeDemo.FirstChild) OR (ALARM("Second Child") AND NOT OK(x))'),
    ).toEqual(['CompositeDemo.FirstChild', 'Second Child', 'x']);
  });
});
