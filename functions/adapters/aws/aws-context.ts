/**
 * The AWS context added to a capture, as capture-document blocks in the JSON the AWS CLI
 * prints (`--output json`): the SDK's response with its PascalCase keys, dates as the CLI
 * writes them (`2026-11-10T08:41:17+00:00`), and without the SDK's `$metadata`. The core's
 * parsers (`functions/core/parsers/aws-json.ts`) read these blocks exactly as they read a block
 * a person pasted, so each header is the CLI command that prints the same thing.
 *
 * - `aws ec2 describe-instances --instance-ids i-…`: type, launch time, tags;
 * - `aws ec2 describe-instance-credit-specifications --instance-ids i-…`: burstable types only;
 * - `aws cloudwatch get-metric-data …`: CPUUtilization over 3 h; for burstable types
 *   CPUCreditBalance, CPUSurplusCreditBalance and CPUSurplusCreditsCharged over 24 h (credit
 *   metrics come every 5 minutes only); CWAgent `mem_used_percent` over 7 days, with the
 *   dimensions `ListMetrics` finds (the agent publishes whatever its config says).
 *
 * With a {@link ChangeHistory} (the capture-done function's), what changed in the 2 hours before
 * the alarm follows describe-instances (change-history.ts).
 *
 * Everything is best effort: a call that fails becomes a `# note:` line saying so.
 */
