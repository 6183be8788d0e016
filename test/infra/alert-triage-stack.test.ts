import { readFileSync } from 'node:fs';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Alarm, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { captureDocumentContent } from '../../functions/adapters/aws/capture-document.js';
import { AlertTriage, TABLE_ACTIONS } from '../../lib/alert-triage.js';
import { CAPTURE_SCRIPT } from '../../lib/capture-document.js';
import { TRIAGE_BUNDLING } from '../../lib/triage-function.js';
import { actionsOf, logicalId, permissionsOf, statementsOf, synth } from './synth.js';

const arn = (...parts: unknown[]) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ...parts]],
});

const INSTANCE_ARN = arn(
  ':ec2:',
  { Ref: 'AWS::Region' },
  ':',
  { Ref: 'AWS::AccountId' },
  ':instance/*',
);

/** The two statements that let a function send the capture, and nothing else of SSM's. */
const sendStatements = (documentId: string) => [
  {
    Sid: 'SendCaptureDocument',
    Effect: 'Allow',
    Action: 'ssm:SendCommand',
    Resource: arn(':ssm:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':document/', {
      Ref: documentId,
    }),
  },
  {
    Sid: 'SendToOptedInInstances',
    Effect: 'Allow',
    Action: 'ssm:SendCommand',
    Resource: INSTANCE_ARN,
    Condition: { StringEquals: { 'ssm:resourceTag/alert-triage:enabled': 'true' } },
  },
];

