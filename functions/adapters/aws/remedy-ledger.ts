/**
 * The remediation ledger: one item per fix applied, on the triage table (`pk`/`sk`, TTL on
 * `expiresAt` in epoch seconds, as `triage-store.ts` lays it out), read by key only.
 *
 * | item        | pk                    | sk                      | holds |
 * |-------------|-----------------------|-------------------------|-------|
 * | remedy claim| `REMEDY#<triageId>`   | `<kind>#<target>`       | by, claimedAt, state (`claimed`, `applied`, `failed`), requestId or failure |
 *
 * The claim is a conditional put: it creates the item, or takes one whose AWS call failed, so
 * two clicks racing in two Lambdas make one AWS call, and a failed one can be tried again.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { RemedyClaim, RemedyLedger } from '../../triage/ports.js';
import { dynamoDocumentClient, errorName, wrapAwsError } from './clients.js';
import { DEFAULT_TTL_DAYS } from './triage-store.js';

export const remedyKey = (triageId: string, actionKey: string) => ({
  pk: `REMEDY#${triageId}`,
  sk: actionKey,
});

export interface DynamoRemedyLedgerOptions {
  tableName: string;
  client?: DynamoDBDocumentClient;
  ttlDays?: number;
}

export class DynamoRemedyLedger implements RemedyLedger {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #ttlSeconds: number;

  constructor(options: DynamoRemedyLedgerOptions) {
    this.#client = options.client ?? dynamoDocumentClient();
    this.#table = options.tableName;
    this.#ttlSeconds = (options.ttlDays ?? DEFAULT_TTL_DAYS) * 86_400;
  }

  async claim(actionKey: string, triageId: string, by: string, now: Date): Promise<RemedyClaim> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...remedyKey(triageId, actionKey),
            type: 'remedy',
            by,
            claimedAt: now.toISOString(),
            state: 'claimed',
            expiresAt: Math.floor(now.getTime() / 1000) + this.#ttlSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #state = :failed',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':failed': 'failed' },
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (errorName(error) !== 'ConditionalCheckFailedException') {
        throw wrapAwsError(error, 'store_failed', 'claim the remediation');
      }
    }
    const held = await this.#held(triageId, actionKey);
    return {
      claimed: false,
      by: typeof held?.by === 'string' ? held.by : 'someone',
      at: typeof held?.claimedAt === 'string' ? held.claimedAt : now.toISOString(),
      ...(typeof held?.requestId === 'string' ? { requestId: held.requestId } : {}),
    };
  }

  async settle(
    actionKey: string,
    triageId: string,
    outcome: { requestId: string } | { failed: string },
  ): Promise<void> {
    const applied = 'requestId' in outcome;
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: remedyKey(triageId, actionKey),
          UpdateExpression: 'SET #state = :state, #detail = :detail',
          ExpressionAttributeNames: {
            '#state': 'state',
            '#detail': applied ? 'requestId' : 'failure',
          },
          ExpressionAttributeValues: {
            ':state': applied ? 'applied' : 'failed',
            ':detail': applied ? outcome.requestId : outcome.failed,
          },
        }),
      );
    } catch (error) {
      throw wrapAwsError(error, 'store_failed', 'record the remediation');
    }
  }

  async #held(triageId: string, actionKey: string) {
    try {
      const answer = await this.#client.send(
        new GetCommand({
          TableName: this.#table,
          Key: remedyKey(triageId, actionKey),
          ConsistentRead: true,
        }),
      );
      return answer.Item;
    } catch (error) {
      throw wrapAwsError(error, 'store_failed', 'read the remediation claim');
    }
  }
}