import {
  type CloudWatchClient,
  type Dimension,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  ListMetricsCommand,
  type MetricDataQuery,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeInstanceCreditSpecificationsCommand,
  DescribeInstancesCommand,
  type EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2';
import { burstableSpec, type CreditMode } from '../../core/burstable.js';
import type { AwsContext, AwsContextDocument, CloudWatchGlance } from '../../triage/ports.js';
import type { ChangeHistory } from './change-history.js';
import { cloudWatchClient, ec2Client, errorName } from './clients.js';

const HOUR_MS = 3_600_000;
export const CPU_WINDOW_MS = 3 * HOUR_MS;
export const CREDIT_WINDOW_MS = 24 * HOUR_MS;
export const MEMORY_WINDOW_MS = 7 * 24 * HOUR_MS;
const MAX_PAGES = 5;

/** `2026-11-10T08:41:17.000Z` → `2026-11-10T08:41:17+00:00`, as the AWS CLI prints dates. */
export const cliDate = (date: Date): string =>
  date
    .toISOString()
    .replace(/\.(\d{3})Z$/, (_, ms: string) => (ms === '000' ? '+00:00' : `.${ms}000+00:00`));

/** An SDK response as `aws … --output json` prints it. */
export const cliJson = (response: object): string => {
  const { $metadata: _metadata, ...body } = response as Record<string, unknown>;
  return JSON.stringify(
    body,
    function (this: Record<string, unknown>, key: string, value: unknown) {
      const raw = this[key];
      return raw instanceof Date ? cliDate(raw) : value;
    },
    4,
  );
};

const block = (command: string, body: string): string => `==> ${command} <==\n${body}\n`;

const failed = (what: string, instanceId: string, error: unknown): string =>
  `# note: ${what} for ${instanceId} failed (${errorName(error) ?? 'Error'}); its context is missing\n`;

const minuteFloor = (date: Date): Date => new Date(Math.floor(date.getTime() / 60_000) * 60_000);

const metricQuery = (
  id: string,
  namespace: string,
  name: string,
  dimensions: Dimension[],
  period: number,
  stat: string,
): MetricDataQuery => ({
  Id: id,
  MetricStat: {
    Metric: { Namespace: namespace, MetricName: name, Dimensions: dimensions },
    Period: period,
    Stat: stat,
  },
  // deriveMetrics finds a series by the metric name in its label.
  Label: name,
  ReturnData: true,
});

const newest = (
  result: MetricDataResult | undefined,
): { value: number; at: string } | undefined => {
  const value = result?.Values?.[0];
  const at = result?.Timestamps?.[0];
  return value !== undefined && at ? { value, at: cliDate(at) } : undefined;
};

export interface AwsCloudContextOptions {
  ec2?: EC2Client;
  cloudWatch?: CloudWatchClient;
  /** Absent: no change blocks (the alarm function, which needs only the glance, carries none of its clients). */
  changes?: ChangeHistory;
}

export class AwsCloudContext implements AwsContext {
  readonly #ec2: EC2Client;
  readonly #cloudWatch: CloudWatchClient;
  readonly #changes: ChangeHistory | undefined;

  constructor(options: AwsCloudContextOptions = {}) {
    this.#ec2 = options.ec2 ?? ec2Client();
    this.#cloudWatch = options.cloudWatch ?? cloudWatchClient();
    this.#changes = options.changes;
  }

  async describe(instanceId: string, now: Date, alarmAt?: Date): Promise<AwsContextDocument> {
    const parts: string[] = [];
    const glance: CloudWatchGlance = {};
    const end = minuteFloor(now);
    const idDimension: Dimension[] = [{ Name: 'InstanceId', Value: instanceId }];

    // describe-instances: the type decides what else is worth asking.
    let instance: Instance | undefined;
    try {
      const answer = await this.#ec2.send(
        new DescribeInstancesCommand({ InstanceIds: [instanceId] }),
      );
      instance = answer.Reservations?.flatMap((r) => r.Instances ?? [])[0];
      parts.push(block(`aws ec2 describe-instances --instance-ids ${instanceId}`, cliJson(answer)));
    } catch (error) {
      parts.push(failed('aws ec2 describe-instances', instanceId, error));
    }
    if (instance && this.#changes) parts.push(await this.#changes.before(instance, alarmAt ?? now));
    const instanceType = instance?.InstanceType;
    if (instanceType) glance.instanceType = instanceType;
    const spec = instanceType ? burstableSpec(instanceType) : undefined;

    if (spec) {
      try {
        const answer = await this.#ec2.send(
          new DescribeInstanceCreditSpecificationsCommand({ InstanceIds: [instanceId] }),
        );
        const mode = answer.InstanceCreditSpecifications?.[0]?.CpuCredits;
        if (mode === 'standard' || mode === 'unlimited') glance.creditMode = mode as CreditMode;
        parts.push(
          block(
            `aws ec2 describe-instance-credit-specifications --instance-ids ${instanceId}`,
            cliJson(answer),
          ),
        );
      } catch (error) {
        parts.push(failed('aws ec2 describe-instance-credit-specifications', instanceId, error));
      }
    }

    const cpu = await this.#metricBlock(
      [metricQuery('cpu', 'AWS/EC2', 'CPUUtilization', idDimension, 300, 'Average')],
      end,
      CPU_WINDOW_MS,
      instanceId,
      parts,
    );
    const cpuSeries = cpu?.find((r) => r.Id === 'cpu');
    const cpuNewest = newest(cpuSeries);
    if (cpuSeries && cpuNewest) {
      glance.cpu = {
        latest: cpuNewest.value,
        max: Math.max(...(cpuSeries.Values ?? [])),
        at: cpuNewest.at,
        points: cpuSeries.Values?.length ?? 0,
      };
    }

    if (spec) {
      const credits = await this.#metricBlock(
        [
          metricQuery('balance', 'AWS/EC2', 'CPUCreditBalance', idDimension, 300, 'Average'),
          metricQuery('surplus', 'AWS/EC2', 'CPUSurplusCreditBalance', idDimension, 300, 'Average'),
          metricQuery('charged', 'AWS/EC2', 'CPUSurplusCreditsCharged', idDimension, 300, 'Sum'),
        ],
        end,
        CREDIT_WINDOW_MS,
        instanceId,
        parts,
      );
      const balance = newest(credits?.find((r) => r.Id === 'balance'));
      if (balance) glance.creditBalance = { latest: balance.value, at: balance.at };
    }

    const memoryDimensions = await this.#memoryDimensions(instanceId, parts);
    if (memoryDimensions) {
      const memory = await this.#metricBlock(
        [metricQuery('mem', 'CWAgent', 'mem_used_percent', memoryDimensions, 3600, 'Average')],
        end,
        MEMORY_WINDOW_MS,
        instanceId,
        parts,
      );
      const used = newest(memory?.find((r) => r.Id === 'mem'));
      if (used) glance.memoryUsedPercent = { latest: used.value, at: used.at };
    }

    return { text: parts.join(''), glance };
  }

  /**
   * The dimensions of this instance's CWAgent `mem_used_percent`, the fewest first (the agent
   * may publish the instance alone and roll-ups with the type or the image). Absent → a note.
   */
  async #memoryDimensions(instanceId: string, parts: string[]): Promise<Dimension[] | undefined> {
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
      if (!metric?.Dimensions) {
        parts.push(
          `# note: no CWAgent mem_used_percent metric for ${instanceId}: the CloudWatch agent does not publish memory with an InstanceId dimension, so there is no memory trend\n`,
        );
        return undefined;
      }
      return metric.Dimensions;
    } catch (error) {
      parts.push(
        failed('aws cloudwatch list-metrics (CWAgent mem_used_percent)', instanceId, error),
      );
      return undefined;
    }
  }

  /** One GetMetricData over every page, printed as one block; `undefined` when it failed. */
  async #metricBlock(
    queries: MetricDataQuery[],
    end: Date,
    windowMs: number,
    instanceId: string,
    parts: string[],
  ): Promise<MetricDataResult[] | undefined> {
    const input: GetMetricDataCommandInput = {
      MetricDataQueries: queries,
      StartTime: new Date(end.getTime() - windowMs),
      EndTime: end,
      ScanBy: 'TimestampDescending',
    };
    const byId = new Map<string, MetricDataResult>();
    const messages: NonNullable<MetricDataResult['Messages']> = [];
    try {
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await this.#cloudWatch.send(
          new GetMetricDataCommand({ ...input, NextToken: token }),
        );
        for (const result of page.MetricDataResults ?? []) {
          const id = result.Id ?? '';
          const seen = byId.get(id);
          byId.set(
            id,
            seen
              ? {
                  ...seen,
                  Timestamps: [...(seen.Timestamps ?? []), ...(result.Timestamps ?? [])],
                  Values: [...(seen.Values ?? []), ...(result.Values ?? [])],
                  StatusCode: result.StatusCode,
                }
              : result,
          );
        }
        messages.push(...(page.Messages ?? []));
        token = page.NextToken;
        pages++;
      } while (token && pages < MAX_PAGES);
    } catch (error) {
      const names = queries.map((q) => q.MetricStat?.Metric?.MetricName).join(', ');
      parts.push(failed(`aws cloudwatch get-metric-data (${names})`, instanceId, error));
      return undefined;
    }
    const results = [...byId.values()];
    const command =
      `aws cloudwatch get-metric-data --metric-data-queries '${JSON.stringify(queries)}'` +
      ` --start-time ${cliDate(input.StartTime as Date)} --end-time ${cliDate(end)}`;
    parts.push(block(command, cliJson({ MetricDataResults: results, Messages: messages })));
    return results;
  }
}