describe('AlertTriageStack', { timeout: 60_000 }, () => {
  // Prepare (once: synthesizing a stack takes seconds)
  const { app, stack, template } = synth(undefined, (s) => {
    const cpu = new Alarm(s, 'CpuAlarm', {
      metric: new Metric({
        namespace: 'AWS/EC2',
        metricName: 'CPUUtilization',
        dimensionsMap: { InstanceId: 'i-0123456789abcdef0' },
        period: Duration.minutes(5),
      }),
      threshold: 90,
      evaluationPeriods: 1,
    });
    cpu.addAlarmAction(s.triage.alarmAction);
  });
  const { triage } = stack;
  const alarmRoleId = logicalId(stack, triage.alarmFunction.serviceRole);
  const captureRoleId = logicalId(stack, triage.captureDoneFunction.serviceRole);
  const documentId = logicalId(stack, triage.captureDocument.document);
  const tableId = logicalId(stack, triage.table);

  it('runs both functions on nodejs24.x and arm64 from an ESM bundle built for Node 24', () => {
    // Assess
    expect(TRIAGE_BUNDLING.target).toBe('node24');
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' },
      2,
    );
    template.resourceCountIs('AWS::Lambda::Function', 2);
  });

  it('gives each function the configuration functions/config.ts reads, and no names', () => {
    // Prepare
    const common = {
      NODE_OPTIONS: '--enable-source-maps',
      TABLE_NAME: { Ref: tableId },
      CAPTURE_DOCUMENT_NAME: { Ref: documentId },
      HOTTEST_N: '3',
      CAPTURE_SECONDS: '10',
      CAPTURE_DEEP: 'auto',
      OPT_IN_TAG_KEY: 'alert-triage:enabled',
      OPT_IN_TAG_VALUE: 'true',
      POWERTOOLS_SERVICE_NAME: 'alert-triage',
    };
    const functions = template.findResources('AWS::Lambda::Function');
    const fn = (construct: Parameters<typeof logicalId>[1]) =>
      functions[logicalId(stack, construct)]?.Properties;

    // Assess: the cooldown matters to the alarm function only
    expect(fn(triage.alarmFunction).Environment.Variables).toEqual({
      ...common,
      CAPTURE_COOLDOWN_SECONDS: '600',
      STORM_WINDOW_SECONDS: '600',
      CAPTURE_PEER: 'true',
    });
    expect(fn(triage.captureDoneFunction).Environment.Variables).toEqual(common);
    for (const { Properties } of Object.values(functions)) {
      expect(Properties.FunctionName).toBeUndefined();
    }
  });

  it('creates the capture document from capture.sh, updated in place as new versions', () => {
    // Assess
    template.resourceCountIs('AWS::SSM::Document', 1);
    template.hasResourceProperties('AWS::SSM::Document', {
      DocumentType: 'Command',
      UpdateMethod: 'NewVersion',
      Name: Match.absent(),
      Content: captureDocumentContent(readFileSync(CAPTURE_SCRIPT, 'utf8')),
    });
  });

  it('names AWS-RunShellScript nowhere, in no policy and no rule', () => {
    // Assess
    expect(JSON.stringify(template.toJSON())).not.toContain('AWS-RunShellScript');
  });

  it('forwards every alarm state change, and no configuration change, to the alarm function', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectEquals({
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
      }),
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(stack, triage.alarmFunction), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
  });

  it('forwards the capture document’s ended invocations, and no other command’s, to capture-done', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectEquals({
        source: ['aws.ssm'],
        'detail-type': ['EC2 Command Invocation Status-change Notification'],
        detail: {
          'document-name': [{ Ref: documentId }],
          status: [{ 'anything-but': ['Pending', 'InProgress', 'Delayed', 'Cancelling'] }],
        },
      }),
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(stack, triage.captureDoneFunction), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
  });

  it('wakes capture-done every minute with EventBridge’s own Scheduled Event, not retried', () => {
    // Act
    const schedules = Object.values(
      template.findResources('AWS::Events::Rule', {
        Properties: { ScheduleExpression: Match.stringLikeRegexp('^rate\\(') },
      }),
    );

    // Assess (the weekly digest's cron rule: test/infra/weekly-digest.test.ts): no Input, so the function gets {"detail-type": "Scheduled Event", "source": "aws.events"}
    expect(schedules.map((r) => r.Properties)).toEqual([
      expect.objectContaining({
        ScheduleExpression: 'rate(1 minute)',
        State: 'ENABLED',
        Targets: [
          {
            Id: 'Target0',
            Arn: { 'Fn::GetAtt': [logicalId(stack, triage.captureDoneFunction), 'Arn'] },
            RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
          },
        ],
      }),
    ]);
  });

  it('keeps state in one on-demand, KMS-encrypted table with TTL and point-in-time recovery', () => {
    // Assess
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectEquals({
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        // DynamoDB's AWS managed KMS key: no key of our own to pay for or manage
        SSESpecification: { SSEEnabled: true },
      }),
    });
  });

  it('lets the alarm function send the capture document, and only to opted-in instances', () => {
    // Act
    const statements = statementsOf(template, alarmRoleId);

    // Assess
    expect(statements.filter((s) => actionsOf(s).some((a) => a.startsWith('ssm:Send')))).toEqual(
      sendStatements(documentId),
    );
  });

  it('gives each function only the read-only calls it makes, on "*"', () => {
    // Act
    const wildcard = (roleId: string) =>
      statementsOf(template, roleId)
        .filter((s) => s.Resource === '*')
        .flatMap(actionsOf)
        .sort();

    // Assess
    expect(wildcard(alarmRoleId)).toEqual([
      'autoscaling:DescribeAutoScalingGroups',
      'cloudwatch:DescribeAlarms',
      'cloudwatch:GetMetricData',
      'cloudwatch:ListMetrics',
      'ec2:DescribeInstanceCreditSpecifications',
      'ec2:DescribeInstances',
      'ssm:DescribeInstanceInformation',
    ]);
    expect(wildcard(captureRoleId)).toEqual([
      'autoscaling:DescribeScalingActivities',
      'cloudtrail:LookupEvents',
      'cloudwatch:GetMetricData',
      'cloudwatch:GetMetricWidgetImage',
      'cloudwatch:ListMetrics',
      'ec2:DescribeInstanceCreditSpecifications',
      'ec2:DescribeInstances',
      'ssm:GetCommandInvocation',
    ]);
    expect(statementsOf(template, captureRoleId).flatMap(actionsOf)).not.toContain(
      'ssm:SendCommand',
    );
  });

  it('gives each function the item actions it uses on the table, and write access to its own logs only', () => {
    // Assess
    for (const [roleId, fn, actions] of [
      [alarmRoleId, triage.alarmFunction, TABLE_ACTIONS.alarm],
      [captureRoleId, triage.captureDoneFunction, TABLE_ACTIONS['capture-done']],
    ] as const) {
      const statements = statementsOf(template, roleId);
      const onTable = statements.filter((s) => JSON.stringify(s.Resource).includes(`"${tableId}"`));
      expect(permissionsOf(onTable)).toEqual(
        permissionsOf([{ Action: [...actions], Resource: { 'Fn::GetAtt': [tableId, 'Arn'] } }]),
      );
      const logs = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
      expect(logs).toEqual([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logicalId(stack, fn.logGroup), 'Arn'] },
        },
      ]);
    }
    expect(TABLE_ACTIONS.alarm).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:Query',
      'dynamodb:ConditionCheckItem',
    ]);
    template.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  it('lets no function Scan, batch-write, delete items or drop the table', () => {
    // Act
    const actions = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as Record<string, unknown>[]).flatMap(actionsOf),
    );

    // Assess
    expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual(
      [...TABLE_ACTIONS.alarm, ...TABLE_ACTIONS['capture-done']].sort(),
    );
    for (const forbidden of ['Scan', 'BatchWriteItem', 'DeleteItem', 'DeleteTable', '*']) {
      expect(actions).not.toContain(`dynamodb:${forbidden}`);
    }
  });

  it('keeps each function’s logs for a year in a log group of its own', () => {
    // Assess
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 365 }, 2);
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('Logs') } } },
      2,
    );
  });

  it('bounds the retries and keeps failed events in an encrypted queue that declares itself a DLQ', () => {
    // Assess
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
      RedriveAllowPolicy: { redrivePermission: 'allowAll' },
    });
    template.resourcePropertiesCountIs(
      'AWS::Lambda::EventInvokeConfig',
      {
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      },
      2,
    );
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('lets a user’s alarm invoke the alarm function through alarmAction, from this account only', () => {
    // Prepare
    const alarmFunctionId = logicalId(stack, triage.alarmFunction);
    const alarmId = logicalId(stack, stack.node.findChild('CpuAlarm'));

    // Assess
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'lambda.alarms.cloudwatch.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [alarmFunctionId, 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [alarmId, 'Arn'] },
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ 'Fn::GetAtt': [alarmFunctionId, 'Arn'] }],
    });
  });

  it('lets each EventBridge rule invoke its function only from that rule', () => {
    // Act
    const fromEvents = Object.values(
      template.findResources('AWS::Lambda::Permission', {
        Properties: { Principal: 'events.amazonaws.com' },
      }),
    );

    // Assess
    // Alarm rule, capture-done rule, sweep, weekly digest.
    expect(fromEvents).toHaveLength(4);
    for (const { Properties } of fromEvents) {
      expect(Properties.SourceArn).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    }
  });

  it('passes cdk-nag AwsSolutions with every finding acknowledged', () => {
    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assess
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('fails the synth on a cdk-nag finding nobody acknowledged', () => {
    // Act / Assess
    expect(() =>
      synth(undefined, (s) => {
        new Queue(s, 'Unchecked');
      }),
    ).toThrow(/AwsSolutions-SQS3/);
  });

  it('synthesizes with no error annotations', () => {
    // Assess
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });
});

