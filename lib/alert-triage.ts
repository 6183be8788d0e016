import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import { LambdaAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { type EventPattern, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type FunctionUrl, FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption, RedrivePermission } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DeepMode } from '../functions/capture-script/options.js';
import { CaptureDocument } from './capture-document.js';
import { grantChangeHistory } from './change-history.js';
import { acknowledgeControl, CONTROL_TOWER_RULES } from './control-tower.js';
import { addRemediation, type RemediationSettings } from './remediation.js';
import { resolveSettings } from './settings.js';
import { TriageFunction, type TriageFunctionProps } from './triage-function.js';
import { TriageHealth } from './triage-health.js';
import { addWeeklyDigest } from './weekly-digest.js';

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
   * The one Slack channel triage messages go to, by id (`C0123456789`; a list is refused).
   * @default - none: the functions log their triage instead of posting it
   */
  readonly slackChannelId?: string;
  /**
   * The Secrets Manager secret holding the Slack bot token (JSON `{"botToken": "xoxb-…"}`), as a
   * secret or its name. Every function may read it; its id reaches them as `SLACK_SECRET_ID`.
   * @default - no secret: the functions log their triage instead of posting it
   */
  readonly slackSecret?: ISecret | string;
  /**
   * The Secrets Manager secret holding the Slack app's signing secret (JSON
   * `{"signingSecret": "…"}`), as a secret or its name. Giving it (with `slackSecret` and
   * `slackChannelId`) creates the Slack function behind a Function URL, for the card's buttons;
   * only that function may read it (`SLACK_SIGNING_SECRET_ID`).
   * @default - no buttons and no Slack function
   */
  readonly slackSigningSecret?: ISecret | string;
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
   * Reserved concurrency of the Slack function: the public URL can never take more of the
   * account's concurrency than this, nor be starved of it. An account whose concurrency quota
   * is still the new-account 10 cannot reserve any; raise the quota first.
   * @default 5
   */
  readonly slackReservedConcurrency?: number;
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
   * How long after a capture an instance is not captured again for a flapping alarm (whole
   * seconds, up to a day).
   * @default Duration.minutes(10)
   */
  readonly captureCooldown?: Duration;
  /**
   * Alarms on one instance, group or environment within this window share one Slack card (a
   * storm); zero gives every alarm its own card. Whole seconds, up to an hour.
   * @default Duration.minutes(10)
   */
  readonly stormWindow?: Duration;
  /**
   * For an alarm on an Auto Scaling group or Beanstalk environment, also capture its coolest
   * instance as a healthy peer and show how the hottest differs from it (one extra capture).
   * @default true
   */
  readonly capturePeer?: boolean;
  /**
   * Only instances with this tag may receive the capture script: IAM enforces it on
   * `ssm:SendCommand`, whatever the code does.
   * @default { key: 'alert-triage:enabled', value: 'true' }
   */
  readonly optInTag?: OptInTag;
  /**
   * How long the functions' logs are kept (Control Tower asks for a year or more).
   * @default RetentionDays.ONE_YEAR
   */
  readonly logRetention?: RetentionDays;
  /**
   * A customer managed KMS key for everything stored at rest: the log groups, the table, the
   * failed-events queue and the health topic. When the key is defined in the same app, its key
   * policy is extended to let CloudWatch Logs, EventBridge and CloudWatch alarms use it; for an
   * imported key, allow them yourself (see README, "Deploy under Control Tower").
   * @default - the services' own encryption: AWS owned keys for logs and the queue, the AWS
   * managed key for the table, none for the topic
   */
  readonly encryptionKey?: IKey;
  /**
   * A VPC to run the functions in. They call Slack and AWS APIs, so its subnets need a NAT
   * gateway (or VPC endpoints for every AWS API and a proxy for Slack).
   * @default - no VPC: the functions run in the Lambda service network
   */
  readonly vpc?: IVpc;
  /**
   * Which subnets of `vpc` the functions use.
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: SubnetSelection;
  /**
   * What happens to the stored state (the table and the log groups) when the construct is
   * removed from the stack or the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Fixes on a click: the cards offer the safe, reversible fixes a diagnosis calls for
   * (unlimited credits, a Beanstalk environment property, restarting the app's unit), and
   * these approvers may apply them, each after a confirmation, once, with an audit line in the
   * thread. Needs the Slack buttons (`slackSigningSecret`). See `lib/remediation.ts`.
   * @default - no fix is offered, and no permission or document for one exists
   */
  readonly remediation?: RemediationSettings;
}

