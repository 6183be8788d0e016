import { CfnOutput, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import { LambdaAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { type EventPattern, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type FunctionUrl, FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DEEP_MODES,
  type DeepMode,
  MAX_SECONDS,
  MIN_SECONDS,
} from '../functions/capture-script/options.js';
import { TriageFunction } from './triage-function.js';

/** Which alarms' state changes the EventBridge rule forwards to the alarm function. */
export interface AlarmSelection {
  /**
   * Forward every alarm in the account and region. Cannot be combined with `namePrefixes` or
   * `tags`. Set it to `false` with no filters to create no rule at all and wire alarms one by one
   * through {@link AlertTriage.alarmAction}.
   * @default true when neither `namePrefixes` nor `tags` is given
   */
  readonly all?: boolean;
  /**
   * Forward alarms whose name starts with one of these prefixes.
   * @default - no name filter
   */
  readonly namePrefixes?: string[];
  /**
   * Forward alarms carrying all of these tags (matched on `detail.alarmTags`). CloudWatch puts an
   * alarm's tags in its state-change events only when the alarm has tag propagation enabled
   * (`ActionConfiguration.AlarmTagsPropagation`); other alarms never match.
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-tags-in-notifications.html
   * @default - no tag filter
   */
  readonly tags?: Record<string, string>;
}

/** How the capture script runs on the instance. */
export interface CaptureSettings {
  /**
   * Sampling window in seconds, a whole number from 3 to 60.
   * @default 10
   */
  readonly seconds?: number;
  /**
   * `auto` runs `strace -c` only when the hottest process spends much of its time in the kernel.
   * @default 'auto'
   */
  readonly deep?: DeepMode;
}

/** The instance tag that opts an instance in to having the capture script run on it. */
export interface OptInTag {
  /** The tag key, e.g. `alert-triage:enabled` (not in the reserved `aws:` space). */
  readonly key: string;
  /** The value the tag must have, compared exactly (`StringEquals`). */
  readonly value: string;
}

export interface AlertTriageProps {
  /**
   * The Slack channel triage messages go to.
   * @default - none: the functions log their triage instead of posting it
   */
  readonly slackChannelId?: string;
  /**
   * The Secrets Manager secret holding the Slack bot token and signing secret (JSON
   * `{"botToken": "xoxb-…", "signingSecret": "…"}`), as a secret or its name. Every function may
   * read it; its id reaches them as `SLACK_SECRET_ID`. Giving it (with `slackChannelId`) also
   * creates the Slack function behind a Function URL, for the card's buttons.
   * @default - no secret and no Slack function
   */
  readonly slackSecret?: ISecret | string;
  /**
   * Only these Slack users may press the buttons.
   * @default - anyone in the allowed channel
   */
  readonly slackAllowedUsers?: string[];
  /**
   * The Slack workspace (team id, `T…`) the buttons answer; payloads from any other are refused.
   * @default - no workspace check beyond the signing secret
   */
  readonly slackTeamId?: string;
  /**
   * Which alarms the EventBridge rule forwards.
   * @default { all: true }
   */
  readonly alarms?: AlarmSelection;
  /**
   * How many instances of an Auto Scaling group or Beanstalk environment to capture, hottest
   * first (1 to 50, SendCommand's limit).
   * @default 3
   */
  readonly hottestN?: number;
  /**
   * The capture script's settings.
   * @default { seconds: 10, deep: 'auto' }
   */
  readonly capture?: CaptureSettings;
  /**
   * Only instances with this tag may receive the capture script: IAM enforces it on
   * `ssm:SendCommand`, whatever the code does.
   * @default { key: 'alert-triage:enabled', value: 'true' }
   */
  readonly optInTag?: OptInTag;
  /**
   * How long the functions' logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the stored state (the table and the log groups) when the construct is
   * removed from the stack or the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The default opt-in tag. */
export const DEFAULT_OPT_IN_TAG: OptInTag = { key: 'alert-triage:enabled', value: 'true' };

/** Each Lambda's handler module, relative to the project root (`bench/bundles.ts` bundles these). */
export const TRIAGE_ENTRIES = {
  alarm: 'functions/alarm/handler.ts',
  'capture-done': 'functions/capture-done/handler.ts',
  slack: 'functions/slack/handler.ts',
} as const;

/** The document the capture script is sent with. */
export const CAPTURE_DOCUMENT = 'AWS-RunShellScript';

/**
 * SSM invocation statuses that are not an end: the output is not there yet. The capture-done
 * rule forwards every other status. An allow-list of terminal statuses would have to guess every
 * spelling the event may use (the API's `TimedOut`, the status table's "Delivery Timed Out",
 * `Undeliverable`, `Terminated`, …) and would drop, silently, the one it missed; the function
 * reads any spelling and ignores a status it does not know as still running.
 */
export const RUNNING_INVOCATION_STATUSES = [
  'Pending',
  'InProgress',
  'Delayed',
  'Cancelling',
] as const;

const SERVICE_NAME = 'alert-triage';
const RETRY_ATTEMPTS = 2;
const MAX_EVENT_AGE = Duration.hours(1);

/**
 * Everything alert-triage needs in one account and region: the state table, the alarm function
 * (alarm → SSM Run Command), the capture-done function (SSM status event → diagnosis), the two
 * EventBridge rules that feed them, and a queue for the events they could not handle.
 *
 * @example
 * const triage = new AlertTriage(this, 'Triage', { slackChannelId: 'C0123456789' });
 * cpuAlarm.addAlarmAction(triage.alarmAction);
 */
export class AlertTriage extends Construct {
  /** Triage records, dedupe keys, mutes and capture history (`pk`/`sk`, TTL on `expiresAt`). */
  readonly table: Table;
  /** Receives alarms and sends the capture script. */
  readonly alarmFunction: TriageFunction;
  /** Receives SSM invocation status events, classifies the capture and reports it. */
  readonly captureDoneFunction: TriageFunction;
  /** Events that still failed after the retries (SSE, 14 days). */
  readonly failedEvents: Queue;
  /** The rule forwarding alarm state changes, absent when `alarms` selects none. */
  readonly alarmRule?: Rule;
  /** The rule forwarding SSM invocation status events. */
  readonly captureDoneRule: Rule;
  /** Add to any alarm (`alarm.addAlarmAction(triage.alarmAction)`) to have it triaged. */
  readonly alarmAction: IAlarmAction;
  /** Answers the Slack buttons; present when `slackSecret` is given. */
  readonly slackFunction?: TriageFunction;
  /** The Slack app's interactivity request URL; present when `slackSecret` is given. */
  readonly slackFunctionUrl?: FunctionUrl;

  constructor(scope: Construct, id: string, props: AlertTriageProps = {}) {
    super(scope, id);
    // Checked before any resource exists: a NodejsFunction bundles as soon as it is created.
    const settings = resolveSettings(this, props);
    const alarmPattern = alarmEventPattern(this, props.alarms);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;

    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy,
    });

    this.failedEvents = new Queue(this, 'FailedEvents', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failedEvents).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue: the EventBridge targets and the functions’ ' +
        'on-failure destinations send to it. Nothing consumes it automatically.',
    });

    const secret = resolveSecret(this, props.slackSecret);
    const environment: Record<string, string> = {
      TABLE_NAME: this.table.tableName,
      HOTTEST_N: String(settings.hottestN),
      CAPTURE_SECONDS: String(settings.captureSeconds),
      CAPTURE_DEEP: settings.captureDeep,
      OPT_IN_TAG_KEY: settings.optInTag.key,
      OPT_IN_TAG_VALUE: settings.optInTag.value,
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      ...(props.slackChannelId === undefined ? {} : { SLACK_CHANNEL_ID: props.slackChannelId }),
      ...(secret === undefined
        ? {}
        : { SLACK_SECRET_ID: secret.secretFullArn ?? secret.secretName }),
    };
    const common = {
      environment,
      logRetention,
      logRemovalPolicy: removalPolicy,
      retryAttempts: RETRY_ATTEMPTS,
      maxEventAge: MAX_EVENT_AGE,
      onFailure: new SqsDestination(this.failedEvents),
    };

    this.alarmFunction = new TriageFunction(this, 'AlarmFunction', {
      ...common,
      entry: TRIAGE_ENTRIES.alarm,
      description: 'alert-triage: alarm → SSM Run Command capture',
      timeout: Duration.seconds(30),
    });
    this.captureDoneFunction = new TriageFunction(this, 'CaptureDoneFunction', {
      ...common,
      entry: TRIAGE_ENTRIES['capture-done'],
      description: 'alert-triage: SSM invocation status → diagnosis',
      timeout: Duration.seconds(60),
    });

    for (const fn of [this.alarmFunction, this.captureDoneFunction]) {
      this.table.grantReadWriteData(fn);
      secret?.grantRead(fn);
    }
    this.grantAlarmFunction(settings.optInTag);
    this.grantCaptureDoneFunction();

    const target = (fn: TriageFunction) =>
      new LambdaFunction(fn, {
        deadLetterQueue: this.failedEvents,
        retryAttempts: RETRY_ATTEMPTS,
        maxEventAge: MAX_EVENT_AGE,
      });

    if (alarmPattern) {
      this.alarmRule = new Rule(this, 'AlarmRule', {
        description: 'alert-triage: CloudWatch alarm state changes',
        eventPattern: alarmPattern,
        targets: [target(this.alarmFunction)],
      });
    }
    this.captureDoneRule = new Rule(this, 'CaptureDoneRule', {
      description: 'alert-triage: Run Command invocations that have finished',
      eventPattern: captureDoneEventPattern(),
      targets: [target(this.captureDoneFunction)],
    });

    this.alarmAction = new LambdaAction(this.alarmFunction, { useUniquePermissionId: true });

    if (secret !== undefined) {
      if (props.slackChannelId === undefined) {
        throw new Error(
          `${this.node.path}: slackSecret needs slackChannelId (where the buttons work)`,
        );
      }
      const slackFunction = new TriageFunction(this, 'SlackFunction', {
        environment: {
          ...environment,
          ...(props.slackAllowedUsers?.length
            ? { SLACK_ALLOWED_USERS: props.slackAllowedUsers.join(',') }
            : {}),
          ...(props.slackTeamId === undefined ? {} : { SLACK_TEAM_ID: props.slackTeamId }),
        },
        logRetention,
        logRemovalPolicy: removalPolicy,
        entry: TRIAGE_ENTRIES.slack,
        description: 'alert-triage: Slack buttons (rerun, deep capture, mute)',
        // Slack gives 3 s; a cold start plus a SendCommand fits, and a stuck call ends soon after.
        timeout: Duration.seconds(10),
      });
      this.table.grantReadWriteData(slackFunction);
      secret.grantRead(slackFunction);
      grantSendCapture(slackFunction, settings.optInTag);
      // Slack cannot sign AWS requests; it signs its own (HMAC-SHA256 with the signing secret),
      // and the function refuses, with 401, any request whose signature is missing, wrong or
      // older than 5 minutes. AwsSolutions has no rule on Function URL auth to acknowledge.
      this.slackFunctionUrl = slackFunction.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
      this.slackFunction = slackFunction;
      new CfnOutput(this, 'SlackInteractivityUrl', {
        description: 'Paste into the Slack app: Interactivity & Shortcuts → Request URL',
        value: this.slackFunctionUrl.url,
      });
    }
  }

  private grantAlarmFunction(optInTag: OptInTag): void {
    const fn = this.alarmFunction;
    grantSendCapture(fn, optInTag);
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'DescribeTargets',
        actions: [
          'ssm:DescribeInstanceInformation',
          'ec2:DescribeInstances',
          'ec2:DescribeInstanceCreditSpecifications',
          'autoscaling:DescribeAutoScalingGroups',
          'cloudwatch:GetMetricData',
          'cloudwatch:ListMetrics',
          'cloudwatch:DescribeAlarms',
        ],
        resources: ['*'],
      }),
    );
    Validations.of(fn.serviceRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Read-only calls that support no resource-level permissions, so IAM requires "*": ' +
        'ssm:DescribeInstanceInformation (is the SSM agent online), ec2:DescribeInstances ' +
        '(Beanstalk environment → instances by tag, instance type), ' +
        'autoscaling:DescribeAutoScalingGroups (group → instances), cloudwatch:GetMetricData ' +
        '(rank instances hottest first), cloudwatch:DescribeAlarms (children of a composite ' +
        'alarm; composite alarms are only returned when it is granted on "*"), and, to say ' +
        'what AWS shows when an instance cannot be captured, ' +
        'ec2:DescribeInstanceCreditSpecifications and cloudwatch:ListMetrics.',
    });
  }

  private grantCaptureDoneFunction(): void {
    const fn = this.captureDoneFunction;
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadCaptureAndContext',
        actions: [
          'ssm:GetCommandInvocation',
          'ec2:DescribeInstances',
          'ec2:DescribeInstanceCreditSpecifications',
          'cloudwatch:GetMetricData',
          'cloudwatch:GetMetricWidgetImage',
          'cloudwatch:ListMetrics',
        ],
        resources: ['*'],
      }),
    );
    Validations.of(fn.serviceRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Read-only calls that support no resource-level permissions, so IAM requires "*": ' +
        'ssm:GetCommandInvocation (the capture output), ec2:DescribeInstances (instance type), ' +
        'ec2:DescribeInstanceCreditSpecifications (standard or unlimited credits), ' +
        'cloudwatch:GetMetricData (credit balance, CPU, memory), cloudwatch:GetMetricWidgetImage ' +
        '(the picture of the alarm window for Slack) and cloudwatch:ListMetrics (find the ' +
        'CloudWatch agent memory metric’s dimensions).',
    });
  }
}

