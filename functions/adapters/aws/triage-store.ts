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
import type {
  CaptureResult,
  InvocationEnd,
  Mute,
  NotificationHandle,
  OverdueCapture,
  ParkedEvent,
  Storm,
  TargetEvent,
  TriageRecord,
} from '../../triage/model.js';
import type {
  BeginOutcome,
  CooldownClaim,
  TriageChanges,
  TriageStore,
} from '../../triage/ports.js';
import { AdapterError } from '../../triage/ports.js';
import { dynamoDocumentClient, errorName, queryPages, wrapAwsError } from './clients.js';
import { weekTriageItem } from './feedback-store.js';

export const DEFAULT_TTL_DAYS = 30;
/** How long a target's history is kept: the card looks back 30 days, the digest a week. */
export const HISTORY_TTL_DAYS = 90;
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
  cooldown: (instanceId: string) => ({ pk: `COOLDOWN#${instanceId}`, sk: 'COOLDOWN' }),
  deadline: (deadline: string, commandId: string, instanceId: string) => ({
    pk: 'DEADLINE',
    sk: `${deadline}#${commandId}#${instanceId}`,
  }),
  storm: (target: string) => ({ pk: `STORM#${target}`, sk: 'STORM' }),
  history: (target: string, startedAt: string, triageId: string) => ({
    pk: `HISTORY#${target}`,
    sk: `${startedAt}#${triageId}`,
  }),
  parked: (parkedAt: string, commandId: string, instanceId: string) => ({
    pk: 'PARKED',
    sk: `${parkedAt}#${commandId}#${instanceId}`,
  }),
} as const;

/** At most this many overdue captures or parked events per sweep; the rest wait a minute. */
export const SWEEP_BATCH = 50;

const NEW_ITEM = 'attribute_not_exists(pk)';
/** TransactWriteItems' limit. */
const MAX_TRANSACTION_ITEMS = 100;