/** Each Lambda's handler module, relative to the project root (`bench/bundles.ts` bundles these). */
export const TRIAGE_ENTRIES = {
  alarm: 'functions/alarm/handler.ts',
  'capture-done': 'functions/capture-done/handler.ts',
  slack: 'functions/slack/handler.ts',
} as const;

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

/**
 * The table's item actions, per function: what each one's code calls, nothing more (no Scan,
 * BatchWriteItem or DeleteItem). A TransactWriteItems call is authorized per item by the
 * actions it performs (Put, Update, ConditionCheck), so it needs no action of its own.
 */
export const TABLE_ACTIONS = {
  alarm: [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
  ],
  'capture-done': [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
  ],
  slack: [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:ConditionCheckItem',
  ],
} as const;

/** How often the capture-done function looks for captures whose SSM event never came. */
export const SWEEP_RATE = Duration.minutes(1);

const SERVICE_NAME = 'alert-triage';
const RETRY_ATTEMPTS = 2;
const MAX_EVENT_AGE = Duration.hours(1);

/**
 * Everything alert-triage needs in one account and region: the state table, the capture
 * document, the alarm function (alarm → SSM Run Command), the capture-done function (SSM status
 * event or the minute's sweep → diagnosis), the EventBridge rules that feed them, a queue for
 * the events they could not handle, and alarms on all of it published to {@link alarmTopic}.
 *
 * @example
 * const triage = new AlertTriage(this, 'Triage', { slackChannelId: 'C0123456789' });
 * cpuAlarm.addAlarmAction(triage.alarmAction);
 */
export class AlertTriage extends Construct {
  /** Triage records, dedupe keys, mutes and capture history (`pk`/`sk`, TTL on `expiresAt`). */
  readonly table: Table;
  /** The SSM document the functions send: the capture script and its constrained parameters. */
  readonly captureDocument: CaptureDocument;
  /** Receives alarms and sends the capture document. */
  readonly alarmFunction: TriageFunction;
  /** Receives SSM invocation status events and the sweep, classifies captures and reports them. */
  readonly captureDoneFunction: TriageFunction;
  /** Events that still failed after the retries (encrypted, 14 days). */
  readonly failedEvents: Queue;
  /** The rule forwarding alarm state changes, absent when `alarms` selects none. */
  readonly alarmRule?: Rule;
  /** The rule forwarding the capture document's invocation status events. */
  readonly captureDoneRule: Rule;
  /** Every minute: finish the captures whose deadline passed without an SSM event. */
  readonly sweepRule: Rule;
  /** Add to any alarm (`alarm.addAlarmAction(triage.alarmAction)`) to have it triaged. */
  readonly alarmAction: IAlarmAction;
  /** The bot's own health: failed events, function errors, refused Slack cards. */
  readonly alarmTopic: Topic;
  /** Answers the Slack buttons; present when `slackSigningSecret` is given. */
  readonly slackFunction?: TriageFunction;
  /** The Slack app's interactivity request URL; present when `slackSigningSecret` is given. */
  readonly slackFunctionUrl?: FunctionUrl;

