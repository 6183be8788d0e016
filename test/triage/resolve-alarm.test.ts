import { describe, expect, it } from 'vitest';
import { readCapture } from '../../functions/core/capture/read.js';
import { classify } from '../../functions/core/classify.js';
import type { CaptureResult, TriageRecord } from '../../functions/triage/model.js';
import { type ResolveAlarmDeps, resolveAlarm } from '../../functions/triage/resolve-alarm.js';
import { loadFixture } from '../helpers/fixtures.js';
import {
  cpuAlarm,
  FakeClock,
  INSTANCE,
  MemoryLog,
  MemoryStore,
  RecordingNotifier,
  retryableFailure,
} from './fakes.js';

const triaged = (): TriageRecord => ({
  triageId: 'tr-0123456789abcdef',
  transitionKey: 'arn#2026-11-22T09:10:40.989Z',
  alarm: cpuAlarm(),
  targets: [{ kind: 'instance', instanceId: INSTANCE }],
  instances: [{ instanceId: INSTANCE, commandId: 'c-1', status: 'capturing' }],
  startedAt: '2026-11-22T09:10:45.000Z',
  status: 'capturing',
  seconds: 10,
  deep: 'auto',
  notification: { channel: 'C0TEST', ts: '1700000000.000100' },
});

const STORM = loadFixture('captures/corpus/syscall-storm/demo-signal-storm.txt');

/** What finish-triage stored for command `c-1`. */
const result = (overrides: Partial<CaptureResult> = {}): CaptureResult => ({
  triageId: 'tr-0123456789abcdef',
  instanceId: INSTANCE,
  commandId: 'c-1',
  ssmStatus: 'Success',
  ssmStatusDetails: 'Success',
  finishedAt: '2026-11-22T09:11:00.000Z',
  outcome: 'diagnosed',
  document: STORM,
  ...overrides,
});

/** The verdict as finish-triage stores it: the triage without its facts. */
const storedVerdict = () => {
  const { facts: _facts, ...verdict } = classify(readCapture(STORM));
  return verdict;
};

/** The same alarm back to OK 25 minutes after it went into ALARM. */
const recovered = () =>
  cpuAlarm({ state: 'OK', previousState: 'ALARM', changedAt: '2026-11-22T09:35:40.989+0000' });

const build = async (record?: TriageRecord) => {
  const store = new MemoryStore();
  if (record) await store.beginTriage(record);
  const deps = {
    store,
    notifier: new RecordingNotifier(store.writes),
    clock: new FakeClock(),
    logger: new MemoryLog(),
  };
  return deps as typeof deps & ResolveAlarmDeps;
};

describe('resolveAlarm', () => {
  it('marks the newest triage resolved and says how long the alarm lasted, once', async () => {
    // Prepare
    const deps = await build(triaged());

    // Act
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await resolveAlarm(recovered(), deps));

    // Assess
    expect(outcomes[0]).toEqual({
      kind: 'resolved',
      triageId: 'tr-0123456789abcdef',
      durationMs: 25 * 60_000,
    });
    expect(outcomes.slice(1).map((o) => o.kind)).toEqual([
      'already-resolved',
      'already-resolved',
      'already-resolved',
      'already-resolved',
    ]);
    expect(deps.notifier.resolved).toEqual([
      {
        alarm: recovered(),
        triageId: 'tr-0123456789abcdef',
        durationMs: 25 * 60_000,
        handle: { channel: 'C0TEST', ts: '1700000000.000100' },
      },
    ]);
    expect(deps.store.triages.get('tr-0123456789abcdef')).toMatchObject({
      status: 'resolved',
      resolvedAt: '2026-11-22T09:35:40.989+0000',
    });
  });

  it('claims the OK transition so a redelivery racing the first is dropped', async () => {
    // Prepare: two deliveries read the record before either marks it resolved.
    const deps = await build(triaged());
    const [a, b] = await Promise.all([
      resolveAlarm(recovered(), deps),
      resolveAlarm(recovered(), deps),
    ]);

    // Assess
    expect([a.kind, b.kind].sort()).toEqual(['duplicate', 'resolved']);
    expect(deps.notifier.resolved).toHaveLength(1);
  });

  it('claims the transition and marks the triage resolved before it tells anyone', async () => {
    const deps = await build(triaged());

    await resolveAlarm(recovered(), deps);

    expect(deps.store.writes.filter((w) => w !== 'noteHistory').slice(-3)).toEqual([
      'updateTriage:status,resolvedAt',
      'notify:alarmResolved',
      'updateTriage:resolveNotifiedAt',
    ]);
  });

  it('tells a resolution a Slack 429 held back when Lambda retries, and only once', async () => {
    const deps = await build(triaged());
    deps.notifier.failures.push(retryableFailure());

    await expect(resolveAlarm(recovered(), deps)).rejects.toThrow('not delivered yet');
    const retried = await resolveAlarm(recovered(), deps);
    const again = await resolveAlarm(recovered(), deps);

    expect(retried.kind).toBe('resolved');
    expect(again.kind).toBe('already-resolved');
    expect(deps.notifier.resolved).toHaveLength(1);
  });

  it('says nothing when the alarm was never triaged', async () => {
    // Prepare
    const deps = await build();

    // Act
    const outcome = await resolveAlarm(recovered(), deps);

    // Assess
    expect(outcome.kind).toBe('no-triage');
    expect(deps.notifier.count).toBe(0);
  });

  it('passes the last stored diagnosis on, with the alarm it answered', async () => {
    // Prepare
    const deps = await build(triaged());
    await deps.store.saveResult(result());

    // Act
    await resolveAlarm(recovered(), deps);

    // Assess
    const [notice] = deps.notifier.resolved;
    expect(notice?.last).toMatchObject({
      alarm: cpuAlarm(),
      instanceId: INSTANCE,
      commandId: 'c-1',
      triage: { cause: 'syscall-storm' },
    });
    expect(notice?.last?.triage.facts).toBeDefined();
  });

  it('keeps the diagnosis as stored, and looks past a rerun still capturing', async () => {
    // Prepare
    const record = triaged();
    record.instances.push({ instanceId: INSTANCE, commandId: 'c-2', status: 'capturing' });
    const deps = await build(record);
    await deps.store.saveResult(result({ diagnosis: { ...storedVerdict(), headline: 'as said' } }));

    // Act
    await resolveAlarm(recovered(), deps);

    // Assess
    expect(deps.notifier.resolved[0]?.last).toMatchObject({
      commandId: 'c-1',
      triage: { headline: 'as said' },
    });
  });

  it('passes no diagnosis on when the capture failed', async () => {
    // Prepare
    const deps = await build(triaged());
    const { document: _document, ...failed } = result({
      outcome: 'failed',
      failure: { code: 'ssm_agent_offline', message: 'offline' },
    });
    await deps.store.saveResult(failed);

    // Act
    await resolveAlarm(recovered(), deps);

    // Assess
    expect(deps.notifier.resolved).toHaveLength(1);
    expect(deps.notifier.resolved[0]?.last).toBeUndefined();
  });

  it('still says the alarm resolved when the result cannot be read', async () => {
    // Prepare
    const deps = await build(triaged());
    deps.store.getResult = async () => {
      throw new Error('store down');
    };

    // Act
    const outcome = await resolveAlarm(recovered(), deps);

    // Assess
    expect(outcome.kind).toBe('resolved');
    expect(deps.notifier.resolved[0]?.last).toBeUndefined();
    expect(deps.logger.messages()).toContain(
      'last diagnosis not read: the card says only that the alarm resolved',
    );
  });
});