/**
 * Lets a function send the capture script: the AWS-owned document, and only instances carrying
 * the opt-in tag (IAM enforces it, whatever the code does).
 */
const grantSendCapture = (fn: TriageFunction, optInTag: OptInTag): void => {
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'SendCaptureDocument',
      actions: ['ssm:SendCommand'],
      // AWS-owned documents have an empty account field.
      resources: [
        stack.formatArn({
          service: 'ssm',
          account: '',
          resource: 'document',
          resourceName: CAPTURE_DOCUMENT,
        }),
      ],
    }),
  );
  const instances = stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: '*' });
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'SendToOptedInInstances',
      actions: ['ssm:SendCommand'],
      resources: [instances],
      conditions: { StringEquals: { [`ssm:resourceTag/${optInTag.key}`]: optInTag.value } },
    }),
  );
  Validations.of(fn.serviceRole).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/*]',
    reason:
      'ssm:SendCommand on instances is limited by the condition ' +
      `ssm:resourceTag/${optInTag.key} = ${optInTag.value}: only opted-in instances, whichever ` +
      'their id. Instance ids are not known when the stack is deployed.',
  });
};

interface Settings {
  readonly hottestN: number;
  readonly captureSeconds: number;
  readonly captureDeep: DeepMode;
  readonly optInTag: OptInTag;
}

const wholeNumberIn = (
  scope: Construct,
  name: string,
  value: number,
  min: number,
  max: number,
): number => {
  if (Token.isUnresolved(value)) return value;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${scope.node.path}: ${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
};

const resolveSettings = (scope: Construct, props: AlertTriageProps): Settings => {
  const deep = props.capture?.deep ?? 'auto';
  if (!DEEP_MODES.includes(deep)) {
    throw new Error(`${scope.node.path}: capture.deep must be one of ${DEEP_MODES.join(', ')}`);
  }
  const optInTag = props.optInTag ?? DEFAULT_OPT_IN_TAG;
  if (optInTag.key === '' || optInTag.key.startsWith('aws:')) {
    throw new Error(`${scope.node.path}: optInTag.key must be a non-empty tag key not in aws:`);
  }
  return {
    hottestN: wholeNumberIn(scope, 'hottestN', props.hottestN ?? 3, 1, 50),
    captureSeconds: wholeNumberIn(
      scope,
      'capture.seconds',
      props.capture?.seconds ?? 10,
      MIN_SECONDS,
      MAX_SECONDS,
    ),
    captureDeep: deep,
    optInTag,
  };
};

const resolveSecret = (scope: Construct, secret: ISecret | string | undefined) =>
  typeof secret === 'string' ? Secret.fromSecretNameV2(scope, 'SlackSecret', secret) : secret;

/**
 * The alarm rule's pattern: every state change (the alarm function starts a triage on → ALARM
 * and resolves one on ALARM → OK; it ignores the rest), narrowed by name prefix and tags.
 * `undefined` when the selection asks for no rule.
 */
