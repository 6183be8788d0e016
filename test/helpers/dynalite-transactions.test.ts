import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { useTriageTable } from './dynalite.js';

const table = useTriageTable();
const get = async (pk: string) =>
  (await table.client.send(new GetCommand({ TableName: table.name, Key: { pk, sk: 'S' } }))).Item;
const put = (pk: string, extra: Record<string, unknown> = {}) =>
  table.client.send(new PutCommand({ TableName: table.name, Item: { pk, sk: 'S', ...extra } }));
const transact = (TransactItems: NonNullable<TransactWriteCommand['input']['TransactItems']>) =>
  table.client.send(new TransactWriteCommand({ TransactItems }));

describe('TransactWriteItems on dynalite', () => {
  it('cancels the whole transaction when one condition fails, with one reason per action', async () => {
    // Prepare
    await put('taken', { owner: 'first' });

    // Act
    const writing = transact([
      { Put: { TableName: table.name, Item: { pk: 'fresh', sk: 'S' } } },
      {
        Put: {
          TableName: table.name,
          Item: { pk: 'taken', sk: 'S', owner: 'second' },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ]);

    // Assess
    await expect(writing).rejects.toMatchObject({
      name: 'TransactionCanceledException',
      CancellationReasons: [
        { Code: 'None' },
        {
          Code: 'ConditionalCheckFailed',
          Item: { pk: { S: 'taken' }, sk: { S: 'S' }, owner: { S: 'first' } },
        },
      ],
    });
    expect(await get('fresh')).toBeUndefined();
    expect(await get('taken')).toMatchObject({ owner: 'first' });
  });

  it('applies puts, updates and deletes when every condition holds', async () => {
    // Prepare
    await put('counted', { n: 1 });
    await put('doomed');
    await put('guard', { open: true });

    // Act
    await transact([
      { Put: { TableName: table.name, Item: { pk: 'made', sk: 'S' } } },
      {
        Update: {
          TableName: table.name,
          Key: { pk: 'counted', sk: 'S' },
          UpdateExpression: 'SET n = n + :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
      { Delete: { TableName: table.name, Key: { pk: 'doomed', sk: 'S' } } },
      {
        ConditionCheck: {
          TableName: table.name,
          Key: { pk: 'guard', sk: 'S' },
          ConditionExpression: '#open = :yes',
          ExpressionAttributeNames: { '#open': 'open' },
          ExpressionAttributeValues: { ':yes': true },
        },
      },
    ]);

    // Assess
    expect(await get('made')).toEqual({ pk: 'made', sk: 'S' });
    expect(await get('counted')).toMatchObject({ n: 2 });
    expect(await get('doomed')).toBeUndefined();
    expect(await get('guard')).toEqual({ pk: 'guard', sk: 'S', open: true });
  });

  it('refuses two actions on one item, as DynamoDB does', async () => {
    // Act
    const writing = transact([
      { Put: { TableName: table.name, Item: { pk: 'twice', sk: 'S' } } },
      { Delete: { TableName: table.name, Key: { pk: 'twice', sk: 'S' } } },
    ]);

    // Assess
    await expect(writing).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/multiple operations on one item/),
    });
    expect(await get('twice')).toBeUndefined();
  });
});
