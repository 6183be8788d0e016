/**
 * What the capture-done function may read to say what changed before an alarm
 * (`functions/adapters/aws/change-history.ts`): Beanstalk's events, Auto Scaling's activities
 * and CloudTrail's management events. Read-only, and nothing else of those services.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { TriageFunction } from './triage-function.js';

export const grantChangeHistory = (fn: TriageFunction): void => {
  const beanstalk = Stack.of(fn).formatArn({ service: 'elasticbeanstalk', resource: '*' });
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'ReadBeanstalkEvents',
      actions: ['elasticbeanstalk:DescribeEvents'],
      resources: [beanstalk],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'ReadScalingAndTrail',
      actions: ['autoscaling:DescribeScalingActivities', 'cloudtrail:LookupEvents'],
      resources: ['*'],
    }),
  );
  Validations.of(fn.serviceRole).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:elasticbeanstalk:<AWS::Region>:<AWS::AccountId>:*]',
    reason:
      'elasticbeanstalk:DescribeEvents (read-only) on this account and region’s Beanstalk ' +
      'resources: the environment is named by the instance’s tag at run time, and its events ' +
      'belong to its application, versions and templates too (DescribeEvents answers only for ' +
      'the resources it may read).',
  });
  Validations.of(fn.serviceRole).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Read-only calls that support no resource-level permissions, so IAM requires "*": ' +
      'autoscaling:DescribeScalingActivities (instances launched or terminated before the ' +
      'alarm) and cloudtrail:LookupEvents (management events on the instance, its group and ' +
      'its environment).',
  });
};