/** In a transaction a failed condition arrives as TransactionCanceledException with reasons. */
const cancelledConditions = (error: unknown): boolean[] | undefined => {
  if (errorName(error) !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return (reasons ?? []).map((r) => r.Code === 'ConditionalCheckFailed');
};

const isConditionFailure = (error: unknown): boolean =>
  errorName(error) === 'ConditionalCheckFailedException' ||
  (cancelledConditions(error) ?? []).some(Boolean);

const stormOf = (item: Record<string, unknown>): Storm => ({
  leader: String(item.leader),
  members: Array.isArray(item.members) ? item.members.map(String) : [],
  until: String(item.until),
  ...(item.card && typeof item.card === 'object' ? { card: item.card as NotificationHandle } : {}),
});

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

  async beginTriage(record: TriageRecord, now: Date): Promise<BeginOutcome> {
    const expiresAt = this.#expiresAt(now);
    const { triageId, alarm } = record;
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: {
                  ...keys.transition(record.transitionKey),
                  type: 'transition',
                  triageId,
                  claimedAt: now.toISOString(),
                  expiresAt,
                },
                ConditionExpression: NEW_ITEM,
              },
            },
            {
              Put: {
                TableName: this.#table,
                Item: { ...keys.triage(triageId), type: 'triage', ...record, expiresAt },
                ConditionExpression: NEW_ITEM,
              },
            },
            {
              // Only a later transition may take the pointer: a late ALARM must not steal it
              // from the triage an OK will have to resolve.
              Put: {
                TableName: this.#table,
                Item: {
                  ...keys.latest(alarm.arn),
                  type: 'latest',
                  triageId,
                  changedAt: Date.parse(alarm.changedAt),
                  startedAt: record.startedAt,
                  expiresAt,
                },
                ConditionExpression: `${NEW_ITEM} OR changedAt <= :changedAt`,
                ExpressionAttributeValues: { ':changedAt': Date.parse(alarm.changedAt) },
              },
            },
          ],
        }),
      );
      return { kind: 'created' };
    } catch (error) {
      const failed = cancelledConditions(error);
      if (failed?.[0] || failed?.[1]) {
        return { kind: 'exists', record: await this.getTriage(triageId) };
      }
      if (failed?.[2]) return { kind: 'superseded' };
      throw wrapAwsError(error, 'store_failed', `begin triage ${triageId}`);
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

  async claimCooldown(
    instanceId: string,
    triageId: string,
    now: Date,
    seconds: number,
  ): Promise<CooldownClaim> {
    const until = now.getTime() + seconds * 1000;
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...keys.cooldown(instanceId),
            type: 'cooldown',
            triageId,
            at: now.toISOString(),
            until,
            expiresAt: Math.ceil(until / 1000) + 3600,
          },
          // Free, expired, or already this triage's (a resumed start claims again).
          ConditionExpression: `${NEW_ITEM} OR #until <= :now OR triageId = :triageId`,
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': now.getTime(), ':triageId': triageId },
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionFailure(error)) {
        throw wrapAwsError(error, 'store_failed', `claim the capture cooldown of ${instanceId}`);
      }
      const held = await this.#get(keys.cooldown(instanceId), 'read the capture cooldown');
      return {
        claimed: false,
        triageId: String(held?.triageId ?? 'unknown'),
        at: String(held?.at ?? 'unknown'),
      };
    }
  }

  async releaseCooldown(instanceId: string, triageId: string, now: Date): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keys.cooldown(instanceId),
          UpdateExpression: 'SET #until = :now',
          // Only this triage's claim: another's stays.
          ConditionExpression: 'triageId = :triageId',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': now.getTime(), ':triageId': triageId },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return;
      throw wrapAwsError(error, 'store_failed', `release the capture cooldown of ${instanceId}`);
    }
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
    const sent = record.instances.filter((run) => run.commandId !== undefined);
    const put = (Item: Record<string, unknown>) => ({ Put: { TableName: this.#table, Item } });
    const items = [
      put({ ...keys.triage(triageId), type: 'triage', ...record, expiresAt }),
      // The week's list of triages, for the weekly digest (rewritten as the targets are found).
      put(weekTriageItem(record, now)),
      ...sent.map((run) =>
        put({ ...keys.command(run.commandId as string), type: 'command', triageId, expiresAt }),
      ),
      // An update, not a put: a deadline already retired keeps its `done`.
      ...sent.flatMap((run) =>
        run.deadline
          ? [
              {
                Update: {
                  TableName: this.#table,
                  Key: keys.deadline(run.deadline, run.commandId as string, run.instanceId),
                  UpdateExpression: 'SET #type = :type, triageId = :triageId, expiresAt = :exp',
                  ExpressionAttributeNames: { '#type': 'type' },
                  ExpressionAttributeValues: {
                    ':type': 'deadline',
                    ':triageId': triageId,
                    ':exp': expiresAt,
                  },
                },
              },
            ]
          : [],
      ),
    ];
    if (items.length > MAX_TRANSACTION_ITEMS) {
      throw new AdapterError(
        'store_failed',
        `triage ${triageId} has ${sent.length} commands: more than one write can hold`,
      );
    }
    try {
      // One transaction: a command's pointer never exists without its triage record.
      await this.#client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      throw wrapAwsError(error, 'store_failed', `save triage ${triageId}`);
    }
  }

  async updateTriage(triageId: string, changes: TriageChanges): Promise<void> {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return;
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keys.triage(triageId),
          UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: Object.fromEntries(
            entries.map(([name], i) => [`#f${i}`, name]),
          ),
          ExpressionAttributeValues: Object.fromEntries(
            entries.map(([, value], i) => [`:v${i}`, value]),
          ),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return; // expired meanwhile: nothing to change
      throw wrapAwsError(error, 'store_failed', `update triage ${triageId}`);
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

  async markNotified(result: CaptureResult, at: Date): Promise<void> {
    const { triageId, instanceId, commandId, deadline } = result;
    const told = {
      Update: {
        TableName: this.#table,
        Key: keys.result(triageId, instanceId, commandId),
        UpdateExpression: 'SET notifiedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      },
    };
    const retired = deadline
      ? [
          {
            Update: {
              TableName: this.#table,
              Key: keys.deadline(deadline, commandId, instanceId),
              UpdateExpression: 'SET done = :done',
              ExpressionAttributeValues: { ':done': true },
            },
          },
        ]
      : [];
    try {
      await this.#client.send(new TransactWriteCommand({ TransactItems: [told, ...retired] }));
    } catch (error) {
      if (isConditionFailure(error)) return; // expired meanwhile
      throw wrapAwsError(error, 'store_failed', `mark the result of ${commandId} told`);
    }
  }

  async overdueCaptures(now: Date, since: Date): Promise<OverdueCapture[]> {
    const items = await this.#pending('DEADLINE', now, since, 'list overdue captures');
    return items.flatMap((item) => {
      const [deadline, commandId, instanceId] = String(item.sk).split('#');
      return deadline && commandId && instanceId && typeof item.triageId === 'string'
        ? [{ triageId: item.triageId, instanceId, commandId, deadline }]
        : [];
    });
  }

  async parkEvent(event: ParkedEvent, now: Date): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...keys.parked(event.parkedAt, event.commandId, event.instanceId),
            type: 'parked',
            status: event.status,
            end: event.end,
            expiresAt: Math.floor(now.getTime() / 1000) + 86_400,
          },
        }),
      );
    } catch (error) {
      throw wrapAwsError(error, 'store_failed', `park the event of ${event.commandId}`);
    }
  }

  async parkedEvents(now: Date, since: Date): Promise<ParkedEvent[]> {
    const items = await this.#pending('PARKED', now, since, 'list parked events');
    return items.flatMap((item) => {
      const [parkedAt, commandId, instanceId] = String(item.sk).split('#');
      return parkedAt && commandId && instanceId && typeof item.status === 'string'
        ? [{ parkedAt, commandId, instanceId, status: item.status, end: item.end as InvocationEnd }]
        : [];
    });
  }

  async unpark(event: ParkedEvent): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keys.parked(event.parkedAt, event.commandId, event.instanceId),
          UpdateExpression: 'SET done = :done',
          ExpressionAttributeValues: { ':done': true },
        }),
      );
    } catch (error) {
      throw wrapAwsError(error, 'store_failed', `unpark the event of ${event.commandId}`);
    }
  }

  async noteHistory(
    targets: readonly string[],
    triage: Pick<TargetEvent, 'triageId' | 'startedAt'>,
    fields: Partial<
      Pick<
        TargetEvent,
        'alarmName' | 'cause' | 'resolvedAfterMs' | 'rerunVerdict' | 'rerunAt' | 'fix'
      >
    >,
    now: Date,
    options: { firstOnly?: boolean } = {},
  ): Promise<void> {
    const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
    const expiresAt = Math.floor(now.getTime() / 1000) + HISTORY_TTL_DAYS * 86_400;
    const set = entries.map(([, _], i) =>
      options.firstOnly ? `#f${i} = if_not_exists(#f${i}, :v${i})` : `#f${i} = :v${i}`,
    );
    try {
      await Promise.all(
        targets.map((target) =>
          this.#client.send(
            new UpdateCommand({
              TableName: this.#table,
              Key: keys.history(target, triage.startedAt, triage.triageId),
              UpdateExpression: `SET ${[...set, '#type = :type', 'expiresAt = :exp'].join(', ')}`,
              ExpressionAttributeNames: {
                ...Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
                '#type': 'type',
              },
              ExpressionAttributeValues: {
                ...Object.fromEntries(entries.map(([, value], i) => [`:v${i}`, value])),
                ':type': 'history',
                ':exp': expiresAt,
              },
            }),
          ),
        ),
      );
    } catch (error) {
      throw wrapAwsError(error, 'store_failed', `note the history of triage ${triage.triageId}`);
    }
  }

  async historyOf(target: string, since: Date): Promise<TargetEvent[]> {
    const items = await queryPages(
      this.#client,
      {
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND sk >= :from',
        ExpressionAttributeValues: { ':pk': `HISTORY#${target}`, ':from': since.toISOString() },
      },
      `read the history of ${target}`,
    );
    return items.flatMap((item): TargetEvent[] => {
      const [startedAt, triageId] = String(item.sk).split('#');
      if (!startedAt || !triageId) return [];
      const { pk: _pk, sk: _sk, type: _type, expiresAt: _exp, ...rest } = item;
      return [
        {
          ...(rest as Partial<TargetEvent>),
          target,
          triageId,
          startedAt,
          alarmName: String(rest.alarmName ?? ''),
        },
      ];
    });
  }

  async joinStorm(target: string, triageId: string, now: Date, windowMs: number): Promise<Storm> {
    const until = new Date(now.getTime() + windowMs).toISOString();
    const doing = `join the storm on ${target}`;
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...keys.storm(target),
            type: 'storm',
            leader: triageId,
            members: [triageId],
            until,
            expiresAt: this.#expiresAt(now),
          },
          // None open: this triage opens one.
          ConditionExpression: `${NEW_ITEM} OR #until <= :now`,
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      );
      return { leader: triageId, members: [triageId], until };
    } catch (error) {
      if (!isConditionFailure(error)) throw wrapAwsError(error, 'store_failed', doing);
    }
    try {
      const answer = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keys.storm(target),
          UpdateExpression: 'SET members = list_append(members, :me)',
          ConditionExpression: '#until > :now AND NOT contains(members, :id)',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: {
            ':me': [triageId],
            ':id': triageId,
            ':now': now.toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return stormOf(answer.Attributes ?? {});
    } catch (error) {
      if (!isConditionFailure(error)) throw wrapAwsError(error, 'store_failed', doing);
    }
    // Already a member (a resumed start), or the storm closed in between: as stored.
    const stored = await this.stormOf(target);
    if (stored?.members.includes(triageId)) return stored;
    return this.joinStorm(target, triageId, now, windowMs);
  }

  async setStormCard(target: string, leader: string, card: NotificationHandle): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keys.storm(target),
          UpdateExpression: 'SET card = :card',
          ConditionExpression: 'leader = :leader',
          ExpressionAttributeValues: { ':card': card, ':leader': leader },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return; // a newer storm took the target meanwhile
      throw wrapAwsError(error, 'store_failed', `save the card of the storm on ${target}`);
    }
  }

  async stormOf(target: string): Promise<Storm | undefined> {
    const item = await this.#get(keys.storm(target), `read the storm on ${target}`);
    return item ? stormOf(item) : undefined;
  }

  /**
   * The items of a time-ordered partition between `since` and `now` not yet `done`, oldest
   * first, at most {@link SWEEP_BATCH}. Pages on: a filter drops items after the read.
   */
  async #pending(pk: string, now: Date, since: Date, doing: string) {
    const found = await queryPages(
      this.#client,
      {
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        FilterExpression: 'attribute_not_exists(done)',
        ExpressionAttributeValues: {
          ':pk': pk,
          ':from': since.toISOString(),
          // `#` sorts after every character of an ISO time, `~` after `#`.
          ':to': `${now.toISOString()}~`,
        },
        ConsistentRead: true,
      },
      doing,
      SWEEP_BATCH,
    );
    return found.slice(0, SWEEP_BATCH);
  }
}
