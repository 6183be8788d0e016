import { Duration } from 'aws-cdk-lib';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { WEEKLY_DIGEST_INPUT } from '../functions/triage/weekly-digest.js';
import type { TriageFunction } from './triage-function.js';

/** Mondays 08:00 UTC: the digest of the ISO week that has just ended. */
export const WEEKLY_DIGEST_SCHEDULE = Schedule.cron({ weekDay: 'MON', hour: '8', minute: '0' });

/**
 * The weekly digest: a rule that invokes the capture-done function with a constant input
 * (`{"alertTriage":"weekly-digest"}`) instead of the Scheduled Event, so the function tells it
 * from the minute's sweep. It reads the table with the grants the function has already (Query,
 * GetItem) and posts with its bot token. A failure is retried, then dead-lettered.
 */
export const addWeeklyDigest = (
  scope: Construct,
  captureDone: TriageFunction,
  failedEvents: IQueue,
): Rule =>
  new Rule(scope, 'WeeklyDigestRule', {
    description: 'alert-triage: the weekly digest of triages and feedback',
    schedule: WEEKLY_DIGEST_SCHEDULE,
    targets: [
      new LambdaFunction(captureDone, {
        event: RuleTargetInput.fromObject(WEEKLY_DIGEST_INPUT),
        deadLetterQueue: failedEvents,
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
      }),
    ],
  });