export const alarmEventPattern = (
  scope: Construct,
  selection: AlarmSelection = {},
): EventPattern | undefined => {
  const prefixes = selection.namePrefixes ?? [];
  const tags = Object.entries(selection.tags ?? {});
  const filtered = prefixes.length > 0 || tags.length > 0;
  if (selection.all === true && filtered) {
    throw new Error(`${scope.node.path}: alarms.all cannot be combined with namePrefixes or tags`);
  }
  if (selection.all === false && !filtered) return undefined;
  const pattern: EventPattern = {
    source: ['aws.cloudwatch'],
    detailType: ['CloudWatch Alarm State Change'],
  };
  if (!filtered) return pattern;
  return {
    ...pattern,
    detail: {
      ...(prefixes.length > 0 ? { alarmName: prefixes.map((prefix) => ({ prefix })) } : {}),
      ...(tags.length > 0
        ? { alarmTags: Object.fromEntries(tags.map(([key, value]) => [key, [value]])) }
        : {}),
    },
  };
};

/** The capture-done rule's pattern: invocations of the capture document that have ended. */
export const captureDoneEventPattern = (): EventPattern => ({
  source: ['aws.ssm'],
  detailType: ['EC2 Command Invocation Status-change Notification'],
  detail: {
    'document-name': [CAPTURE_DOCUMENT],
    status: [{ 'anything-but': [...RUNNING_INVOCATION_STATUSES] }],
  },
});
