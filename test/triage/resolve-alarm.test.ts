import { describe, expect, it } from 'vitest';
import type { TriageRecord } from '../../functions/triage/ports.js';
import { type ResolveAlarmDeps, resolveAlarm } from '../../functions/triage/resolve-alarm.js';
import {
  cpuAlarm,
  FakeClock,
  INSTANCE,
  MemoryLog,
  MemoryStore,
  RecordingNotifier,
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

/** The same alarm back to OK 25 minutes after it went into ALARM. */
const recovered = () =>
  cpuAlarm({ state: 'OK', previousState: 'ALARM', changedAt: '2026-11-22T09:35:40.989+0000' });

const build = async (record?: TriageRecord) => {
  const store = new MemoryStore();
  if (record) await store.saveTriage(record);
  const deps = {
    store,
    notifier: new RecordingNotifier(),
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

  it('says nothing when the alarm was never triaged', async () => {
    // Prepare
    const deps = await build();

    // Act
    const outcome = await resolveAlarm(recovered(), deps);

    // Assess
    expect(outcome.kind).toBe('no-triage');
    expect(deps.notifier.count).toBe(0);
  });
});
