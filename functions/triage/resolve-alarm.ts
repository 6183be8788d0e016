/**
 * An alarm went from ALARM back to OK: mark its newest triage resolved and say how long the
 * alarm lasted. No capture. The same OK event delivered again is handled once.
 */
import { transitionKey } from '../core/alarm/dedupe.js';
import type { Alarm } from '../core/alarm/types.js';
import type { Clock, Log, Notifier, TriageStore } from './ports.js';
import { notify } from './start-triage.js';

export interface ResolveAlarmDeps {
  store: TriageStore;
  notifier: Notifier;
  clock: Clock;
  logger: Log;
}

export type ResolveOutcome =
  | { kind: 'no-triage' }
  | { kind: 'already-resolved'; triageId: string }
  | { kind: 'duplicate'; triageId: string }
  | { kind: 'resolved'; triageId: string; durationMs: number };

export const resolveAlarm = async (
  alarm: Alarm,
  deps: ResolveAlarmDeps,
): Promise<ResolveOutcome> => {
  const { store, clock } = deps;
  const log = deps.logger;
  log.appendKeys({ alarmName: alarm.name });
  const record = await store.latestTriageOf(alarm.arn);
  if (!record) {
    log.info('alarm resolved with no triage to close');
    return { kind: 'no-triage' };
  }
  const { triageId } = record;
  log.appendKeys({ triageId });
  if (record.status === 'resolved') {
    log.info('newest triage already resolved', { resolvedAt: record.resolvedAt });
    return { kind: 'already-resolved', triageId };
  }
  if (!(await store.claimTransition(transitionKey(alarm), triageId, clock.now()))) {
    log.info('alarm transition already handled: duplicate delivery ignored');
    return { kind: 'duplicate', triageId };
  }

  const durationMs = Math.max(0, Date.parse(alarm.changedAt) - Date.parse(record.alarm.changedAt));
  await store.markResolved(triageId, alarm.changedAt);
  log.info('alarm resolved', { durationMs });
  await notify(log, 'alarmResolved', () =>
    deps.notifier.alarmResolved({
      alarm,
      triageId,
      durationMs: Number.isFinite(durationMs) ? durationMs : 0,
      ...(record.notification ? { handle: record.notification } : {}),
    }),
  );
  return { kind: 'resolved', triageId, durationMs };
};
