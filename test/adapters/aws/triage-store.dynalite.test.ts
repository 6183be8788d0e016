/**
 * The DynamoDB store against a real DynamoDB implementation (dynalite on 127.0.0.1): the
 * conditional writes, races and the transaction that the SDK-mock tests can only describe.
 */
import { gzipSync } from 'node:zlib';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoTriageStore, keys } from '../../../functions/adapters/aws/triage-store.js';
import type { CaptureResult, TriageRecord } from '../../../functions/triage/ports.js';
import { useTriageTable } from '../../helpers/dynalite.js';
import { cpuAlarm, INSTANCE } from '../../triage/fakes.js';
import { COMMAND_ID } from './responses.js';

const table = useTriageTable();
const store = () => new DynamoTriageStore({ tableName: table.name, client: table.client });
const NOW = new Date('2026-11-22T09:12:30Z');
/** The store's limit on a stored capture, gzipped (MAX_STORED_CAPTURE_BYTES). */
const STORED_CAPTURE_LIMIT = 300_000;

/** Each test works under keys of its own: the table lives as long as the file. */
let serial = 0;
const unique = (prefix: string) => `${prefix}-${++serial}`;

const rawItem = async (key: { pk: string; sk: string }) =>
  (await table.client.send(new GetCommand({ TableName: table.name, Key: key }))).Item;

const record = (triageId: string, overrides: Partial<TriageRecord> = {}): TriageRecord => ({
  triageId,
  transitionKey: `${triageId}-transition`,
  alarm: { ...cpuAlarm(), arn: `${cpuAlarm().arn}-${triageId}` },
  targets: [{ kind: 'instance', instanceId: INSTANCE }],
  instances: [
    { instanceId: INSTANCE, commandId: `${triageId}-c1`, status: 'capturing' },
    { instanceId: 'i-0fedcba9876543210', commandId: `${triageId}-c2`, status: 'capturing' },
  ],
  startedAt: NOW.toISOString(),
  status: 'capturing',
  seconds: 10,
  deep: 'auto',
  ...overrides,
});

const result = (triageId: string, document: string): CaptureResult => ({
  triageId,
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
});

/** Text that gzip cannot shrink much (a fixed pseudo-random sequence, so every run is alike). */
const incompressible = (chars: number): string => {
  let state = 0x2545f491;
  let text = '';
  while (text.length < chars) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    text += (state >>> 8).toString(36);
  }
  return text.slice(0, chars);
};
const gzippedSize = (text: string) => gzipSync(Buffer.from(text, 'utf8')).byteLength;

/** The longest prefix of `text` that gzips to at most `limit` bytes. */
const longestWithin = (text: string, limit: number): string => {
  let [low, high] = [0, text.length];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (gzippedSize(text.slice(0, mid)) <= limit) low = mid;
    else high = mid - 1;
  }
  return text.slice(0, low);
};

