import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App, type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Alarm, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertTriage } from '../../lib/alert-triage.js';
import { AlertTriageStack, type AlertTriageStackProps } from '../../lib/alert-triage-stack.js';
import { PROJECT_ROOT } from '../../lib/triage-function.js';

const CDK_JSON = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
  app: string;
  context: Record<string, unknown>;
};

/**
 * The stack as `cdk synth` builds it (same feature flags, from cdk.json), without bundling:
 * the template does not depend on the bundles, and the CLI test below bundles once for real.
 */
const synth = (props?: AlertTriageStackProps, extend?: (stack: AlertTriageStack) => void) => {
  const app = new App({ context: { ...CDK_JSON.context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new AlertTriageStack(app, 'AlertTriage', props);
  extend?.(stack);
  return { app, stack, template: Template.fromStack(stack) };
};

/** The logical id of a construct's CloudFormation resource. */
const logicalId = (stack: Stack, construct: IConstruct): string =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

/** The statements of the one policy attached to `roleId`. */
const statementsOf = (template: Template, roleId: string): Record<string, unknown>[] => {
  const policies = Object.values(
    template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
    }),
  );
  expect(policies).toHaveLength(1);
  return policies[0]?.Properties.PolicyDocument.Statement;
};

const actionsOf = (statement: Record<string, unknown>): string[] =>
  ([] as string[]).concat(statement.Action as string | string[]);

const DOCUMENT_ARN = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':ssm:',
      { Ref: 'AWS::Region' },
      '::document/AWS-RunShellScript',
    ],
  ],
};
const INSTANCE_ARN = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':ec2:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':instance/*',
    ],
  ],
};

describe('AlertTriageStack', () => {
  // Prepare (once: synthesizing a stack takes about a second)
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
  const alarmRoleId = logicalId(stack, stack.triage.alarmFunction.serviceRole);
  const captureRoleId = logicalId(stack, stack.triage.captureDoneFunction.serviceRole);

  it('runs both functions on nodejs22.x and arm64 from an ESM bundle', () => {
    // Assess
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' },
      2,
    );
    template.resourceCountIs('AWS::Lambda::Function', 2);
  });

  it('gives both functions the configuration functions/config.ts reads, and no names', () => {
    // Assess
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    for (const fn of functions) {
      expect(fn.Properties.FunctionName).toBeUndefined();
      expect(fn.Properties.Environment.Variables).toEqual({
        NODE_OPTIONS: '--enable-source-maps',
        TABLE_NAME: { Ref: logicalId(stack, stack.triage.table) },
        HOTTEST_N: '3',
        CAPTURE_SECONDS: '10',
        CAPTURE_DEEP: 'auto',
        OPT_IN_TAG_KEY: 'alert-triage:enabled',
        OPT_IN_TAG_VALUE: 'true',
        POWERTOOLS_SERVICE_NAME: 'alert-triage',
      });
    }
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
          Arn: {
            'Fn::GetAtt': [logicalId(stack, stack.triage.alarmFunction), 'Arn'],
          },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
  });

  it('forwards AWS-RunShellScript invocations that have ended to the capture-done function', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectEquals({
        source: ['aws.ssm'],
        'detail-type': ['EC2 Command Invocation Status-change Notification'],
        detail: {
          'document-name': ['AWS-RunShellScript'],
          status: [{ 'anything-but': ['Pending', 'InProgress', 'Delayed', 'Cancelling'] }],
        },
      }),
      Targets: [
        Match.objectLike({
          Arn: {
            'Fn::GetAtt': [logicalId(stack, stack.triage.captureDoneFunction), 'Arn'],
          },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
  });

  it('keeps state in one on-demand table with TTL on expiresAt and point-in-time recovery', () => {
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
      }),
    });
  });

  it('lets the alarm function send the capture document, and only to opted-in instances', () => {
    // Act
    const statements = statementsOf(template, alarmRoleId);
    const sends = statements.filter((s) => actionsOf(s).includes('ssm:SendCommand'));

    // Assess
    expect(sends).toEqual([
      {
        Sid: 'SendCaptureDocument',
        Effect: 'Allow',
        Action: 'ssm:SendCommand',
        Resource: DOCUMENT_ARN,
      },
      {
        Sid: 'SendToOptedInInstances',
        Effect: 'Allow',
        Action: 'ssm:SendCommand',
        Resource: INSTANCE_ARN,
        Condition: { StringEquals: { 'ssm:resourceTag/alert-triage:enabled': 'true' } },
      },
    ]);
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

  it('lets each function use the table through the grant, and write only its own logs', () => {
    // Assess
    for (const [roleId, fn] of [
      [alarmRoleId, stack.triage.alarmFunction],
      [captureRoleId, stack.triage.captureDoneFunction],
    ] as const) {
      const statements = statementsOf(template, roleId);
      expect(statements).toContainEqual(
        expect.objectContaining({
          Action: expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem']),
          Resource: {
            'Fn::GetAtt': [logicalId(stack, stack.triage.table), 'Arn'],
          },
        }),
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
    template.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  it('keeps each function’s logs for a month in a log group of its own', () => {
    // Assess
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 2);
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('Logs') } } },
      2,
    );
  });

  it('bounds the retries and keeps failed events in an encrypted queue', () => {
    // Assess
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
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

  it('lets a user’s alarm invoke the alarm function through alarmAction', () => {
    // Prepare
    const alarmFunctionId = logicalId(stack, stack.triage.alarmFunction);
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

describe('AlertTriage props', () => {
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

    // Assess
    template.resourceCountIs('AWS::Events::Rule', 1);
    expect(stack.triage.alarmRule).toBeUndefined();
  });

  it('carries the settings, the opt-in tag and the Slack secret to the functions', () => {
    // Act
    const { app, stack, template } = synth({
      triage: {
        slackChannelId: 'C0123456789',
        slackSecret: 'alert-triage/slack',
        hottestN: 5,
        capture: { seconds: 20, deep: 'never' },
        optInTag: { key: 'triage', value: 'yes' },
      },
    });

    // Assess
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
      3,
    );
    expect(
      statementsOf(template, logicalId(stack, stack.triage.alarmFunction.serviceRole)),
    ).toContainEqual(
      expect.objectContaining({
        Condition: { StringEquals: { 'ssm:resourceTag/triage': 'yes' } },
      }),
    );
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });

  it.each([
    [{ slackSecret: 'alert-triage/slack' }, /slackChannelId/],
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
});

describe('AlertTriage with Slack', () => {
  // Prepare (once)
  const { app, stack, template } = synth({
    triage: {
      slackChannelId: 'C0123456789,C0987654321',
      slackSecret: 'alert-triage/slack',
      slackAllowedUsers: ['U0AAAAAAA1', 'U0BBBBBBB2'],
      slackTeamId: 'T0123456789',
    },
  });
  const slackFunction = stack.triage.slackFunction;
  if (!slackFunction) throw new Error('the Slack function exists when slackSecret is given');
  const slackFunctionId = logicalId(stack, slackFunction);
  const slackRoleId = logicalId(stack, slackFunction.serviceRole);

  it('creates no Slack function without a Slack secret', () => {
    // Act
    const { stack: plain, template: plainTemplate } = synth();

    // Assess
    expect(plain.triage.slackFunction).toBeUndefined();
    plainTemplate.resourceCountIs('AWS::Lambda::Url', 0);
  });

  it('serves the Slack handler behind a public Function URL, and outputs the URL', () => {
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
    const outputs = template.findOutputs('*', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('SlackFunctionFunctionUrl'), 'FunctionUrl'] },
    });
    expect(Object.keys(outputs)).toEqual([expect.stringMatching(/SlackInteractivityUrl/)]);
  });

  it('gives the Slack function its settings, the secret’s id and a short timeout', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      Timeout: 10,
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: logicalId(stack, stack.triage.table) },
          SLACK_CHANNEL_ID: 'C0123456789,C0987654321',
          SLACK_ALLOWED_USERS: 'U0AAAAAAA1,U0BBBBBBB2',
          SLACK_TEAM_ID: 'T0123456789',
          SLACK_SECRET_ID: 'alert-triage/slack',
        }),
      },
    });
  });

  it('lets the Slack function send the capture document only to opted-in instances', () => {
    // Act
    const statements = statementsOf(template, slackRoleId);
    const sends = statements.filter((s) => actionsOf(s).includes('ssm:SendCommand'));

    // Assess
    expect(sends).toEqual([
      {
        Sid: 'SendCaptureDocument',
        Effect: 'Allow',
        Action: 'ssm:SendCommand',
        Resource: DOCUMENT_ARN,
      },
      {
        Sid: 'SendToOptedInInstances',
        Effect: 'Allow',
        Action: 'ssm:SendCommand',
        Resource: INSTANCE_ARN,
        Condition: { StringEquals: { 'ssm:resourceTag/alert-triage:enabled': 'true' } },
      },
    ]);
    expect(statements.filter((s) => s.Resource === '*')).toEqual([]);
  });

  it('lets the Slack function use the table and read the Slack secret', () => {
    // Act
    const statements = statementsOf(template, slackRoleId);

    // Assess
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem']),
        Resource: { 'Fn::GetAtt': [logicalId(stack, stack.triage.table), 'Arn'] },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining([
          'secretsmanager:GetSecretValue',
          'secretsmanager:DescribeSecret',
        ]),
      }),
    );
  });

  it('still passes cdk-nag AwsSolutions', () => {
    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assess
    expect(report.violations).toEqual([]);
  });
});

describe('cdk synth (the CLI, offline, no credentials)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'alert-triage-synth-'));
  const home = mkdtempSync(join(tmpdir(), 'alert-triage-home-'));
  let result: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    // Prepare: what a fresh shell with no AWS set-up has
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([key]) =>
          !key.startsWith('AWS_') &&
          !key.startsWith('CDK_') &&
          !key.startsWith('VITEST') &&
          key !== 'NODE_ENV',
      ),
    );
    // Act
    result = await promisify(execFile)(
      'npx',
      [
        'cdk',
        'synth',
        '--quiet',
        '--no-lookups',
        '--no-notices',
        '--no-version-reporting',
        '--output',
        outdir,
        '-c',
        'alarmNamePrefixes=prod-,web-',
        '-c',
        'hottestN=5',
      ],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...env,
          HOME: home,
          AWS_EC2_METADATA_DISABLED: 'true',
          CDK_DISABLE_CLI_TELEMETRY: 'true',
        },
        timeout: 120_000,
      },
    ).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: typeof error.code === 'number' ? error.code : 1,
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? '',
      }),
    );
  }, 150_000);

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  const bundles = () =>
    readdirSync(outdir)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => readFileSync(join(outdir, name, 'index.mjs'), 'utf8'));

  /** The bundle of the function whose logical id starts with `prefix`. */
  const bundleOf = (prefix: string): string => {
    const template = JSON.parse(readFileSync(join(outdir, 'AlertTriage.template.json'), 'utf8'));
    const [, fn] =
      Object.entries(
        template.Resources as Record<
          string,
          { Type: string; Properties: { Code: { S3Key: string } } }
        >,
      ).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(prefix)) ?? [];
    const hash = fn?.Properties.Code.S3Key.replace(/\.zip$/, '');
    return readFileSync(join(outdir, `asset.${hash}`, 'index.mjs'), 'utf8');
  };

  it('exits 0 and writes the template, with the settings from context', () => {
    // Assess
    const incompatible = /schema version mismatch[^\n]*/i.exec(result.stderr)?.[0];
    expect(
      incompatible,
      'the aws-cdk CLI in devDependencies cannot read the cloud assembly aws-cdk-lib writes ' +
        '(2.1148.1 can; 2.1034.0 and 3.0.0 cannot)',
    ).toBeUndefined();
    expect(result.code, result.stderr).toBe(0);
    const template = JSON.parse(readFileSync(join(outdir, 'AlertTriage.template.json'), 'utf8'));
    const patterns = Object.values(
      template.Resources as Record<
        string,
        { Type: string; Properties: { EventPattern?: { detail?: unknown } } }
      >,
    )
      .filter((r) => r.Type === 'AWS::Events::Rule')
      .map((r) => r.Properties.EventPattern?.detail);
    expect(patterns).toContainEqual({ alarmName: [{ prefix: 'prod-' }, { prefix: 'web-' }] });
    expect(JSON.stringify(template)).toContain('"HOTTEST_N":"5"');
  });

  it('bundles with the local esbuild, never Docker', () => {
    // Assess
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/docker/i);
    expect(bundles()).toHaveLength(2);
  });

  it('bundles the AWS SDK we test with', () => {
    // Assess
    for (const bundle of bundles()) {
      expect(bundle).not.toMatch(/from\s*"@aws-sdk\//);
      expect(bundle).toContain('SendCommand');
    }
  });

  it('loads every bundle as the Lambda runtime will: an ES module in a fresh Node, no settings', async () => {
    // Prepare: CommonJS dependencies (the Slack SDK, Bolt) need the require banner to load at all.
    const dirs = readdirSync(outdir).filter((name) => name.startsWith('asset.'));

    // Act
    const loaded = await Promise.all(
      dirs.map(async (name) => {
        const file = pathToFileURL(join(outdir, name, 'index.mjs')).href;
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `const m = await import(${JSON.stringify(file)}); console.log(typeof m.handler);`,
          ],
          {
            env: {
              PATH: process.env.PATH,
              AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            },
          },
        );
        return stdout.trim();
      }),
    );

    // Assess
    expect(dirs.length).toBeGreaterThanOrEqual(2);
    expect(loaded.every((kind) => kind === 'function')).toBe(true);
  });

  it('puts the capture script inside the alarm bundle', () => {
    // Assess
    expect(bundleOf('AlertTriageAlarmFunction')).toContain('alert-triage capture script');
  });

  it('writes a validation report with no violation in it', () => {
    // Assess
    const reportFile = join(outdir, 'validation-report.json');
    expect(existsSync(reportFile)).toBe(true);
    expect(JSON.parse(readFileSync(reportFile, 'utf8')).pluginReports).toEqual([]);
  });
});
