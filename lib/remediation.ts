/**
 * The fixes on a click (`-c enableRemediation=true`): the restart document, what the Slack
 * function may change, and the settings both functions read. Nothing here exists unless
 * remediation is enabled, and every change is limited to resources carrying the opt-in tag.
 *
 * What IAM can and cannot narrow:
 * - `ec2:ModifyInstanceCreditSpecification` takes an instance resource and `aws:ResourceTag`;
 * - `ssm:SendCommand` is authorized on the document and on each instance: the restart document
 *   here, the tagged instances by the capture document's grant (`CaptureDocument.grantSend`);
 * - `elasticbeanstalk:UpdateEnvironment` takes an environment resource and `aws:ResourceTag`,
 *   but Beanstalk then updates the environment's CloudFormation stack, its bucket and its Auto
 *   Scaling group with the caller's own permissions ("Elastic Beanstalk user policy"): those are
 *   granted on Beanstalk's own names (`awseb-e-*` stacks and groups, `elasticbeanstalk-*`
 *   buckets), which the opt-in tag cannot reach, and the Describe calls it needs on "*".
 */
import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnDocument } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { restartDocumentContent } from '../functions/adapters/aws/restart-document.js';
import type { OptInTag } from './alert-triage.js';
import type { TriageFunction } from './triage-function.js';

/** Who may apply the fixes the cards offer. */
export interface RemediationSettings {
  /** Slack user ids (`U…`/`W…`); at least one. */
  readonly approvers: string[];
}

export interface RemediationPieces {
  readonly slackFunction?: TriageFunction;
  readonly captureDoneFunction: TriageFunction;
  readonly optInTag: OptInTag;
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * Adds remediation to the construct when `settings` is given; returns the restart document.
 * @throws when there is no Slack function to press the buttons on, or no valid approver.
 */
export const addRemediation = (
  scope: Construct,
  settings: RemediationSettings | undefined,
  pieces: RemediationPieces,
): CfnDocument | undefined => {
  if (settings === undefined) return undefined;
  const path = scope.node.path;
  const fn = pieces.slackFunction;
  if (!fn) throw new Error(`${path}: remediation needs the Slack buttons (slackSigningSecret)`);
  if (settings.approvers.length === 0 || !settings.approvers.every((u) => SLACK_USER_ID.test(u))) {
    throw new Error(`${path}: remediation.approvers must list Slack user ids such as U0123ABCD`);
  }
  const stack = Stack.of(scope);
  const document = new CfnDocument(scope, 'RestartDocument', {
    documentType: 'Command',
    content: restartDocumentContent(),
    updateMethod: 'NewVersion',
  });
  const approvers = settings.approvers.join(',');
  fn.addEnvironment('REMEDIATION_APPROVERS', approvers);
  fn.addEnvironment('RESTART_DOCUMENT_NAME', document.ref);
  // The cards offer the fixes only where someone may apply them.
  pieces.captureDoneFunction.addEnvironment('REMEDIATION_APPROVERS', approvers);

  const tagged = {
    StringEquals: { [`aws:ResourceTag/${pieces.optInTag.key}`]: pieces.optInTag.value },
  };
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'SendRestartDocument',
      actions: ['ssm:SendCommand'],
      resources: [
        stack.formatArn({ service: 'ssm', resource: 'document', resourceName: document.ref }),
      ],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'UnlimitedCreditsOnOptedInInstances',
      actions: ['ec2:ModifyInstanceCreditSpecification'],
      resources: [stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: '*' })],
      conditions: tagged,
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'UpdateOptedInEnvironments',
      actions: ['elasticbeanstalk:UpdateEnvironment'],
      resources: [
        stack.formatArn({
          service: 'elasticbeanstalk',
          resource: 'environment',
          resourceName: '*/*',
        }),
      ],
      conditions: tagged,
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'BeanstalkUpdatesItsStack',
      actions: [
        'cloudformation:UpdateStack',
        'cloudformation:DescribeStacks',
        'cloudformation:DescribeStackResource',
        'cloudformation:DescribeStackResources',
        'cloudformation:GetTemplate',
      ],
      resources: [
        stack.formatArn({
          service: 'cloudformation',
          resource: 'stack',
          resourceName: 'awseb-e-*/*',
        }),
      ],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'BeanstalkUpdatesItsBucket',
      actions: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:GetBucketLocation'],
      resources: [
        `arn:${stack.partition}:s3:::elasticbeanstalk-${stack.region}-${stack.account}`,
        `arn:${stack.partition}:s3:::elasticbeanstalk-${stack.region}-${stack.account}/*`,
      ],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'BeanstalkRollsItsGroup',
      actions: ['autoscaling:SuspendProcesses', 'autoscaling:ResumeProcesses'],
      resources: [
        stack.formatArn({
          service: 'autoscaling',
          resource: 'autoScalingGroup',
          resourceName: '*:autoScalingGroupName/awseb-e-*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'BeanstalkDescribes',
      actions: [
        'autoscaling:DescribeAutoScalingGroups',
        'autoscaling:DescribeScalingActivities',
        'ec2:DescribeInstances',
        'elasticbeanstalk:DescribeEnvironments',
      ],
      resources: ['*'],
    }),
  );
  acknowledge(fn, pieces.optInTag);
  return document;
};

/** cdk-nag's wildcard findings, each with what narrows it. */
const acknowledge = (fn: TriageFunction, tag: OptInTag): void => {
  const role = Validations.of(fn.serviceRole);
  const onTag = `limited by the condition aws:ResourceTag/${tag.key} = ${tag.value}`;
  role.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/*]',
    reason:
      `ec2:ModifyInstanceCreditSpecification on instances ${onTag}, and ssm:SendCommand on ` +
      `instances limited by ssm:resourceTag/${tag.key} = ${tag.value} (with the stack’s capture ` +
      'and restart documents only): opted-in instances, whichever their id, not known at deploy time.',
  });
  role.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:elasticbeanstalk:<AWS::Region>:<AWS::AccountId>:environment/*/*]',
    reason: `elasticbeanstalk:UpdateEnvironment on environments ${onTag}: only opted-in environments, whichever their application or name (not known at deploy time).`,
  });
  role.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:stack/awseb-e-*/*]',
    reason:
      'UpdateEnvironment updates the environment’s CloudFormation stack with the caller’s permissions; Beanstalk names every such stack awseb-e-<id>-stack, and stacks carry no opt-in tag of ours.',
  });
  role.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::elasticbeanstalk-<AWS::Region>-<AWS::AccountId>/*]',
    reason:
      'UpdateEnvironment stores the environment’s configuration in Beanstalk’s own bucket for this region and account (elasticbeanstalk-<region>-<account>), under keys it chooses.',
  });
  role.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:autoscaling:<AWS::Region>:<AWS::AccountId>:autoScalingGroup:*:autoScalingGroupName/awseb-e-*]',
    reason:
      'A rolling update suspends and resumes the environment’s Auto Scaling processes with the caller’s permissions; Beanstalk names its groups awseb-e-<id>-stack-…, with a generated id.',
  });
  role.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Read-only Describe calls that support no resource-level permissions, which UpdateEnvironment makes with the caller’s permissions: autoscaling:DescribeAutoScalingGroups, autoscaling:DescribeScalingActivities, ec2:DescribeInstances, elasticbeanstalk:DescribeEnvironments.',
  });
};
