import '../../setup-aws.js';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoTriageStore, keys } from '../../../functions/adapters/aws/triage-store.js';
import type { CaptureResult, TriageRecord } from '../../../functions/triage/model.js';
import { cpuAlarm, INSTANCE } from '../../triage/fakes.js';
import { COMMAND_ID, REGION } from './responses.js';

const TABLE = 'AlertTriage-TriageTable-1A2B3C4D';
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: REGION }), {
  marshallOptions: { removeUndefinedValues: true },
});
const dynamo = mockClient(client);
const NOW = new Date('2026-11-22T09:12:30Z');
const THIRTY_DAYS_LATER = Math.floor(NOW.getTime() / 1000) + 30 * 86_400;
const store = () => new DynamoTriageStore({ tableName: TABLE, client });

/** DynamoDB's answer to a failed condition (botocore dynamodb `ConditionalCheckFailedException`). */
const conditionFailed = () =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: { httpStatusCode: 400 },
  });

const record = (): TriageRecord => ({
  triageId: 'tr-0123456789abcdef',
  transitionKey: 'k',
  alarm: cpuAlarm(),
  targets: [{ kind: 'instance', instanceId: INSTANCE }],
  instances: [{ instanceId: INSTANCE, commandId: COMMAND_ID, status: 'capturing' }],
  startedAt: NOW.toISOString(),
  status: 'capturing',
  seconds: 10,
  deep: 'auto',
});

