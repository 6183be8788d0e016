import '../../setup-aws.js';
import {
  CloudWatchClient,
  GetMetricWidgetImageCommand,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CloudWatchMetricImages,
  metricWidget,
} from '../../../functions/adapters/aws/metric-image.js';
import { isAdapterError } from '../../../functions/triage/ports.js';
import { REGION } from './responses.js';

const client = new CloudWatchClient({ region: REGION });
const cloudWatch = mockClient(client);
const INSTANCE = 'i-0abc1234def567890';
const ALARM_AT = new Date('2026-11-22T09:10:40Z');
const NOW = new Date('2026-11-22T09:12:30Z');
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The widget JSON the adapter sent. */
const sentWidget = (): Record<string, unknown> => {
  const input = cloudWatch.commandCalls(GetMetricWidgetImageCommand)[0]?.args[0].input;
  return JSON.parse(input?.MetricWidget ?? '{}') as Record<string, unknown>;
};

describe('metricWidget', () => {
  it('draws CPU and the credit balance on a right axis for a burstable instance', () => {
    // Act
    const widget = metricWidget({
      instanceId: INSTANCE,
      region: 'eu-west-1',
      alarmAt: ALARM_AT,
      end: NOW,
      burstable: true,
    });

    // Assess
    expect(widget).toMatchObject({
      view: 'timeSeries',
      region: 'eu-west-1',
      start: '2026-11-22T08:10:40.000Z',
      end: '2026-11-22T09:12:30.000Z',
      yAxis: { left: { min: 0, max: 100 }, right: { min: 0, label: 'credits' } },
      annotations: { vertical: [{ value: '2026-11-22T09:10:40.000Z', label: 'ALARM' }] },
    });
    expect(widget.metrics).toEqual([
      [
        'AWS/EC2',
        'CPUUtilization',
        'InstanceId',
        INSTANCE,
        expect.objectContaining({ period: 60 }),
      ],
      [
        'AWS/EC2',
        'CPUCreditBalance',
        'InstanceId',
        INSTANCE,
        expect.objectContaining({ yAxis: 'right', period: 300 }),
      ],
    ]);
  });

  it('draws CPU and the agent’s memory, with its own dimensions, for a non-burstable instance', () => {
    // Act
    const widget = metricWidget({
      instanceId: INSTANCE,
      region: 'eu-west-1',
      alarmAt: ALARM_AT,
      end: NOW,
      burstable: false,
      memoryDimensions: [
        { Name: 'InstanceId', Value: INSTANCE },
        { Name: 'ImageId', Value: 'ami-0123456789abcdef0' },
      ],
    });

    // Assess
    expect(widget.metrics).toEqual([
      ['AWS/EC2', 'CPUUtilization', 'InstanceId', INSTANCE, expect.any(Object)],
      [
        'CWAgent',
        'mem_used_percent',
        'InstanceId',
        INSTANCE,
        'ImageId',
        'ami-0123456789abcdef0',
        expect.objectContaining({ label: 'memory used %' }),
      ],
    ]);
    expect(widget.yAxis).not.toHaveProperty('right');
  });

  it('keeps a late window to the last six hours', () => {
    // Act
    const widget = metricWidget({
      instanceId: INSTANCE,
      region: 'eu-west-1',
      alarmAt: ALARM_AT,
      end: new Date('2026-11-23T09:10:40Z'),
      burstable: false,
    });

    // Assess
    expect(widget.start).toBe('2026-11-23T03:10:40.000Z');
  });
});

describe('CloudWatchMetricImages', () => {
  beforeEach(() => {
    cloudWatch.reset();
  });

  it('renders a PNG of a burstable instance with its credit balance', async () => {
    // Prepare
    cloudWatch.on(ListMetricsCommand).resolves({ Metrics: [] });
    cloudWatch.on(GetMetricWidgetImageCommand).resolves({ MetricWidgetImage: PNG });

    // Act
    const image = await new CloudWatchMetricImages(client).image({
      instanceId: INSTANCE,
      instanceType: 't3.micro',
      region: REGION,
      alarmAt: ALARM_AT,
      end: NOW,
    });

    // Assess
    expect(image).toEqual({
      png: PNG,
      description: `CPU, CPU credit balance of ${INSTANCE} around the alarm`,
    });
    expect(cloudWatch).toHaveReceivedCommandWith(GetMetricWidgetImageCommand, {
      OutputFormat: 'png',
    });
    expect(cloudWatch).toHaveReceivedCommandWith(ListMetricsCommand, {
      Namespace: 'CWAgent',
      MetricName: 'mem_used_percent',
      Dimensions: [{ Name: 'InstanceId', Value: INSTANCE }],
    });
    const metrics = sentWidget().metrics as unknown[][];
    expect(metrics.map((m) => m[1])).toEqual(['CPUUtilization', 'CPUCreditBalance']);
  });

  it('adds memory with the fewest dimensions the agent publishes, and no credits on an m5', async () => {
    // Prepare
    cloudWatch.on(ListMetricsCommand).resolves({
      Metrics: [
        {
          Namespace: 'CWAgent',
          MetricName: 'mem_used_percent',
          Dimensions: [
            { Name: 'InstanceId', Value: INSTANCE },
            { Name: 'InstanceType', Value: 'm5.large' },
            { Name: 'ImageId', Value: 'ami-0123456789abcdef0' },
          ],
        },
        {
          Namespace: 'CWAgent',
          MetricName: 'mem_used_percent',
          Dimensions: [{ Name: 'InstanceId', Value: INSTANCE }],
        },
      ],
    });
    cloudWatch.on(GetMetricWidgetImageCommand).resolves({ MetricWidgetImage: PNG });

    // Act
    const image = await new CloudWatchMetricImages(client).image({
      instanceId: INSTANCE,
      instanceType: 'm5.large',
      region: REGION,
      alarmAt: ALARM_AT,
      end: NOW,
    });

    // Assess
    expect(image?.description).toBe(`CPU, memory of ${INSTANCE} around the alarm`);
    expect(sentWidget().metrics).toEqual([
      ['AWS/EC2', 'CPUUtilization', 'InstanceId', INSTANCE, expect.any(Object)],
      ['CWAgent', 'mem_used_percent', 'InstanceId', INSTANCE, expect.any(Object)],
    ]);
  });

  it('wraps a refused GetMetricWidgetImage in an AdapterError', async () => {
    // Prepare
    cloudWatch.on(ListMetricsCommand).rejects(new Error('network down'));
    const denied = new Error('not authorized to perform cloudwatch:GetMetricWidgetImage');
    denied.name = 'AccessDenied';
    cloudWatch.on(GetMetricWidgetImageCommand).rejects(denied);

    // Act
    const error = await new CloudWatchMetricImages(client)
      .image({ instanceId: INSTANCE, region: REGION, alarmAt: ALARM_AT, end: NOW })
      .catch((e: unknown) => e);

    // Assess
    expect(isAdapterError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'access_denied' });
  });
});
