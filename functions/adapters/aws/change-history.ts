/**
 * What changed around an instance in the 2 hours before its alarm, as capture-document blocks
 * in the JSON the AWS CLI prints (see aws-context.ts): the core's parsers
 * (`functions/core/parsers/aws-changes.ts`) read them as they read a pasted `aws …` output.
 *
 * - `aws elasticbeanstalk describe-events --environment-name ENV …`: deploys (with the
 *   application version) and configuration updates, when the instance carries the
 *   `elasticbeanstalk:environment-name` tag;
 * - `aws autoscaling describe-scaling-activities --auto-scaling-group-name ASG …`: instances
 *   launched and terminated, when it carries `aws:autoscaling:groupName` (the API has no time
 *   filter: the newest {@link MAX_ACTIVITIES}, the core keeps those in the window);
 * - `aws cloudtrail lookup-events --lookup-attributes AttributeKey=ResourceName,AttributeValue=…`:
 *   management events on the instance, then its group, then its environment. LookupEvents takes
 *   one attribute per call and allows two calls a second per account and region, so at most
 *   three calls and {@link MAX_TRAIL_EVENTS} events in all; each event without its
 *   `CloudTrailEvent` record (see {@link withoutRecord}).
 *
 * Bounded (one page each) and best effort: a call that fails becomes a `# note:` line.
 */
import {
  type AutoScalingClient,
  DescribeScalingActivitiesCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  type CloudTrailClient,
  LookupEventsCommand,
  type Event as TrailEvent,
} from '@aws-sdk/client-cloudtrail';
import type { Instance } from '@aws-sdk/client-ec2';
import {
  DescribeEventsCommand,
  type ElasticBeanstalkClient,
} from '@aws-sdk/client-elastic-beanstalk';
import { cliDate, cliJson } from './aws-context.js';
import {
  autoScalingClient,
  cloudTrailClient,
  elasticBeanstalkClient,
  errorName,
} from './clients.js';

/** The window before the alarm (the core's CHANGE_WINDOW_SECONDS reads the same span). */
export const CHANGE_WINDOW_MS = 2 * 3_600_000;
/** Beanstalk events in the window: a deploy writes 4–6, a rolling one a few per batch. */
export const MAX_BEANSTALK_EVENTS = 100;
/** Scaling activities, newest first: enough for a group that scaled every few minutes. */
export const MAX_ACTIVITIES = 20;
/** CloudTrail events over all lookups (LookupEvents' own page maximum). */
export const MAX_TRAIL_EVENTS = 50;

/** Whether the raw record says the call only read: `ReadOnly` is optional in the answer. */
const readOnlyOf = (record: string | undefined): string | undefined => {
  try {
    const parsed = JSON.parse(record ?? '') as { readOnly?: unknown };
    return typeof parsed.readOnly === 'boolean' ? String(parsed.readOnly) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * An event without its `CloudTrailEvent`, the full record as a JSON string (1–2 KB each: 50 of
 * them would take a quarter of the DynamoDB item the document is stored in). What the core
 * reads of it, whether the call only read, is kept as `ReadOnly`.
 */
const withoutRecord = ({ CloudTrailEvent: record, ...event }: TrailEvent): TrailEvent => {
  const readOnly = event.ReadOnly ?? readOnlyOf(record);
  return readOnly === undefined ? event : { ...event, ReadOnly: readOnly };
};

const tagOf = (instance: Instance, key: string): string | undefined =>
  instance.Tags?.find((t) => t.Key === key)?.Value;

export interface ChangeHistoryOptions {
  elasticBeanstalk?: ElasticBeanstalkClient;
  autoScaling?: AutoScalingClient;
  cloudTrail?: CloudTrailClient;
}

export class ChangeHistory {
  readonly #elasticBeanstalk: ElasticBeanstalkClient;
  readonly #autoScaling: AutoScalingClient;
  readonly #cloudTrail: CloudTrailClient;

  constructor(options: ChangeHistoryOptions = {}) {
    this.#elasticBeanstalk = options.elasticBeanstalk ?? elasticBeanstalkClient();
    this.#autoScaling = options.autoScaling ?? autoScalingClient();
    this.#cloudTrail = options.cloudTrail ?? cloudTrailClient();
  }

  /** The blocks (and notes) for one instance, as described by DescribeInstances. */
  async before(instance: Instance, alarmAt: Date): Promise<string> {
    const instanceId = instance.InstanceId ?? 'the instance';
    const end = alarmAt;
    const start = new Date(end.getTime() - CHANGE_WINDOW_MS);
    const window = `--start-time ${cliDate(start)} --end-time ${cliDate(end)}`;
    const environment = tagOf(instance, 'elasticbeanstalk:environment-name');
    const group = tagOf(instance, 'aws:autoscaling:groupName');
    const parts: string[] = [];
    const attempt = async (command: string, call: () => Promise<object>) => {
      try {
        parts.push(`==> ${command} <==\n${cliJson(await call())}\n`);
      } catch (error) {
        parts.push(
          `# note: ${command.split(' --')[0]} for ${instanceId} failed (${errorName(error) ?? 'Error'}); what changed is incomplete\n`,
        );
      }
    };

    if (environment) {
      await attempt(
        `aws elasticbeanstalk describe-events --environment-name ${environment} ${window} --max-records ${MAX_BEANSTALK_EVENTS}`,
        () =>
          this.#elasticBeanstalk.send(
            new DescribeEventsCommand({
              EnvironmentName: environment,
              StartTime: start,
              EndTime: end,
              MaxRecords: MAX_BEANSTALK_EVENTS,
            }),
          ),
      );
    }
    if (group) {
      await attempt(
        `aws autoscaling describe-scaling-activities --auto-scaling-group-name ${group} --max-records ${MAX_ACTIVITIES}`,
        () =>
          this.#autoScaling.send(
            new DescribeScalingActivitiesCommand({
              AutoScalingGroupName: group,
              MaxRecords: MAX_ACTIVITIES,
            }),
          ),
      );
    }
    let left = MAX_TRAIL_EVENTS;
    for (const name of [instance.InstanceId, group, environment]) {
      if (!name || left <= 0) continue;
      const max = left;
      await attempt(
        `aws cloudtrail lookup-events --lookup-attributes AttributeKey=ResourceName,AttributeValue=${name} ${window} --max-results ${max}`,
        async () => {
          const answer = await this.#cloudTrail.send(
            new LookupEventsCommand({
              LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: name }],
              StartTime: start,
              EndTime: end,
              MaxResults: max,
            }),
          );
          left -= answer.Events?.length ?? 0;
          // One page only: the token would only invite a second call the bound forbids.
          const { NextToken: _more, ...page } = answer;
          return { ...page, Events: answer.Events?.map(withoutRecord) };
        },
      );
    }
    return parts.join('');
  }
}
