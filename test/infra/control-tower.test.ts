import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Vpc } from 'aws-cdk-lib/aws-ec2';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it, vi } from 'vitest';
import { AlertTriage } from '../../lib/alert-triage.js';
import { controlTowerValidator } from '../../lib/control-tower.js';
import { findingsOf, logicalId, synth, testApp, validationReport } from './synth.js';

const GUARD = 'cdk-validator-cfnguard';
const SLACK = {
  slackChannelId: 'C0123456789',
  slackSecret: 'alert-triage/slack',
  slackSigningSecret: 'alert-triage/slack-signing',
};

/** What Control Tower can never accept of a public Function URL, whatever the props. */
const PUBLIC_URL = [
  'lambda_function_public_access_prohibited_check AlertTriage/AlertTriage/SlackFunction/invoke-function',
  'lambda_function_public_access_prohibited_check AlertTriage/AlertTriage/SlackFunction/invoke-function-url',
  'lambda_function_url_auth_check AlertTriage/AlertTriage/SlackFunction/FunctionUrl/Resource',
];

/** What applies only while no key and no VPC are given, per function. */
const withoutKeyOrVpc = (fn: string) => [
  `cloudwatch_log_group_encrypted_check AlertTriage/AlertTriage/${fn}Logs/Resource`,
  `lambda_inside_vpc_check AlertTriage/AlertTriage/${fn}/Resource`,
];

/** A key Control Tower accepts: rotated, and grants only for AWS resources (CT.KMS.PR.1, 3). */
const compliantKey = (stack: Stack): Key => {
  const key = new Key(stack, 'Key', { enableKeyRotation: true });
  key.addToResourcePolicy(
    new PolicyStatement({
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        BoolIfExists: {
          'kms:GrantIsForAWSResource': 'false',
          'aws:PrincipalIsAWSService': 'false',
        },
      },
    }),
  );
  return key;
};

/** The construct in a stack that also holds a key and a VPC (imported: it makes no resources). */
const synthWithKeyAndVpc = () => {
  const app = testApp();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(), controlTowerValidator());
  const stack = new Stack(app, 'AlertTriage');
  const encryptionKey = compliantKey(stack);
  const vpc = Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
    privateSubnetRouteTableIds: ['rtb-0123456789abcdef0', 'rtb-0123456789abcdef1'],
  });
  const triage = new AlertTriage(stack, 'AlertTriage', { ...SLACK, encryptionKey, vpc });
  return { app, stack, triage, template: Template.fromStack(stack) };
};