describe('AlertTriage props', { timeout: 60_000 }, () => {
  it('narrows the alarm rule by name prefix and alarm tag', () => {
    // Act
    const { template } = synth({
      triage: { alarms: { namePrefixes: ['prod-', 'web-'], tags: { team: 'platform' } } },
    });

    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectEquals({
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: {
          alarmName: [{ prefix: 'prod-' }, { prefix: 'web-' }],
          alarmTags: { team: ['platform'] },
        },
      }),
    });
  });

  it('creates no alarm rule when every alarm is wired through alarmAction', () => {
    // Act
    const { stack, template } = synth({ triage: { alarms: { all: false } } });

    // Assess: the capture-done rule, the sweep and the weekly digest remain
    template.resourceCountIs('AWS::Events::Rule', 3);
    expect(stack.triage.alarmRule).toBeUndefined();
  });

  it('carries the settings, the opt-in tag, the cooldown and the bot token’s secret to the functions', () => {
    // Act
    const { stack, template } = synth({
      triage: {
        slackChannelId: 'C0123456789',
        slackSecret: 'alert-triage/slack',
        hottestN: 5,
        capture: { seconds: 20, deep: 'never' },
        captureCooldown: Duration.minutes(3),
        stormWindow: Duration.minutes(2),
        capturePeer: false,
        optInTag: { key: 'triage', value: 'yes' },
        logRetention: RetentionDays.TWO_YEARS,
      },
    });

    // Assess: no signing secret, so no Slack function
    template.resourceCountIs('AWS::Lambda::Function', 2);
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      {
        Environment: {
          Variables: Match.objectLike({
            HOTTEST_N: '5',
            CAPTURE_SECONDS: '20',
            CAPTURE_DEEP: 'never',
            OPT_IN_TAG_KEY: 'triage',
            OPT_IN_TAG_VALUE: 'yes',
            SLACK_CHANNEL_ID: 'C0123456789',
            SLACK_SECRET_ID: 'alert-triage/slack',
          }),
        },
      },
      2,
    );
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CAPTURE_COOLDOWN_SECONDS: '180',
          STORM_WINDOW_SECONDS: '120',
          CAPTURE_PEER: 'false',
        }),
      },
    });
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 731 }, 2);
    expect(
      statementsOf(template, logicalId(stack, stack.triage.alarmFunction.serviceRole)),
    ).toContainEqual(
      expect.objectContaining({
        Condition: { StringEquals: { 'ssm:resourceTag/triage': 'yes' } },
      }),
    );
  });

  it.each([
    [{ slackSigningSecret: 'alert-triage/signing', slackChannelId: 'C0123456789' }, /slackSecret/],
    [{ slackSigningSecret: 'alert-triage/signing', slackSecret: 'x' }, /slackChannelId/],
    [
      { slackChannelId: 'C0123456789,C0987654321' },
      /one Slack channel id.*C0123456789,C0987654321/,
    ],
    [{ slackChannelId: '#alerts' }, /slackChannelId/],
    [{ slackChannelId: 'C0123456' }, /slackChannelId/],
    [{ slackReservedConcurrency: 0 }, /slackReservedConcurrency/],
    [{ captureCooldown: Duration.days(2) }, /captureCooldown/],
    [{ vpcSubnets: {} }, /vpcSubnets needs vpc/],
    [{ hottestN: 0 }, /hottestN/],
    [{ hottestN: 51 }, /hottestN/],
    [{ capture: { seconds: 2 } }, /capture.seconds/],
    [{ capture: { seconds: 10.5 } }, /capture.seconds/],
    [{ optInTag: { key: 'aws:x', value: 'y' } }, /optInTag/],
    [{ alarms: { all: true, namePrefixes: ['x'] } }, /alarms.all/],
  ])('refuses %j', (props, message) => {
    // Prepare
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));

    // Act / Assess
    expect(() => new AlertTriage(stack, 'Triage', props)).toThrow(message);
  });

  it.each([['C01234567'], ['G0123456789']])(
    'accepts the channel id %s (9 characters is the shortest)',
    (slackChannelId) => {
      // Prepare
      const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));

      // Act / Assess
      expect(() => new AlertTriage(stack, 'Triage', { slackChannelId })).not.toThrow();
    },
  );
});