  constructor(scope: Construct, id: string, props: AlertTriageProps = {}) {
    super(scope, id);
    // Checked before any resource exists: a NodejsFunction bundles as soon as it is created.
    const settings = resolveSettings(this, props);
    const alarmPattern = alarmEventPattern(this, props.alarms);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const key = props.encryptionKey;
    if (key) allowServicesToUseKey(key);

    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // KMS either way (Control Tower asks for it): the given key, else DynamoDB's AWS managed one.
      ...(key
        ? { encryption: TableEncryption.CUSTOMER_MANAGED, encryptionKey: key }
        : { encryption: TableEncryption.AWS_MANAGED }),
      removalPolicy,
    });

    this.failedEvents = new Queue(this, 'FailedEvents', {
      ...(key
        ? { encryption: QueueEncryption.KMS, encryptionMasterKey: key }
        : { encryption: QueueEncryption.SQS_MANAGED }),
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // Declares it a dead-letter queue, which is what Control Tower asks of a queue without
      // one of its own; "allowAll" is SQS's default, so nothing changes in what may send to it.
      redriveAllowPolicy: { redrivePermission: RedrivePermission.ALLOW_ALL },
    });
    Validations.of(this.failedEvents).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue: the EventBridge targets and the functions’ ' +
        'on-failure destinations send to it, which cdk-nag does not follow. Nothing consumes ' +
        'it automatically; an alarm fires while it holds a message.',
    });

    this.captureDocument = new CaptureDocument(this, 'CaptureDocument');

    const botSecret = resolveSecret(this, 'SlackSecret', props.slackSecret);
    const signingSecret = resolveSecret(this, 'SlackSigningSecret', props.slackSigningSecret);
    const environment: Record<string, string> = {
      TABLE_NAME: this.table.tableName,
      CAPTURE_DOCUMENT_NAME: this.captureDocument.documentName,
      HOTTEST_N: String(settings.hottestN),
      CAPTURE_SECONDS: String(settings.captureSeconds),
      CAPTURE_DEEP: settings.captureDeep,
      OPT_IN_TAG_KEY: settings.optInTag.key,
      OPT_IN_TAG_VALUE: settings.optInTag.value,
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      ...(props.slackChannelId === undefined ? {} : { SLACK_CHANNEL_ID: props.slackChannelId }),
      ...(botSecret === undefined ? {} : { SLACK_SECRET_ID: secretId(botSecret) }),
    };
    const shared = {
      logRetention: props.logRetention ?? RetentionDays.ONE_YEAR,
      logRemovalPolicy: removalPolicy,
      ...(key ? { logEncryptionKey: key } : {}),
      ...(props.vpc ? { vpc: props.vpc, vpcSubnets: props.vpcSubnets } : {}),
    } satisfies Partial<TriageFunctionProps>;
    const asyncInvoked = {
      ...shared,
      retryAttempts: RETRY_ATTEMPTS,
      maxEventAge: MAX_EVENT_AGE,
      onFailure: new SqsDestination(this.failedEvents),
    } satisfies Partial<TriageFunctionProps>;

    this.alarmFunction = new TriageFunction(this, 'AlarmFunction', {
      ...asyncInvoked,
      environment: {
        ...environment,
        CAPTURE_COOLDOWN_SECONDS: String(settings.captureCooldownSeconds),
        STORM_WINDOW_SECONDS: String(settings.stormWindowSeconds),
        CAPTURE_PEER: String(props.capturePeer ?? true),
      },
      entry: TRIAGE_ENTRIES.alarm,
      description: 'alert-triage: alarm → SSM Run Command capture',
      timeout: Duration.seconds(30),
    });
    this.captureDoneFunction = new TriageFunction(this, 'CaptureDoneFunction', {
      ...asyncInvoked,
      environment,
      entry: TRIAGE_ENTRIES['capture-done'],
      description: 'alert-triage: SSM invocation status or sweep → diagnosis',
      timeout: Duration.seconds(60),
    });

    this.table.grant(this.alarmFunction, ...TABLE_ACTIONS.alarm);
    this.table.grant(this.captureDoneFunction, ...TABLE_ACTIONS['capture-done']);
    for (const fn of [this.alarmFunction, this.captureDoneFunction]) {
      botSecret?.grantRead(fn);
      if (key) grantKeyUse(key, fn);
    }
    this.captureDocument.grantSend(this.alarmFunction, settings.optInTag);
    this.grantAlarmFunction();
    this.grantCaptureDoneFunction();
    grantChangeHistory(this.captureDoneFunction);

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
      description: 'alert-triage: capture document invocations that have ended',
      eventPattern: captureDoneEventPattern(this.captureDocument.documentName),
      targets: [target(this.captureDoneFunction)],
    });
    // SSM's status events are best effort: a minute's sweep finishes what they missed. One rule
    // for all triages costs a warm invocation a minute and needs no schedule per triage (nor
    // anything to delete one when its event did come). A tick is not retried: the next one is.
    this.sweepRule = new Rule(this, 'SweepRule', {
      description: 'alert-triage: finish captures whose SSM event never came',
      schedule: Schedule.rate(SWEEP_RATE),
      targets: [
        new LambdaFunction(this.captureDoneFunction, {
          retryAttempts: 0,
          maxEventAge: SWEEP_RATE,
        }),
      ],
    });

    addWeeklyDigest(this, this.captureDoneFunction, this.failedEvents);
    this.alarmAction = new LambdaAction(this.alarmFunction, { useUniquePermissionId: true });

    if (signingSecret !== undefined && botSecret !== undefined) {
      const slackFunction = new TriageFunction(this, 'SlackFunction', {
        ...shared,
        environment: {
          ...environment,
          SLACK_SIGNING_SECRET_ID: secretId(signingSecret),
          ...(props.slackAllowedUsers?.length
            ? { SLACK_ALLOWED_USERS: props.slackAllowedUsers.join(',') }
            : {}),
          ...(props.slackTeamId === undefined ? {} : { SLACK_TEAM_ID: props.slackTeamId }),
        },
        entry: TRIAGE_ENTRIES.slack,
        description: 'alert-triage: Slack buttons (rerun, deep capture, mute)',
        // Slack gives 3 s; a cold start plus a SendCommand fits, and a stuck call ends soon after.
        timeout: Duration.seconds(10),
        // The URL is public: a flood of requests (each refused for its signature) can take no
        // more than this from the account, and the triage functions keep theirs.
        reservedConcurrentExecutions: settings.slackReservedConcurrency,
      });
      // A rerun: read the triage, record the rerun, send the document. Nothing of EC2 or CloudWatch.
      this.table.grant(slackFunction, ...TABLE_ACTIONS.slack);
      botSecret.grantRead(slackFunction);
      signingSecret.grantRead(slackFunction);
      if (key) grantKeyUse(key, slackFunction);
      this.captureDocument.grantSend(slackFunction, settings.optInTag);
      this.slackFunctionUrl = slackFunction.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
      const publicUrl =
        'Slack cannot sign AWS (SigV4) requests, so the Function URL cannot use IAM auth and ' +
        'must allow anyone to call it. Slack signs its own requests (HMAC-SHA256 with the ' +
        'signing secret); the function answers 401, and does nothing else, to a request whose ' +
        'signature is missing, wrong or older than 5 minutes. Reserved concurrency caps what a ' +
        'flood can use.';
      acknowledgeControl(slackFunction, CONTROL_TOWER_RULES.lambdaUrlIamAuth, publicUrl);
      acknowledgeControl(slackFunction, CONTROL_TOWER_RULES.lambdaNotPublic, publicUrl);
      this.slackFunction = slackFunction;
      new CfnOutput(this, 'SlackInteractivityUrl', {
        description: 'Paste into the Slack app: Interactivity & Shortcuts → Request URL',
        value: this.slackFunctionUrl.url,
      });
    }

    addRemediation(this, props.remediation, {
      slackFunction: this.slackFunction,
      captureDoneFunction: this.captureDoneFunction,
      optInTag: settings.optInTag,
    });

    const health = new TriageHealth(this, 'Health', {
      functions: {
        Alarm: this.alarmFunction,
        CaptureDone: this.captureDoneFunction,
        ...(this.slackFunction ? { Slack: this.slackFunction } : {}),
      },
      failedEvents: this.failedEvents,
      ...(key ? { encryptionKey: key } : {}),
    });
    this.alarmTopic = health.topic;
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'Subscribe to hear when alert-triage itself fails (SNS topic ARN)',
      value: this.alarmTopic.topicArn,
    });
  }

  private grantAlarmFunction(): void {
    const fn = this.alarmFunction;
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

const resolveSecret = (scope: Construct, id: string, secret: ISecret | string | undefined) =>
  typeof secret === 'string' ? Secret.fromSecretNameV2(scope, id, secret) : secret;

/** What the functions read the secret by: its full ARN when known, else its name. */
const secretId = (secret: ISecret): string => secret.secretFullArn ?? secret.secretName;

/**
 * Lets a function use the key for the table (and, through the queue's own grant, the queue).
 * These are the actions CDK's table and queue grants give for a customer managed key.
 */
const grantKeyUse = (key: IKey, fn: TriageFunction): void => {
  key.grantEncryptDecrypt(fn);
  Validations.of(fn.serviceRole).acknowledge({
    id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
    reason: 'Action families on the one key given as encryptionKey (resource: that key only).',
  });
  Validations.of(fn.serviceRole).acknowledge({
    id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    reason: 'Action families on the one key given as encryptionKey (resource: that key only).',
  });
};

/**
 * Lets the services that write for the construct use its key: CloudWatch Logs (the log groups,
 * scoped to this account's log groups), EventBridge (dead letters into the queue) and CloudWatch
 * alarms (the health topic). A key imported from elsewhere keeps its own policy: this adds
 * nothing to it.
 */
const allowServicesToUseKey = (key: IKey): void => {
  const stack = Stack.of(key);
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'CloudWatchLogsUseKey',
      principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: [
        'kms:Encrypt*',
        'kms:Decrypt*',
        'kms:ReEncrypt*',
        'kms:GenerateDataKey*',
        'kms:Describe*',
      ],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'EventBridgeDeadLettersUseKey',
      principals: [new ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
  );
};

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
export const captureDoneEventPattern = (documentName: string): EventPattern => ({
  source: ['aws.ssm'],
  detailType: ['EC2 Command Invocation Status-change Notification'],
  detail: {
    'document-name': [documentName],
    status: [{ 'anything-but': [...RUNNING_INVOCATION_STATUSES] }],
  },
});