describe('DynamoTriageStore on dynalite', () => {
  it('lets exactly one of ten concurrent claims of a transition win, and keeps the winner', async () => {
    // Prepare
    const transitionKey = unique('arn:aws:cloudwatch:us-east-1:123456789012:alarm:Cpu#t');

    // Act
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store().claimTransition(transitionKey, `tr-${i}`, NOW)),
    );

    // Assess
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = claims.indexOf(true);
    expect(await rawItem(keys.transition(transitionKey))).toMatchObject({
      triageId: `tr-${winner}`,
    });
  });

  it('stores a result once: the second save is refused and the first document stays whole', async () => {
    // Prepare
    const triageId = unique('tr-result');
    const first = `# alert-triage capture v1\n${'==> uptime <==\n 09:12:03 up 12 days\n'.repeat(500)}`;

    // Act
    const saved = await store().saveResult(result(triageId, first), NOW);
    const again = await store().saveResult(result(triageId, '# a different capture\n'), NOW);
    const back = await store().getResult(triageId, INSTANCE, COMMAND_ID);

    // Assess
    expect([saved, again]).toEqual([true, false]);
    expect(back).toEqual(result(triageId, first));
    const item = await rawItem(keys.result(triageId, INSTANCE, COMMAND_ID));
    expect(item?.captureEncoding).toBe('gzip');
    expect(item?.capture).toBeInstanceOf(Uint8Array);
    expect((item?.capture as Uint8Array | undefined)?.byteLength).toBeLessThan(first.length / 10);
    await expect(store().hasResult(triageId, INSTANCE, COMMAND_ID)).resolves.toBe(true);
  });

  it('keeps a capture that gzips to the limit and drops one a byte over, saying how big it was', async () => {
    // Prepare
    const within = longestWithin(incompressible(500_000), STORED_CAPTURE_LIMIT);
    const over = incompressible(within.length + 8);
    expect(gzippedSize(over)).toBeGreaterThan(STORED_CAPTURE_LIMIT);
    const [kept, dropped] = [unique('tr-kept'), unique('tr-dropped')];

    // Act
    await store().saveResult(result(kept, within), NOW);
    await store().saveResult(result(dropped, over), NOW);

    // Assess: the kept one is a real item of about 300 KB, under DynamoDB's 400 KB.
    expect((await store().getResult(kept, INSTANCE, COMMAND_ID))?.document).toBe(within);
    const back = await store().getResult(dropped, INSTANCE, COMMAND_ID);
    expect(back?.document).toBeUndefined();
    expect(back?.diagnosis?.cause).toBe('healthy');
    expect(await rawItem(keys.result(dropped, INSTANCE, COMMAND_ID))).toMatchObject({
      captureDropped: `${gzippedSize(over)} bytes gzipped`,
    });
  });

  it('drops a 1 MB capture instead of failing the save', async () => {
    // Prepare
    const triageId = unique('tr-1mb');
    const document = incompressible(1024 * 1024);

    // Act
    const saved = await store().saveResult(result(triageId, document), NOW);

    // Assess
    expect(saved).toBe(true);
    const item = await rawItem(keys.result(triageId, INSTANCE, COMMAND_ID));
    expect(item?.captureDropped).toMatch(/^\d+ bytes gzipped$/);
    expect(item?.capture).toBeUndefined();
  });

  it('saves a triage, both command pointers and the alarm’s LATEST pointer together', async () => {
    // Prepare
    const saved = record(unique('tr-save'));

    // Act
    await store().saveTriage(saved, NOW);

    // Assess
    await expect(store().getTriage(saved.triageId)).resolves.toEqual(saved);
    await expect(store().triageIdForCommand(`${saved.triageId}-c1`)).resolves.toBe(saved.triageId);
    await expect(store().triageIdForCommand(`${saved.triageId}-c2`)).resolves.toBe(saved.triageId);
    await expect(store().latestTriageOf(saved.alarm.arn)).resolves.toEqual(saved);
  });

  it('writes none of a triage’s items when one of them is refused', async () => {
    // Prepare: the LATEST pointer, last in the transaction, has a partition key over 2048 bytes.
    const refused = record(unique('tr-refused'));
    refused.alarm.arn = `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${'x'.repeat(2100)}`;

    // Act
    const saving = store().saveTriage(refused, NOW);

    // Assess
    await expect(saving).rejects.toMatchObject({
      name: 'AdapterError',
      code: 'store_failed',
      message: expect.stringMatching(/ValidationException: .*hashkey .*2048 bytes/),
    });
    await expect(store().getTriage(refused.triageId)).resolves.toBeUndefined();
    await expect(store().triageIdForCommand(`${refused.triageId}-c1`)).resolves.toBeUndefined();
  });

  it('points LATEST at the newest triage saved for an alarm', async () => {
    // Prepare
    const older = record(unique('tr-older'));
    const newer = record(unique('tr-newer'), { alarm: older.alarm });

    // Act
    await store().saveTriage(older, NOW);
    await store().saveTriage(newer, NOW);

    // Assess
    expect((await store().latestTriageOf(older.alarm.arn))?.triageId).toBe(newer.triageId);
  });

  it('honours a mute up to the millisecond before it ends, and not from its end on', async () => {
    // Prepare
    const alarmArn = unique('arn:aws:cloudwatch:us-east-1:123456789012:alarm:Muted');
    const until = new Date(NOW.getTime() + 3_600_000);
    await store().putMute({ alarmArn, until: until.toISOString(), by: 'U024BE7LH' }, NOW);

    // Act
    const before = await store().mute(alarmArn, new Date(until.getTime() - 1));
    const atEnd = await store().mute(alarmArn, until);
    const after = await store().mute(alarmArn, new Date(until.getTime() + 1000));

    // Assess
    expect(before).toMatchObject({ alarmArn, until: until.toISOString(), by: 'U024BE7LH' });
    expect([atEnd, after]).toEqual([undefined, undefined]);
    await expect(store().mute(unique('arn:never-muted'), NOW)).resolves.toBeUndefined();
  });

  it('marks a stored triage resolved, and leaves a missing one missing', async () => {
    // Prepare
    const stored = record(unique('tr-resolve'));
    await store().saveTriage(stored, NOW);
    const missing = unique('tr-missing');

    // Act
    await store().markResolved(stored.triageId, '2026-11-22T09:40:00.000Z');
    await store().markResolved(missing, '2026-11-22T09:40:00.000Z');

    // Assess
    expect(await store().getTriage(stored.triageId)).toMatchObject({
      status: 'resolved',
      resolvedAt: '2026-11-22T09:40:00.000Z',
    });
    // Without its condition the update would have created a bare item under the key.
    expect(await rawItem(keys.triage(missing))).toBeUndefined();
  });

  it('turns a missing table into AdapterError store_failed, for reads, writes and transactions', async () => {
    // Prepare
    const lost = new DynamoTriageStore({ tableName: 'AlertTriage-Missing', client: table.client });
    const failure = {
      name: 'AdapterError',
      code: 'store_failed',
      message: expect.stringMatching(/ResourceNotFoundException/),
    };

    // Act / Assess
    await expect(lost.claimTransition('k', 'tr-1', NOW)).rejects.toMatchObject(failure);
    await expect(lost.getTriage('tr-1')).rejects.toMatchObject(failure);
    await expect(lost.saveTriage(record('tr-1'), NOW)).rejects.toMatchObject(failure);
    await expect(lost.markResolved('tr-1', NOW.toISOString())).rejects.toMatchObject(failure);
  });
});