describe('AlertTriage with Slack buttons', { timeout: 60_000 }, () => {
  // Prepare (once)
  const { stack, template } = synth({
    triage: {
      slackChannelId: 'C0123456789',
      slackSecret: 'alert-triage/slack',
      slackSigningSecret: 'alert-triage/slack-signing',
      slackAllowedUsers: ['U0AAAAAAA1', 'U0BBBBBBB2'],
      slackTeamId: 'T0123456789',
    },
  });
  const slackFunction = stack.triage.slackFunction;
  if (!slackFunction) throw new Error('the Slack function exists when slackSigningSecret is given');
  const slackFunctionId = logicalId(stack, slackFunction);
  const slackRoleId = logicalId(stack, slackFunction.serviceRole);
  const documentId = logicalId(stack, stack.triage.captureDocument.document);
  const tableId = logicalId(stack, stack.triage.table);

  /** The ARN pattern `Secret.fromSecretNameV2` grants on: the name and SM's 6-character suffix. */
  const secretArn = (name: string) =>
    arn(
      ':secretsmanager:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:secret:${name}-??????`,
    );

  it('creates no Slack function without a signing secret', () => {
    // Act
    const { stack: plain, template: plainTemplate } = synth();

    // Assess
    expect(plain.triage.slackFunction).toBeUndefined();
    plainTemplate.resourceCountIs('AWS::Lambda::Url', 0);
  });

  it('serves the Slack handler behind a public Function URL with reserved concurrency, and outputs the URL', () => {
    // Assess
    template.resourceCountIs('AWS::Lambda::Function', 3);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [slackFunctionId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunctionUrl',
      Principal: '*',
      FunctionUrlAuthType: 'NONE',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      ReservedConcurrentExecutions: 5,
      Environment: { Variables: Match.objectLike({ SLACK_ALLOWED_USERS: Match.anyValue() }) },
    });
    const outputs = template.findOutputs('*', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('SlackFunctionFunctionUrl'), 'FunctionUrl'] },
    });
    expect(Object.keys(outputs)).toEqual([expect.stringMatching(/SlackInteractivityUrl/)]);
  });

  it('gives the Slack function its settings, both secrets’ ids and a short timeout', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Timeout: 10,
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: tableId },
          CAPTURE_DOCUMENT_NAME: { Ref: documentId },
          SLACK_CHANNEL_ID: 'C0123456789',
          SLACK_ALLOWED_USERS: 'U0AAAAAAA1,U0BBBBBBB2',
          SLACK_TEAM_ID: 'T0123456789',
          SLACK_SECRET_ID: 'alert-triage/slack',
          SLACK_SIGNING_SECRET_ID: 'alert-triage/slack-signing',
        }),
      },
    });
  });

  it('gives the signing secret’s id to the Slack function only', () => {
    // Act
    const withSigning = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
      ([, r]) => 'SLACK_SIGNING_SECRET_ID' in r.Properties.Environment.Variables,
    );

    // Assess
    expect(withSigning.map(([id]) => id)).toEqual([slackFunctionId]);
  });

  it('lets the Slack function do what a rerun needs and nothing more', () => {
    // Act
    const statements = statementsOf(template, slackRoleId);

    // Assess: the table's item actions, the capture document, both secrets, its own logs
    const readSecret = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
    expect(permissionsOf(statements)).toEqual(
      permissionsOf([
        { Action: [...TABLE_ACTIONS.slack], Resource: { 'Fn::GetAtt': [tableId, 'Arn'] } },
        { Action: readSecret, Resource: secretArn('alert-triage/slack') },
        { Action: readSecret, Resource: secretArn('alert-triage/slack-signing') },
        ...sendStatements(documentId),
        {
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logicalId(stack, slackFunction.logGroup), 'Arn'] },
        },
      ]),
    );
    expect(TABLE_ACTIONS.slack).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
    ]);
  });

  it('lets the other functions read the bot token but not the signing secret', () => {
    // Assess
    for (const fn of [stack.triage.alarmFunction, stack.triage.captureDoneFunction]) {
      const resources = JSON.stringify(
        statementsOf(template, logicalId(stack, fn.serviceRole)).map((s) => s.Resource),
      );
      expect(resources).toContain(':secret:alert-triage/slack-??????');
      expect(resources).not.toContain('slack-signing');
    }
  });
});
