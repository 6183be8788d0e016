/**
 * The triage store: one DynamoDB table, string keys `pk` (partition) and `sk` (sort), TTL on
 * `expiresAt` (epoch seconds) for every item. No secondary index: every read is by key.
 *
 * | item                 | pk                          | sk                                  | holds |
 * |----------------------|-----------------------------|-------------------------------------|-------|
 * | triage record        | `TRIAGE#<triageId>`         | `TRIAGE`                            | alarm, transition key, targets, instances with their command ids, notification handle, status |
 * | capture result       | `TRIAGE#<triageId>`         | `RESULT#<instanceId>#<commandId>`   | SSM status, the capture document (gzip, binary), the diagnosis (JSON), or the failure |
 * | command → triage     | `COMMAND#<commandId>`       | `COMMAND`                           | triageId: the capture-done event carries only the command and instance |
 * | newest triage        | `ALARM#<alarmArn>`          | `LATEST`                            | triageId: what an ALARM → OK change resolves |
 * | transition claim     | `TRANSITION#<transitionKey>`| `TRANSITION`                        | triageId; written with `attribute_not_exists(pk)`, so a redelivered event finds it |
 * | mute                 | `MUTE#<alarmArn>`           | `MUTE`                              | until, by; TTL at `until` (TTL deletes late, so `until` is checked on read) |
 *
 * A triage's results sort under it (`begins_with(sk, 'RESULT#i-…')` lists one instance's
 * captures in a rerun-and-compare). Everything expires after {@link DEFAULT_TTL_DAYS} days.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CaptureResult, Mute, TriageRecord, TriageStore } from '../../triage/ports.js';
import { dynamoDocumentClient, errorName, wrapAwsError } from './clients.js';

export const DEFAULT_TTL_DAYS = 30;
/** A stored capture stays well under DynamoDB's 400 KB item limit. */
const MAX_STORED_CAPTURE_BYTES = 300_000;

export const keys = {
  triage: (triageId: string) => ({ pk: `TRIAGE#${triageId}`, sk: 'TRIAGE' }),
  result: (triageId: string, instanceId: string, commandId: string) => ({
    pk: `TRIAGE#${triageId}`,
    sk: `RESULT#${instanceId}#${commandId}`,
  }),
  command: (commandId: string) => ({ pk: `COMMAND#${commandId}`, sk: 'COMMAND' }),
  latest: (alarmArn: string) => ({ pk: `ALARM#${alarmArn}`, sk: 'LATEST' }),
  transition: (transitionKey: string) => ({
    pk: `TRANSITION#${transitionKey}`,
    sk: 'TRANSITION',
  }),
  mute: (alarmArn: string) => ({ pk: `MUTE#${alarmArn}`, sk: 'MUTE' }),
} as const;

const NEW_ITEM = 'attribute_not_exists(pk)';

const isConditionFailure = (error: unknown): boolean => {
  const name = errorName(error);
  if (name === 'ConditionalCheckFailedException') return true;
  // In a transaction the failure arrives as TransactionCanceledException with reasons.
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return (
    name === 'TransactionCanceledException' &&
    (reasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed')
  );
};

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, type: _type, expiresAt: _expiresAt, ...rest } = item;
  return rest as T;
};

export interface DynamoTriageStoreOptions {
  tableName: string;
  client?: DynamoDBDocumentClient;
  ttlDays?: number;
}

