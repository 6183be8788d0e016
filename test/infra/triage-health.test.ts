import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { logicalId, synth } from './synth.js';

describe('the bot’s own health', { timeout: 60_000 }, () => {
  // Prepare (once): with the Slack function, so all three functions are watched
  const { stack, template } = synth({
    triage: {
      slackChannelId: 'C0123456789',
      slackSecret: 'alert-triage/slack',
      slackSigningSecret: 'alert-triage/slack-signing',
    },
  });
  const { triage } = stack;
  const topicRef = { Ref: logicalId(stack, triage.alarmTopic) };
  const functions = [triage.alarmFunction, triage.captureDoneFunction, triage.slackFunction];

  /** An alarm at ≥ 1 over one 5-minute period that tells the topic when it fires and clears. */
  const alarmOn = (metric: Record<string, unknown>) => ({
    ...metric,
    Period: 300,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
    AlarmActions: [topicRef],
    OKActions: [topicRef],
  });

  it('publishes to a topic that takes TLS only and lets this account’s alarms publish', () => {
    // Assess
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: { 'aws:SourceArn': Match.anyValue() },
            },
          }),
        ]),
      },
    });
  });

  it('outputs the topic’s ARN to subscribe to', () => {
    // Act
    const outputs = template.findOutputs('*', { Value: topicRef });

    // Assess
    expect(Object.keys(outputs)).toEqual([expect.stringMatching(/AlarmTopicArn/)]);
  });

  it('raises an alarm while a failed event waits in the dead-letter queue', () => {
    // Assess
    template.hasResourceProperties(
      'AWS::CloudWatch::Alarm',
      alarmOn({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [logicalId(stack, triage.failedEvents), 'QueueName'] },
          },
        ],
        Statistic: 'Maximum',
      }),
    );
  });

  it('raises an alarm on any error of each function', () => {
    // Assess
    for (const fn of functions) {
      if (!fn) throw new Error('all three functions exist');
      template.hasResourceProperties(
        'AWS::CloudWatch::Alarm',
        alarmOn({
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(stack, fn) } }],
          Statistic: 'Sum',
        }),
      );
    }
  });

  it('counts each function’s "notification failed" log lines and raises an alarm on one', () => {
    // Assess
    for (const fn of functions) {
      if (!fn) throw new Error('all three functions exist');
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        LogGroupName: { Ref: logicalId(stack, fn.logGroup) },
        // Powertools' JSON line {"level":"ERROR","message":"notification failed",…}: exact match
        FilterPattern: '{ $.message = "notification failed" }',
        MetricTransformations: [
          { MetricNamespace: 'alert-triage', MetricName: 'NotificationsFailed', MetricValue: '1' },
        ],
      });
    }
    template.resourceCountIs('AWS::Logs::MetricFilter', 3);
    template.hasResourceProperties(
      'AWS::CloudWatch::Alarm',
      alarmOn({ Namespace: 'alert-triage', MetricName: 'NotificationsFailed', Statistic: 'Sum' }),
    );
  });

  it('has no alarm without an action (Control Tower CT.CLOUDWATCH.PR.1)', () => {
    // Assess: 1 queue + 3 functions + failed notifications
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [topicRef] });
  });
});
