/**
 * History on the card: each triage is noted on its target as it goes, and a new diagnosis is
 * told with what the last 30 days held there.
 */
import { describe, expect, it } from 'vitest';
import { triageView } from '../../functions/adapters/slack/card-views.js';
import { historyLine, renderTriageMessage } from '../../functions/render/slack/messages.js';
import { finishTriage } from '../../functions/triage/finish-triage.js';
import { HISTORY_DAYS, summarize } from '../../functions/triage/history.js';
import type { TargetEvent } from '../../functions/triage/model.js';
import { resolveAlarm } from '../../functions/triage/resolve-alarm.js';
import { startTriage, triageIdOf } from '../../functions/triage/start-triage.js';
import { compressed } from '../adapters/aws/responses.js';
import { loadFixture } from '../helpers/fixtures.js';
import { cpuAlarm, INSTANCE, type MemoryStore, triageWorld } from './fakes.js';

const STORM = loadFixture('captures/corpus/syscall-storm/demo-signal-storm.txt');
const TARGET = `instance/${INSTANCE}`;

const event = (day: number, overrides: Partial<TargetEvent> = {}): TargetEvent => ({
  target: TARGET,
  triageId: `tr-${String(day).padStart(16, '0')}`,
  startedAt: new Date(Date.UTC(2026, 10, day, 9)).toISOString(),
  alarmName: 'ServerCpuTooHigh',
  ...overrides,
});

describe('summarize', () => {
  it('says nothing for a target seen only now', () => {
    expect(summarize(TARGET, [event(22)], event(22).triageId)).toBeUndefined();
  });

  it('counts the earlier triages by first cause, most frequent first, and keeps the last outcomes', () => {
    const events = [
      event(1, { cause: 'healthy' }),
      event(3, { cause: 'syscall-storm', resolvedAfterMs: 40 * 60_000 }),
      event(9, {
        cause: 'syscall-storm',
        resolvedAfterMs: 18 * 60_000,
        rerunVerdict: 'resolved',
        rerunAt: '2026-11-09T09:30:00.000Z',
        fix: 'DD_PROFILING_ENABLED=false',
      }),
      event(15, { cause: 'syscall-storm' }),
      event(22),
    ];

    const summary = summarize(TARGET, events, event(22).triageId);

    expect(summary).toEqual({
      target: INSTANCE,
      days: HISTORY_DAYS,
      seen: 4,
      causes: [
        { cause: 'syscall-storm', count: 3 },
        { cause: 'healthy', count: 1 },
      ],
      lastResolvedAfterMs: 18 * 60_000,
      lastRerun: {
        verdict: 'resolved',
        at: '2026-11-09T09:30:00.000Z',
        after: 'DD_PROFILING_ENABLED=false',
      },
    });
    expect(summary && historyLine(summary)).toBe(
      `Seen 4 times on ${INSTANCE} in 30 days: syscall-storm 3×, healthy 1× · last resolved after 18 min · last rerun showed resolved after DD_PROFILING_ENABLED=false (2026-11-09 09:30 UTC)`,
    );
  });

  it('says once for one earlier triage', () => {
    const summary = summarize(
      TARGET,
      [event(1, { cause: 'memory-creep' }), event(2)],
      event(2).triageId,
    );
    expect(summary && historyLine(summary)).toBe(
      `Seen once on ${INSTANCE} in 30 days: memory-creep 1×`,
    );
  });
});

describe('history through the use cases', () => {
  /** One alarm transition on the instance: started, diagnosed, resolved after `minutes`. */
  const incident = async (
    w: ReturnType<typeof triageWorld<MemoryStore>>,
    at: string,
    minutes?: number,
  ) => {
    w.clock.at = new Date(at);
    w.alarms.changedAt = at;
    const alarm = cpuAlarm({ changedAt: at });
    await startTriage(alarm, w.start);
    const record = w.store.triages.get(triageIdOf(alarm));
    const commandId = record?.instances[0]?.commandId as string;
    w.executor.invocations = [
      {
        found: true,
        invocation: {
          commandId,
          instanceId: INSTANCE,
          status: 'Success',
          end: 'success',
          statusDetails: 'Success',
          responseCode: 0,
          stdout: compressed(STORM),
          stderr: '',
        },
      },
    ];
    w.clock.at = new Date(Date.parse(at) + 60_000);
    await finishTriage(
      { commandId, instanceId: INSTANCE, status: 'Success', end: 'success' },
      w.finish,
    );
    if (minutes !== undefined) {
      const ok = new Date(Date.parse(at) + minutes * 60_000).toISOString();
      await resolveAlarm(cpuAlarm({ state: 'OK', previousState: 'ALARM', changedAt: ok }), w.start);
    }
  };

  it('tells the third diagnosis with the two before it, and the card shows the line', async () => {
    const w = triageWorld();
    w.start.settings.cooldownSeconds = 0;
    await incident(w, '2026-11-02T09:00:00.000Z', 25);
    await incident(w, '2026-11-10T09:00:00.000Z', 18);
    await incident(w, '2026-11-22T09:00:00.000Z');

    const notice = w.notifier.done.at(-1);
    expect(notice?.history).toMatchObject({
      seen: 2,
      causes: [{ cause: 'syscall-storm', count: 2 }],
      lastResolvedAfterMs: 18 * 60_000,
    });
    expect(w.notifier.done[0]?.history).toBeUndefined();
    const card = JSON.stringify(notice ? renderTriageMessage(triageView(notice)) : {});
    expect(card).toContain(
      `Seen 2 times on ${INSTANCE} in 30 days: syscall-storm 2× · last resolved after 18 min`,
    );
  });

  it('leaves out triages older than 30 days', async () => {
    const w = triageWorld();
    w.start.settings.cooldownSeconds = 0;
    await incident(w, '2026-10-01T09:00:00.000Z', 10);
    await incident(w, '2026-11-22T09:00:00.000Z');

    expect(w.notifier.done.at(-1)?.history).toBeUndefined();
  });

  it('still tells the diagnosis when the history cannot be read', async () => {
    const w = triageWorld();
    w.store.historyOf = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    await incident(w, '2026-11-22T09:00:00.000Z');

    expect(w.notifier.done).toHaveLength(1);
    expect((w.finish.logger as { messages(): string[] }).messages()).toContain('history not read');
  });
});
