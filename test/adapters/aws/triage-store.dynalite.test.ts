/**
 * The DynamoDB store against a real DynamoDB implementation (dynalite on 127.0.0.1): the
 * conditional writes, races and the transaction that the SDK-mock tests can only describe.
 */
import { gzipSync } from 'node:zlib';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoTriageStore, keys } from '../../../functions/adapters/aws/triage-store.js';
import type { CaptureResult, TriageRecord } from '../../../functions/triage/model.js';
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

  it('saves a triage, both command pointers and their deadlines together, never the LATEST pointer', async () => {
    // Prepare
    const saved = record(unique('tr-save'));
    saved.instances = saved.instances.map((r) => ({ ...r, deadline: '2026-11-22T09:15:00.000Z' }));

    // Act
    await store().saveTriage(saved, NOW);

    // Assess
    await expect(store().getTriage(saved.triageId)).resolves.toEqual(saved);
    await expect(store().triageIdForCommand(`${saved.triageId}-c1`)).resolves.toBe(saved.triageId);
    await expect(store().triageIdForCommand(`${saved.triageId}-c2`)).resolves.toBe(saved.triageId);
    const due = await store().overdueCaptures(new Date('2026-11-22T09:15:00.000Z'), NOW);
    expect(due.filter((d) => d.triageId === saved.triageId).map((d) => d.commandId)).toEqual([
      `${saved.triageId}-c1`,
      `${saved.triageId}-c2`,
    ]);
    await expect(store().latestTriageOf(saved.alarm.arn)).resolves.toBeUndefined();
  });

  it('writes none of a triage’s items when one of them is refused', async () => {
    // Prepare: the second command pointer has a partition key over 2048 bytes.
    const refused = record(unique('tr-refused'));
    refused.instances = [
      ...refused.instances.slice(0, 1),
      { instanceId: INSTANCE, commandId: 'x'.repeat(2100), status: 'capturing' },
    ];

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

  it('lets exactly one of ten concurrent deliveries begin a triage, and gives the others its record', async () => {
    // Prepare
    const fresh = record(unique('tr-begin'), { status: 'starting', instances: [] });

    // Act
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => store().beginTriage(structuredClone(fresh), NOW)),
    );

    // Assess
    expect(outcomes.filter((o) => o.kind === 'created')).toHaveLength(1);
    const others = outcomes.filter((o) => o.kind === 'exists');
    expect(others).toHaveLength(9);
    for (const o of others) expect(o).toMatchObject({ record: { status: 'starting' } });
    expect((await store().latestTriageOf(fresh.alarm.arn))?.triageId).toBe(fresh.triageId);
  });

  it('keeps the LATEST pointer on the newer transition when an older one begins late', async () => {
    // Prepare
    const newer = record(unique('tr-newer'), { status: 'starting' });
    newer.alarm.changedAt = '2026-11-22T09:40:00.000+0000';
    const older = record(unique('tr-older'), { status: 'starting', alarm: { ...newer.alarm } });
    older.alarm.changedAt = '2026-11-22T09:10:40.989+0000';
    const later = record(unique('tr-later'), { status: 'starting', alarm: { ...newer.alarm } });
    later.alarm.changedAt = '2026-11-22T10:05:00.000+0000';

    // Act
    await store().beginTriage(newer, NOW);
    const late = await store().beginTriage(older, NOW);

    // Assess: the late one is refused whole (no claim, no record), the newest stays.
    expect(late).toEqual({ kind: 'superseded' });
    expect(await rawItem(keys.transition(older.transitionKey))).toBeUndefined();
    await expect(store().getTriage(older.triageId)).resolves.toBeUndefined();
    expect((await store().latestTriageOf(newer.alarm.arn))?.triageId).toBe(newer.triageId);
    await expect(store().beginTriage(later, NOW)).resolves.toEqual({ kind: 'created' });
    expect((await store().latestTriageOf(newer.alarm.arn))?.triageId).toBe(later.triageId);
  });

  it('gives an instance’s cooldown to one triage at a time, until it ends', async () => {
    // Prepare
    const instanceId = `i-0${String(++serial).padStart(16, '0')}`;

    // Act
    const race = await Promise.all(
      ['tr-a', 'tr-b', 'tr-c'].map((id) => store().claimCooldown(instanceId, id, NOW, 600)),
    );
    const winner = race.findIndex((c) => c.claimed);
    const winnerId = ['tr-a', 'tr-b', 'tr-c'][winner] as string;
    const again = await store().claimCooldown(instanceId, winnerId, NOW, 600);
    const justBefore = await store().claimCooldown(
      instanceId,
      'tr-d',
      new Date(NOW.getTime() + 599_999),
      600,
    );
    const atEnd = await store().claimCooldown(
      instanceId,
      'tr-e',
      new Date(NOW.getTime() + 600_000),
      600,
    );

    // Assess
    expect(race.filter((c) => c.claimed)).toHaveLength(1);
    expect(race.find((c) => !c.claimed)).toEqual({
      claimed: false,
      triageId: winnerId,
      at: NOW.toISOString(),
    });
    expect(again).toEqual({ claimed: true });
    expect(justBefore).toMatchObject({ claimed: false, triageId: winnerId });
    expect(atEnd).toEqual({ claimed: true });
  });

  it('releases a cooldown only for the triage that holds it', async () => {
    // Prepare
    const instanceId = `i-0${String(++serial).padStart(16, '0')}`;
    await store().claimCooldown(instanceId, 'tr-holder', NOW, 600);

    // Act
    await store().releaseCooldown(instanceId, 'tr-other', NOW);
    const stillHeld = await store().claimCooldown(instanceId, 'tr-next', NOW, 600);
    await store().releaseCooldown(instanceId, 'tr-holder', NOW);
    const free = await store().claimCooldown(instanceId, 'tr-next', NOW, 600);

    // Assess
    expect(stillHeld).toMatchObject({ claimed: false, triageId: 'tr-holder' });
    expect(free).toEqual({ claimed: true });
  });

  it('retires a command’s deadline when its result is marked told, and a re-save keeps it retired', async () => {
    // Prepare
    const saved = record(unique('tr-deadline'));
    const deadline = '2026-11-22T09:16:00.000Z';
    saved.instances = saved.instances.map((r) => ({ ...r, deadline }));
    await store().saveTriage(saved, NOW);
    const told: CaptureResult = {
      ...result(saved.triageId, '# capture\n'),
      commandId: `${saved.triageId}-c1`,
      deadline,
    };
    await store().saveResult(told, NOW);
    const due = () =>
      store()
        .overdueCaptures(new Date(deadline), NOW)
        .then((list) => list.filter((d) => d.triageId === saved.triageId).map((d) => d.commandId));

    // Act / Assess
    expect(await due()).toEqual([`${saved.triageId}-c1`, `${saved.triageId}-c2`]);
    await store().markNotified(told, NOW);
    expect(await due()).toEqual([`${saved.triageId}-c2`]);
    await store().saveTriage(saved, NOW);
    expect(await due()).toEqual([`${saved.triageId}-c2`]);
    expect((await store().getResult(saved.triageId, INSTANCE, told.commandId))?.notifiedAt).toBe(
      NOW.toISOString(),
    );
    // A deadline still ahead, or further back than asked, is not offered.
    expect(
      (await store().overdueCaptures(new Date('2026-11-22T09:15:59.999Z'), NOW)).filter(
        (d) => d.triageId === saved.triageId,
      ),
    ).toEqual([]);
  });

  it('keeps a parked event until it is taken', async () => {
    // Prepare
    const event = {
      commandId: unique('c-parked'),
      instanceId: INSTANCE,
      status: 'Success',
      end: 'success' as const,
      parkedAt: '2026-11-22T09:12:31.000Z',
    };

    // Act
    await store().parkEvent(event, NOW);
    const parked = await store().parkedEvents(new Date('2026-11-22T09:13:00Z'), NOW);
    await store().unpark(event);
    const after = await store().parkedEvents(new Date('2026-11-22T09:13:00Z'), NOW);

    // Assess
    expect(parked.filter((e) => e.commandId === event.commandId)).toEqual([event]);
    expect(after.filter((e) => e.commandId === event.commandId)).toEqual([]);
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

  it('keeps a target’s history by query: the first cause stays, later fields change, older days are left out', async () => {
    // Prepare
    const target = unique('asg/web');
    const old = { triageId: 'tr-old', startedAt: '2026-10-01T09:00:00.000Z' };
    const recent = { triageId: 'tr-recent', startedAt: '2026-11-20T09:00:00.000Z' };

    // Act
    await store().noteHistory([target], old, { alarmName: 'Cpu', cause: 'healthy' }, NOW);
    await store().noteHistory([target], recent, { alarmName: 'Cpu' }, NOW);
    await store().noteHistory([target], recent, { cause: 'syscall-storm' }, NOW, {
      firstOnly: true,
    });
    await store().noteHistory([target], recent, { cause: 'healthy' }, NOW, { firstOnly: true });
    await store().noteHistory([target], recent, { resolvedAfterMs: 60_000 }, NOW);
    const history = await store().historyOf(target, new Date('2026-10-23T09:12:30Z'));

    // Assess
    expect(history).toEqual([
      {
        target,
        ...recent,
        alarmName: 'Cpu',
        cause: 'syscall-storm',
        resolvedAfterMs: 60_000,
      },
    ]);
    const item = await rawItem(keys.history(target, recent.startedAt, recent.triageId));
    expect(item?.expiresAt).toBe(Math.floor(NOW.getTime() / 1000) + 90 * 86_400);
  });

  it('opens one storm for ten alarms racing on a target, and a new one once its window has passed', async () => {
    // Prepare
    const target = unique('asg/storm');
    const ids = Array.from({ length: 10 }, (_, i) => `tr-storm-${i}`);

    // Act
    const joined = await Promise.all(ids.map((id) => store().joinStorm(target, id, NOW, 600_000)));
    const again = await store().joinStorm(target, ids[3] as string, NOW, 600_000);
    await store().setStormCard(target, 'tr-not-the-leader', { channel: 'C1', ts: '1.1' });
    const leader = joined[0]?.leader as string;
    await store().setStormCard(target, leader, { channel: 'C1', ts: '2.2' });
    const stored = await store().stormOf(target);
    const later = await store().joinStorm(
      target,
      'tr-later',
      new Date(NOW.getTime() + 600_000),
      600_000,
    );

    // Assess
    expect(new Set(joined.map((s) => s.leader)).size).toBe(1);
    expect(ids).toContain(leader);
    expect(stored?.members.sort()).toEqual([...ids].sort());
    expect(stored?.card).toEqual({ channel: 'C1', ts: '2.2' });
    expect(again.members.filter((m) => m === ids[3])).toHaveLength(1);
    expect(later).toEqual({
      leader: 'tr-later',
      members: ['tr-later'],
      until: new Date(NOW.getTime() + 1_200_000).toISOString(),
    });
  });

  it('updates a stored triage’s fields, and leaves a missing one missing', async () => {
    // Prepare
    const stored = record(unique('tr-resolve'));
    await store().saveTriage(stored, NOW);
    const missing = unique('tr-missing');

    // Act
    await store().updateTriage(stored.triageId, {
      status: 'resolved',
      resolvedAt: '2026-11-22T09:40:00.000Z',
    });
    await store().updateTriage(missing, { status: 'resolved' });

    // Assess
    expect(await store().getTriage(stored.triageId)).toMatchObject({
      status: 'resolved',
      resolvedAt: '2026-11-22T09:40:00.000Z',
      instances: stored.instances,
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
    await expect(lost.updateTriage('tr-1', { status: 'resolved' })).rejects.toMatchObject(failure);
    await expect(lost.overdueCaptures(NOW, NOW)).rejects.toMatchObject(failure);
  });
});
