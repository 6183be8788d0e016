/**
 * A picture of the alarm window from CloudWatch's `GetMetricWidgetImage`: the instance's
 * CPUUtilization, plus CPUCreditBalance on burstable types (on a right axis, in credits) and
 * CWAgent `mem_used_percent` when the agent publishes it. The widget JSON is built by a pure
 * function ({@link metricWidget}); the adapter only asks `ListMetrics` which dimensions the
 * agent's memory metric carries (its config decides: InstanceId alone, or with ImageId and
 * InstanceType) and renders the PNG.
 *
 * Widget format: "GetMetricWidgetImage: Metric widget structure and syntax"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Metric-Widget-Structure.html).
 */
import {
  type CloudWatchClient,
  type Dimension,
  GetMetricWidgetImageCommand,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import { burstableSpec } from '../../core/burstable.js';
import { cloudWatchClient, wrapAwsError } from './clients.js';

// ---------------------------------------------------------------------------------------------
// The port

export interface MetricImageRequest {
  instanceId: string;
  /** `t3.micro`: burstable types get the credit balance too. */
  instanceType?: string;
  /** The alarm's region (the widget names it; the client must be in it as well). */
  region: string;
  /** When the alarm fired: marked on the graph, and the window is built around it. */
  alarmAt: Date;
  /** The end of the window (now). */
  end: Date;
  title?: string;
}

export interface MetricImage {
  png: Uint8Array;
  /** What the picture shows, for `alt_text` and the file title. */
  description: string;
}

/** A picture of the alarm window, or `undefined` when there is nothing to draw. */
export interface MetricImageSource {
  /** @throws {AdapterError} code `cloudwatch_failed` (or `throttled`, `access_denied`). */
  image(request: MetricImageRequest): Promise<MetricImage | undefined>;
}

// ---------------------------------------------------------------------------------------------
// The widget (pure)

/** How far before the alarm the picture starts: enough to see the climb. */
export const LEAD_MS = 60 * 60_000;
/** The longest window drawn: a rerun hours after the alarm shows the latest hours, legibly. */
export const MAX_WINDOW_MS = 6 * 60 * 60_000;

export interface WidgetInput {
  instanceId: string;
  region: string;
  alarmAt: Date;
  end: Date;
  burstable: boolean;
  /** The dimensions of CWAgent `mem_used_percent` for this instance, when it exists. */
  memoryDimensions?: readonly Dimension[];
  title?: string;
  width?: number;
  height?: number;
}

type MetricRow = (string | Record<string, unknown>)[];

const dimensionPairs = (dimensions: readonly Dimension[]): string[] =>
  dimensions.flatMap((d) => (d.Name && d.Value !== undefined ? [d.Name, d.Value] : []));

/**
 * The `MetricWidget` JSON of one time-series graph. Percentages share the left axis (0–100);
 * the credit balance, in credits, gets the right one.
 */
export const metricWidget = (input: WidgetInput): Record<string, unknown> => {
  const endMs = input.end.getTime();
  const startMs = Math.max(input.alarmAt.getTime() - LEAD_MS, endMs - MAX_WINDOW_MS);
  const metrics: MetricRow[] = [
    [
      'AWS/EC2',
      'CPUUtilization',
      'InstanceId',
      input.instanceId,
      { label: 'CPU %', stat: 'Average', period: 60 },
    ],
  ];
  if (input.burstable) {
    metrics.push([
      'AWS/EC2',
      'CPUCreditBalance',
      'InstanceId',
      input.instanceId,
      // Credit metrics come every 5 minutes only.
      { label: 'CPU credit balance', stat: 'Average', period: 300, yAxis: 'right' },
    ]);
  }
  if (input.memoryDimensions && input.memoryDimensions.length > 0) {
    metrics.push([
      'CWAgent',
      'mem_used_percent',
      ...dimensionPairs(input.memoryDimensions),
      { label: 'memory used %', stat: 'Average', period: 60 },
    ]);
  }
  return {
    title: input.title ?? `${input.instanceId}: CPU${input.burstable ? ', credits' : ''}`,
    view: 'timeSeries',
    stacked: false,
    region: input.region,
    start: new Date(startMs).toISOString(),
    end: input.end.toISOString(),
    timezone: '+0000',
    width: input.width ?? 800,
    height: input.height ?? 360,
    metrics,
    yAxis: {
      left: { min: 0, max: 100, label: '%', showUnits: false },
      ...(input.burstable ? { right: { min: 0, label: 'credits', showUnits: false } } : {}),
    },
    annotations: {
      vertical: [{ value: input.alarmAt.toISOString(), label: 'ALARM', color: '#d62728' }],
    },
    legend: { position: 'bottom' },
  };
};

// ---------------------------------------------------------------------------------------------
// The adapter

export class CloudWatchMetricImages implements MetricImageSource {
  readonly #cloudWatch: CloudWatchClient;

  constructor(cloudWatch: CloudWatchClient = cloudWatchClient()) {
    this.#cloudWatch = cloudWatch;
  }

  async image(request: MetricImageRequest): Promise<MetricImage | undefined> {
    const { instanceId } = request;
    const burstable = request.instanceType
      ? burstableSpec(request.instanceType) !== undefined
      : false;
    const memoryDimensions = await this.#memoryDimensions(instanceId);
    const widget = metricWidget({
      instanceId,
      region: request.region,
      alarmAt: request.alarmAt,
      end: request.end,
      burstable,
      ...(memoryDimensions ? { memoryDimensions } : {}),
      ...(request.title ? { title: request.title } : {}),
    });
    try {
      const answer = await this.#cloudWatch.send(
        new GetMetricWidgetImageCommand({
          MetricWidget: JSON.stringify(widget),
          OutputFormat: 'png',
        }),
      );
      const png = answer.MetricWidgetImage;
      if (!png || png.length === 0) return undefined;
      const shown = ['CPU', burstable ? 'CPU credit balance' : '', memoryDimensions ? 'memory' : '']
        .filter(Boolean)
        .join(', ');
      return { png, description: `${shown} of ${instanceId} around the alarm` };
    } catch (error) {
      throw wrapAwsError(error, 'cloudwatch_failed', `GetMetricWidgetImage for ${instanceId}`);
    }
  }

  /** The fewest dimensions the agent publishes memory with; none (or a failed call) → no line. */
  async #memoryDimensions(instanceId: string): Promise<Dimension[] | undefined> {
    try {
      const answer = await this.#cloudWatch.send(
        new ListMetricsCommand({
          Namespace: 'CWAgent',
          MetricName: 'mem_used_percent',
          Dimensions: [{ Name: 'InstanceId', Value: instanceId }],
        }),
      );
      const metric = [...(answer.Metrics ?? [])].sort(
        (a, b) => (a.Dimensions?.length ?? 0) - (b.Dimensions?.length ?? 0),
      )[0];
      return metric?.Dimensions && metric.Dimensions.length > 0 ? metric.Dimensions : undefined;
    } catch {
      // The memory line is an extra: the picture is still worth having without it.
      return undefined;
    }
  }
}
