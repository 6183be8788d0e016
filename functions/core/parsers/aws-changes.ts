/**
 * What changed around an instance, in the JSON the AWS CLI prints: Elastic Beanstalk's events
 * (deploys, configuration updates), Auto Scaling's activities, CloudTrail's management events.
 * Shapes as the SDK models carry them (`EventDescriptionsMessage`/`EventDescription`,
 * `ActivitiesType`/`Activity`, `LookupEventsResponse`/`Event`, the same botocore
 * `service-2.json` models) and the AWS CLI's examples (`awscli/examples/elasticbeanstalk/
 * describe-events.rst`, `…/autoscaling/describe-scaling-activities.rst`,
 * `…/cloudtrail/lookup-events.rst`).
 *
 * Beanstalk's and CloudTrail's answers both start `"Events": [`, so neither has a banner: a
 * pasted block needs its header or its `$ aws …` prompt line.
 */
import {
  awsCommand,
  isObject,
  optString,
  otherShape,
  plural,
  readJson,
  timestamp,
} from './aws-json.js';
import { fail, ok, type Parsed, type ToolParser } from './types.js';

/** One `Events[]` entry of `aws elasticbeanstalk describe-events`. */
export interface BeanstalkEvent {
  /** ISO, as the CLI prints it. */
  at: string;
  message: string;
  environment?: string;
  application?: string;
  /** Set on the events of an application version's deploy. */
  versionLabel?: string;
  /** `TRACE` … `FATAL`. */
  severity?: string;
}

/** One `Activities[]` entry of `aws autoscaling describe-scaling-activities`. */
export interface ScalingActivity {
  /** `StartTime`. */
  at: string;
  group?: string;
  /** `Launching a new EC2 instance: i-…`, `Terminating EC2 instance: i-…`. */
  description: string;
  /** Why: `At 2026-… a user request update of AutoScalingGroup constraints …`. */
  cause?: string;
  /** `Successful`, `Failed`, `InProgress`, … */
  status?: string;
}

/** One `Events[]` entry of `aws cloudtrail lookup-events`. */
export interface TrailEvent {
  at: string;
  /** `UpdateEnvironment`, `ModifyInstanceAttribute`, `StopInstances`. */
  name: string;
  /** `ec2.amazonaws.com`. */
  source?: string;
  username?: string;
  /** `ReadOnly`, or the raw event's `readOnly`: a read changes nothing. */
  readOnly?: boolean;
  resources: string[];
}

const readOnlyOf = (raw: Record<string, unknown>): boolean | undefined => {
  const stated = optString(raw, 'ReadOnly');
  if (stated === 'true' || stated === 'false') return stated === 'true';
  const inner = optString(raw, 'CloudTrailEvent');
  if (!inner) return undefined;
  try {
    const event: unknown = JSON.parse(inner);
    return isObject(event) && typeof event.readOnly === 'boolean' ? event.readOnly : undefined;
  } catch {
    return undefined;
  }
};

/** Reads `doc[key]` as a list, each entry by `read` (entries it cannot read are skipped). */
const listOf = <T>(
  text: string,
  command: string | null,
  key: string,
  read: (raw: Record<string, unknown>) => T | undefined,
): Parsed<T[]> => {
  const json = readJson(text, command);
  if (!json.ok) return json;
  const doc = json.data;
  if (!isObject(doc) || !Array.isArray(doc[key])) return fail(otherShape(doc, `a "${key}" array`));
  return ok(
    (doc[key] as unknown[]).flatMap((raw) => {
      const one = isObject(raw) ? read(raw) : undefined;
      return one ? [one] : [];
    }),
  );
};

const withDefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export const describeEventsParser: ToolParser<BeanstalkEvent[]> = {
  tool: 'aws-elasticbeanstalk-describe-events',
  matchCommand: (command) => awsCommand('elasticbeanstalk', 'describe-events').test(command),
  parse: (text, command) =>
    listOf(text, command, 'Events', (raw) => {
      const at = timestamp(raw.EventDate);
      const message = optString(raw, 'Message');
      if (!at || message === undefined) return undefined;
      return withDefined<BeanstalkEvent>({
        at,
        message,
        environment: optString(raw, 'EnvironmentName'),
        application: optString(raw, 'ApplicationName'),
        versionLabel: optString(raw, 'VersionLabel'),
        severity: optString(raw, 'Severity'),
      });
    }),
  summarize: (events) => plural(events.length, 'Beanstalk event'),
};

export const describeScalingActivitiesParser: ToolParser<ScalingActivity[]> = {
  tool: 'aws-autoscaling-describe-scaling-activities',
  matchCommand: (command) => awsCommand('autoscaling', 'describe-scaling-activities').test(command),
  banner: /^\s*(?:\{\s*)?"Activities"\s*:/,
  parse: (text, command) =>
    listOf(text, command, 'Activities', (raw) => {
      const at = timestamp(raw.StartTime);
      if (!at) return undefined;
      return withDefined<ScalingActivity>({
        at,
        group: optString(raw, 'AutoScalingGroupName'),
        description: optString(raw, 'Description') ?? optString(raw, 'ActivityId') ?? '',
        cause: optString(raw, 'Cause'),
        status: optString(raw, 'StatusCode'),
      });
    }),
  summarize: (activities) =>
    `${activities.length} scaling ${activities.length === 1 ? 'activity' : 'activities'}`,
};

export const lookupEventsParser: ToolParser<TrailEvent[]> = {
  tool: 'aws-cloudtrail-lookup-events',
  matchCommand: (command) => awsCommand('cloudtrail', 'lookup-events').test(command),
  parse: (text, command) =>
    listOf(text, command, 'Events', (raw) => {
      const at = timestamp(raw.EventTime);
      const name = optString(raw, 'EventName');
      if (!at || !name) return undefined;
      const resources = (Array.isArray(raw.Resources) ? raw.Resources : [])
        .map((r) => (isObject(r) ? optString(r, 'ResourceName') : undefined))
        .filter((r): r is string => r !== undefined);
      return withDefined<TrailEvent>({
        at,
        name,
        source: optString(raw, 'EventSource'),
        username: optString(raw, 'Username'),
        readOnly: readOnlyOf(raw),
        resources,
      });
    }),
  summarize: (events) => plural(events.length, 'CloudTrail event'),
};