describe('Control Tower proactive controls', { timeout: 60_000 }, () => {
  it('find nothing unacknowledged in the default stack, and acknowledge only the key and VPC', () => {
    // Act: the synth itself throws on an open finding
    const { app } = synth();
    const report = validationReport(app);

    // Assess
    expect(findingsOf(report, GUARD, 'open')).toEqual([]);
    expect(findingsOf(report, GUARD, 'acknowledged')).toEqual(
      [...withoutKeyOrVpc('AlarmFunction'), ...withoutKeyOrVpc('CaptureDoneFunction')].sort(),
    );
  });

  it('acknowledge the public Function URL, with its reason, once the buttons are on', () => {
    // Act
    const { app } = synth({ triage: SLACK });
    const report = validationReport(app);

    // Assess
    expect(findingsOf(report, GUARD, 'open')).toEqual([]);
    expect(findingsOf(report, GUARD, 'acknowledged')).toEqual(
      [
        ...PUBLIC_URL,
        ...withoutKeyOrVpc('AlarmFunction'),
        ...withoutKeyOrVpc('CaptureDoneFunction'),
        ...withoutKeyOrVpc('SlackFunction'),
      ].sort(),
    );
    const reasons = report.pluginReports
      .flatMap((p) => p.suppressedViolations ?? [])
      .filter((v) => v.ruleName === 'lambda_function_url_auth_check')
      .map((v) => v.reason);
    expect(reasons).toEqual([expect.stringMatching(/Slack cannot sign AWS \(SigV4\) requests/)]);
  });

  it('need only the public URL acknowledged once a key and a VPC are given', () => {
    // Act
    const { app } = synthWithKeyAndVpc();
    const report = validationReport(app);

    // Assess: the log, table, queue and VPC rules now pass on their own
    expect(findingsOf(report, GUARD, 'open')).toEqual([]);
    expect(findingsOf(report, GUARD, 'acknowledged')).toEqual(PUBLIC_URL);
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });

  it('fail the synth on a finding nobody acknowledged, beside acknowledged ones', () => {
    // Act / Assess
    expect(() =>
      synth(undefined, (stack) => {
        new LogGroup(stack, 'ShortLived', { retention: RetentionDays.ONE_WEEK });
      }),
    ).toThrow(/CT\.CLOUDWATCH\.PR\.2[\s\S]*ShortLived/);
  });

  it('would let that finding through with the plugin as shipped (why it is wrapped)', () => {
    // Prepare: the plugin's findings carry no severity; once one of its findings is
    // acknowledged, CDK counts its report a success if the rest have none.
    const app = testApp();
    Validations.of(app).addPlugins(new CfnGuardValidator());
    const stack = new Stack(app, 'Plain');
    const logs = new LogGroup(stack, 'ShortLived', { retention: RetentionDays.ONE_WEEK });
    Validations.of(logs).acknowledge({
      id: `${GUARD}::cloudwatch_log_group_encrypted_check`,
      reason: 'the acknowledged finding beside the open one',
    });

    // Act / Assess (CDK prints the report it lets through)
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => app.synth()).not.toThrow();
    printed.mockRestore();
    expect(findingsOf(validationReport(app), GUARD, 'open')).toContain(
      'cloudwatch_log_group_retention_period_check Plain/ShortLived/Resource',
    );
  });
});

describe('AlertTriage with encryptionKey and vpc', { timeout: 60_000 }, () => {
  // Prepare (once)
  const { stack, template, triage } = synthWithKeyAndVpc();
  const keyArn = { 'Fn::GetAtt': [logicalId(stack, stack.node.findChild('Key')), 'Arn'] };

  it('encrypts the logs, the table, the queue and the health topic with the key', () => {
    // Assess
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { KmsKeyId: keyArn }, 3);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: keyArn,
      SqsManagedSseEnabled: Match.absent(),
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn });
  });

  it('lets CloudWatch Logs, EventBridge and CloudWatch alarms use the key, from this account', () => {
    // Act
    const [key] = Object.values(template.findResources('AWS::KMS::Key'));
    const statements: Record<string, unknown>[] = key?.Properties.KeyPolicy.Statement ?? [];
    const services = statements
      .filter((s) => s.Effect === 'Allow')
      .map((s) => [s.Sid, (s.Principal as { Service?: unknown }).Service, s.Condition]);

    // Assess
    expect(services).toEqual(
      expect.arrayContaining([
        [
          'CloudWatchLogsUseKey',
          { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
          { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': expect.anything() } },
        ],
        [
          'EventBridgeDeadLettersUseKey',
          'events.amazonaws.com',
          { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        ],
        [
          'CloudWatchAlarmsUseKeyForTopic',
          'cloudwatch.amazonaws.com',
          { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        ],
      ]),
    );
  });

  it('runs every function in the VPC, with the network-interface permissions Lambda needs', () => {
    // Assess
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      {
        VpcConfig: {
          SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
          SecurityGroupIds: [Match.anyValue()],
        },
      },
      3,
    );
    for (const fn of [triage.alarmFunction, triage.captureDoneFunction, triage.slackFunction]) {
      template.hasResourceProperties('AWS::IAM::Role', {
        Description: `Runs the ${fn?.node.id} triage function`,
        ManagedPolicyArns: [
          {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
              ],
            ],
          },
        ],
      });
    }
  });
});
