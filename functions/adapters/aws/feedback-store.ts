/**
 * Feedback on diagnoses and the week's triages, on the triage table (`pk`, `sk`, TTL on
 * `expiresAt`, as `triage-store.ts`). Kept {@link FEEDBACK_TTL_DAYS} days: longer than the
 * triages, so a quarter's precision can still be counted.
 *
 * | item            | pk                   | sk                     | holds |
 * |-----------------|----------------------|------------------------|-------|
 * | feedback        | `FEEDBACK#<isoWeek>` | `<triageId>#<userId>`  | the capture judged (instance, command), the cause shown, right/wrong, the cause it was, who, when |
 * | week's triage   | `WEEK#<isoWeek>`     | `TRIAGE#<triageId>`    | alarm name, targets, start: what the digest counts |
 *
 * The week is the ISO week the triage started in, for both: a week's digest is two queries,
 * and one person's second word on a triage lands on the same key and replaces the first.
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isoWeek } from '../../triage/iso-week.js';
import type { TriageRecord } from '../../triage/model.js';
import type { Feedback, FeedbackStore, TriageOfWeek } from '../../triage/ports.js';
import { dynamoDocumentClient, queryPages, wrapAwsError } from './clients.js';

export const FEEDBACK_TTL_DAYS = 90;

export const feedbackKeys = {
  feedback: (week: string, triageId: string, userId: string) => ({
    pk: `FEEDBACK#${week}`,
    sk: `${triageId}#${userId}`,
  }),
  weekTriage: (week: string, triageId: string) => ({
    pk: `WEEK#${week}`,
    sk: `TRIAGE#${triageId}`,
  }),
} as const;

const expiresAt = (now: Date): number =>
  Math.floor(now.getTime() / 1000) + FEEDBACK_TTL_DAYS * 86_400;

/**
 * The week's index item of a triage. The triage store writes it with the triage record (one
 * more `Put` in `beginTriage`'s transaction), so every triage is counted in its week.
 */
export const weekTriageItem = (record: TriageRecord, now: Date): Record<string, unknown> => ({
  ...feedbackKeys.weekTriage(isoWeek(record.startedAt), record.triageId),
  type: 'week-triage',
  triageId: record.triageId,
  alarmName: record.alarm.name,
  targets: record.targets,
  startedAt: record.startedAt,
  expiresAt: expiresAt(now),
});

export interface DynamoFeedbackStoreOptions {
  tableName: string;
  client?: DynamoDBDocumentClient;
}

export class DynamoFeedbackStore implements FeedbackStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoFeedbackStoreOptions) {
    this.#client = options.client ?? dynamoDocumentClient();
    this.#table = options.tableName;
  }

  async putFeedback(feedback: Feedback, now: Date): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...feedbackKeys.feedback(feedback.week, feedback.triageId, feedback.by),
            type: 'feedback',
            ...feedback,
            expiresAt: expiresAt(now),
          },
        }),
      );
    } catch (error) {
      throw wrapAwsError(error, 'store_failed', `save feedback on ${feedback.triageId}`);
    }
  }

  async feedbackOfWeek(week: string): Promise<Feedback[]> {
    const items = await this.#partition(`FEEDBACK#${week}`, `read the feedback of ${week}`);
    return items.map(({ pk: _pk, sk: _sk, type: _type, expiresAt: _exp, ...rest }) => {
      return rest as unknown as Feedback;
    });
  }

  async triagesOfWeek(week: string): Promise<TriageOfWeek[]> {
    const items = await this.#partition(`WEEK#${week}`, `read the triages of ${week}`);
    return items.map((item) => ({
      triageId: String(item.triageId),
      alarmName: String(item.alarmName),
      targets: Array.isArray(item.targets) ? (item.targets as TriageOfWeek['targets']) : [],
      startedAt: String(item.startedAt),
    }));
  }

  /** Every item of one partition, page after page. */
  #partition(pk: string, doing: string): Promise<Record<string, unknown>[]> {
    return queryPages(
      this.#client,
      {
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      },
      doing,
    );
  }
}