describe('DynamoTriageStore', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('claims a transition with a conditional put, and refuses the second claim', async () => {
    // Prepare
    dynamo.on(PutCommand).resolvesOnce({}).rejectsOnce(conditionFailed());

    // Act
    const first = await store().claimTransition('arn#2026-11-22T09:10:40.989Z', 'tr-1', NOW);
    const second = await store().claimTransition('arn#2026-11-22T09:10:40.989Z', 'tr-1', NOW);

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 2);
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      TableName: TABLE,
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: 'TRANSITION#arn#2026-11-22T09:10:40.989Z',
        sk: 'TRANSITION',
        type: 'transition',
        triageId: 'tr-1',
        claimedAt: NOW.toISOString(),
        expiresAt: THIRTY_DAYS_LATER,
      },
    });
  });

  it('turns a throttled write into AdapterError throttled, anything else into store_failed', async () => {
    // Prepare
    dynamo
      .on(PutCommand)
      .rejectsOnce(
        new ProvisionedThroughputExceededException({
          message: 'Throughput exceeds the current capacity',
          $metadata: {},
        }),
      )
      .rejectsOnce(
        Object.assign(new Error('Requested resource not found'), {
          name: 'ResourceNotFoundException',
        }),
      );

    // Act / Assess
    await expect(store().claimTransition('k', 't', NOW)).rejects.toMatchObject({
      code: 'throttled',
    });
    await expect(store().claimTransition('k', 't', NOW)).rejects.toMatchObject({
      code: 'store_failed',
      message: expect.stringMatching(/ResourceNotFoundException/),
    });
  });

  it('saves a triage, its command pointers and deadlines in one transaction, never the newest-triage pointer', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const deadline = '2026-11-22T09:13:40.000Z';
    const withDeadline = record();
    withDeadline.instances = withDeadline.instances.map((r) => ({ ...r, deadline }));

    // Act
    await store().saveTriage(withDeadline, NOW);

    // Assess
    const writes = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    const items = writes.map((t) => t.Put?.Item);
    expect(items.map((i) => i && [i.pk, i.sk])).toEqual([
      ['TRIAGE#tr-0123456789abcdef', 'TRIAGE'],
      [expect.stringMatching(/^WEEK#2026-W\d\d$/), 'TRIAGE#tr-0123456789abcdef'],
      [`COMMAND#${COMMAND_ID}`, 'COMMAND'],
      undefined,
    ]);
    expect(items[0]).toMatchObject({ alarm: { name: 'ServerCpuTooHigh' }, status: 'capturing' });
    expect(items[0]?.expiresAt).toBe(THIRTY_DAYS_LATER);
    expect(items[2]).toMatchObject({
      triageId: 'tr-0123456789abcdef',
      expiresAt: THIRTY_DAYS_LATER,
    });
    // An update, so a deadline already retired keeps its `done`.
    expect(writes[3]?.Update).toMatchObject({
      Key: keys.deadline(deadline, COMMAND_ID, INSTANCE),
      UpdateExpression: 'SET #type = :type, triageId = :triageId, expiresAt = :exp',
    });
    expect(JSON.stringify(writes)).not.toContain('LATEST');
  });

  it('finds a triage by its command id, without the key attributes', async () => {
    // Prepare
    dynamo
      .on(GetCommand)
      .resolves({})
      .on(GetCommand, { Key: keys.command(COMMAND_ID) })
      .resolves({ Item: { ...keys.command(COMMAND_ID), triageId: 'tr-0123456789abcdef' } })
      .on(GetCommand, { Key: keys.triage('tr-0123456789abcdef') })
      .resolves({
        Item: { ...keys.triage('tr-0123456789abcdef'), type: 'triage', ...record(), expiresAt: 1 },
      });

    // Act
    const id = await store().triageIdForCommand(COMMAND_ID);
    const found = id ? await store().getTriage(id) : undefined;

    // Assess
    expect(found).toEqual(record());
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { ConsistentRead: true });
    await expect(store().triageIdForCommand('unknown')).resolves.toBeUndefined();
  });

  it('stores a capture gzipped, once, and gives it back whole', async () => {
    // Prepare
    const saved: Record<string, unknown>[] = [];
    dynamo.on(PutCommand).callsFake((input) => {
      if (saved.some((i) => i.pk === input.Item.pk && i.sk === input.Item.sk))
        throw conditionFailed();
      saved.push(input.Item);
      return {};
    });
    dynamo.on(GetCommand).callsFake(() => ({ Item: saved[0] }));
    const document = `# alert-triage capture v1\n${'==> uptime <==\n 09:12:03 up 12 days\n'.repeat(200)}`;
    const result: CaptureResult = {
      triageId: 'tr-0123456789abcdef',
      instanceId: INSTANCE,
      commandId: COMMAND_ID,
      ssmStatus: 'Success',
      ssmStatusDetails: 'Success',
      finishedAt: NOW.toISOString(),
      outcome: 'diagnosed',
      document,
      diagnosis: {
        cause: 'healthy',
        confidence: 0.8,
        headline: 'Nothing is wrong',
        diagnoses: [],
        ruledOut: [],
        missing: [],
      },
    };

    // Act
    const first = await store().saveResult(result, NOW);
    const again = await store().saveResult(result, NOW);
    const back = await store().getResult('tr-0123456789abcdef', INSTANCE, COMMAND_ID);

    // Assess
    expect([first, again]).toEqual([true, false]);
    expect(saved[0]).toMatchObject({
      pk: 'TRIAGE#tr-0123456789abcdef',
      sk: `RESULT#${INSTANCE}#${COMMAND_ID}`,
      captureEncoding: 'gzip',
      expiresAt: THIRTY_DAYS_LATER,
    });
    expect(saved[0]?.capture).toBeInstanceOf(Uint8Array);
    expect((saved[0]?.capture as Uint8Array | undefined)?.byteLength).toBeLessThan(
      document.length / 10,
    );
    expect(back).toEqual(result);
  });

  it('honours a mute until it ends, whatever TTL has not deleted yet', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({
      Item: {
        ...keys.mute(cpuAlarm().arn),
        type: 'mute',
        alarmArn: cpuAlarm().arn,
        until: '2026-11-22T10:00:00.000Z',
        by: 'U024BE7LH',
        expiresAt: 1,
      },
    });

    // Act
    const during = await store().mute(cpuAlarm().arn, NOW);
    const after = await store().mute(cpuAlarm().arn, new Date('2026-11-22T10:00:01Z'));

    // Assess
    expect(during).toEqual({
      alarmArn: cpuAlarm().arn,
      until: '2026-11-22T10:00:00.000Z',
      by: 'U024BE7LH',
    });
    expect(after).toBeUndefined();
  });

  it('changes only the fields given, and only on a record that exists', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});

    // Act
    await store().updateTriage('tr-0123456789abcdef', {
      status: 'resolved',
      resolvedAt: '2026-11-22T09:40:00.000Z',
    });

    // Assess
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      Key: keys.triage('tr-0123456789abcdef'),
      UpdateExpression: 'SET #f0 = :v0, #f1 = :v1',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#f0': 'status', '#f1': 'resolvedAt' },
      ExpressionAttributeValues: { ':v0': 'resolved', ':v1': '2026-11-22T09:40:00.000Z' },
    });
  });
});