export class DynamoTriageStore implements TriageStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #ttlSeconds: number;

  constructor(options: DynamoTriageStoreOptions) {
    this.#client = options.client ?? dynamoDocumentClient();
    this.#table = options.tableName;
    this.#ttlSeconds = (options.ttlDays ?? DEFAULT_TTL_DAYS) * 86_400;
  }

  #expiresAt(now: Date): number {
    return Math.floor(now.getTime() / 1000) + this.#ttlSeconds;
  }

  async #get(key: { pk: string; sk: string }, doing: string) {
    try {
      const answer = await this.#client.send(
        new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true }),
      );
      return answer.Item;
    } catch (error) {
      throw wrapAwsError(error, 'store_failed', doing);
    }
  }

  /** A put that must create the item; `false` when the key already exists. */
  async #create(item: Record<string, unknown>, doing: string): Promise<boolean> {
    try {
      await this.#client.send(
        new PutCommand({ TableName: this.#table, Item: item, ConditionExpression: NEW_ITEM }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw wrapAwsError(error, 'store_failed', doing);
    }
  }

  claimTransition(transitionKey: string, triageId: string, now: Date): Promise<boolean> {
    return this.#create(
      {
        ...keys.transition(transitionKey),
        type: 'transition',
        triageId,
        claimedAt: now.toISOString(),
        expiresAt: this.#expiresAt(now),
      },
      'claim the alarm transition',
    );
  }

  async mute(alarmArn: string, now: Date): Promise<Mute | undefined> {
    const item = await this.#get(keys.mute(alarmArn), 'read the mute');
    if (!item || typeof item.until !== 'string') return undefined;
    return Date.parse(item.until) > now.getTime() ? strip<Mute>(item) : undefined;
  }

  async putMute(mute: Mute, now: Date): Promise<void> {
    const until = Date.parse(mute.until);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...keys.mute(mute.alarmArn),
            type: 'mute',
            ...mute,
            mutedAt: now.toISOString(),
            expiresAt: Math.floor(until / 1000) + 3600,
          },
        }),
      );
    } catch (error) {
      throw wrapAwsError(error, 'store_failed', 'save the mute');
    }
  }

  async saveTriage(record: TriageRecord, now: Date): Promise<void> {
    const expiresAt = this.#expiresAt(now);
    const { triageId } = record;
    const pointers = record.instances.flatMap((run) =>
      run.commandId
        ? [{ ...keys.command(run.commandId), type: 'command', triageId, expiresAt }]
        : [],
    );
    const items = [
      { ...keys.triage(triageId), type: 'triage', ...record, expiresAt },
      ...pointers,
      {
        ...keys.latest(record.alarm.arn),
        type: 'latest',
        triageId,
        startedAt: record.startedAt,
        expiresAt,
      },
    ];
    try {
      // One transaction: a command's pointer never exists without its triage record.
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: items.map((Item) => ({ Put: { TableName: this.#table, Item } })),
        }),
      );
    } catch (error) {
      throw wrapAwsError(error, 'store_failed', `save triage ${triageId}`);
    }
  }

  async getTriage(triageId: string): Promise<TriageRecord | undefined> {
    const item = await this.#get(keys.triage(triageId), `read triage ${triageId}`);
    return item ? strip<TriageRecord>(item) : undefined;
  }

  async triageIdForCommand(commandId: string): Promise<string | undefined> {
    const item = await this.#get(keys.command(commandId), `look up command ${commandId}`);
    return typeof item?.triageId === 'string' ? item.triageId : undefined;
  }

  async latestTriageOf(alarmArn: string): Promise<TriageRecord | undefined> {
    const item = await this.#get(keys.latest(alarmArn), 'look up the newest triage');
    return typeof item?.triageId === 'string' ? this.getTriage(item.triageId) : undefined;
  }

  async hasResult(triageId: string, instanceId: string, commandId: string): Promise<boolean> {
    const item = await this.#get(keys.result(triageId, instanceId, commandId), 'read a result');
    return item !== undefined;
  }

  saveResult(result: CaptureResult, now: Date): Promise<boolean> {
    const { document, diagnosis, ...rest } = result;
    const capture = document === undefined ? undefined : gzipSync(Buffer.from(document, 'utf8'));
    const fits = capture !== undefined && capture.byteLength <= MAX_STORED_CAPTURE_BYTES;
    return this.#create(
      {
        ...keys.result(result.triageId, result.instanceId, result.commandId),
        type: 'result',
        ...rest,
        ...(fits ? { capture: new Uint8Array(capture), captureEncoding: 'gzip' } : {}),
        ...(capture && !fits ? { captureDropped: `${capture.byteLength} bytes gzipped` } : {}),
        ...(diagnosis ? { diagnosis: JSON.stringify(diagnosis) } : {}),
        expiresAt: this.#expiresAt(now),
      },
      `save the result of ${result.commandId} on ${result.instanceId}`,
    );
  }

  /** The stored result with its capture inflated (for reruns, comparisons and tests). */
  async getResult(
    triageId: string,
    instanceId: string,
    commandId: string,
  ): Promise<CaptureResult | undefined> {
    const item = await this.#get(keys.result(triageId, instanceId, commandId), 'read a result');
    if (!item) return undefined;
    const { capture, captureEncoding: _encoding, diagnosis, ...rest } = item;
    return {
      ...strip<CaptureResult>(rest),
      ...(capture instanceof Uint8Array ? { document: gunzipSync(capture).toString('utf8') } : {}),
      ...(typeof diagnosis === 'string' ? { diagnosis: JSON.parse(diagnosis) } : {}),
    };
  }

  async markResolved(triageId: string, resolvedAt: string): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keys.triage(triageId),
          UpdateExpression: 'SET #status = :resolved, resolvedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':resolved': 'resolved', ':at': resolvedAt },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return; // expired meanwhile: nothing to mark
      throw wrapAwsError(error, 'store_failed', `mark triage ${triageId} resolved`);
    }
  }
}
