import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TriageFunction } from './triage-function.js';

/** Where the functions' own metrics go (`NotificationsFailed`). */
export const METRIC_NAMESPACE = 'alert-triage';
/** The metric counting the Powertools log lines `{"level":"ERROR","message":"notification failed"}`. */
export const NOTIFICATIONS_FAILED_METRIC = 'NotificationsFailed';
/** The `message` of the log line a function writes when Slack refused a card for good. */
export const NOTIFICATION_FAILED_MESSAGE = 'notification failed';

const PERIOD = Duration.minutes(5);

export interface TriageHealthProps {
  /** The functions whose errors and failed notifications are watched, by a short name. */
  readonly functions: Readonly<Record<string, TriageFunction>>;
  /** The queue of events the functions could not handle. */
  readonly failedEvents: IQueue;
  /**
   * The customer managed key the topic is encrypted with; CloudWatch is allowed to use it.
   * Without one the topic has no encryption at rest: CloudWatch alarms cannot publish to a topic
   * under the AWS managed key `alias/aws/sns` (its key policy cannot allow them), and the
   * messages hold only alarm names and states.
   * @default - no encryption at rest
   */
  readonly encryptionKey?: IKey;
}

/**
 * The bot watching itself: an SNS topic (TLS only) and CloudWatch alarms that publish to it
 * when a failed event waits in the queue, when a function fails, or when Slack refused a card
 * after its retries. Subscribe people or a pager to the topic.
 */
export class TriageHealth extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: TriageHealthProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.topic = new Topic(this, 'Topic', {
      displayName: 'alert-triage health',
      enforceSSL: true,
      ...(props.encryptionKey ? { masterKey: props.encryptionKey } : {}),
    });
    // enforceSSL replaces SNS's default policy, which is what let the account's alarms publish.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    props.encryptionKey?.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsUseKeyForTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    this.watch(
      'FailedEventsAlarm',
      'alert-triage: an event waits in the failed-events queue (a triage was not finished)',
      props.failedEvents.metric('ApproximateNumberOfMessagesVisible', {
        period: PERIOD,
        statistic: Stats.MAXIMUM,
      }),
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      this.watch(
        `${name}ErrorsAlarm`,
        `alert-triage: the ${name} function failed`,
        fn.metricErrors({ period: PERIOD, statistic: Stats.SUM }),
      );
      new MetricFilter(this, `${name}NotificationsFailed`, {
        logGroup: fn.logGroup,
        filterPattern: FilterPattern.stringValue('$.message', '=', NOTIFICATION_FAILED_MESSAGE),
        metricNamespace: METRIC_NAMESPACE,
        metricName: NOTIFICATIONS_FAILED_METRIC,
        metricValue: '1',
      });
    }
    this.watch(
      'NotificationsFailedAlarm',
      'alert-triage: Slack refused a triage card after its retries',
      new Metric({
        namespace: METRIC_NAMESPACE,
        metricName: NOTIFICATIONS_FAILED_METRIC,
        period: PERIOD,
        statistic: Stats.SUM,
      }),
    );
  }

  private watch(id: string, description: string, metric: IMetric): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
  }
}
