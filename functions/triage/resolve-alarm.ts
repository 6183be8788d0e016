/**
 * An alarm went from ALARM back to OK: mark its newest triage resolved and say how long the
 * alarm lasted, with the triage's last diagnosis so the card keeps what it said. No capture.
 * The same OK event delivered again is handled once; a retried invocation whose card was not
 * updated yet updates it (an update in place, so telling it twice does no harm).
 */
import { transitionKey } from '../core/alarm/dedupe.js';
import type { Alarm } from '../core/alarm/types.js';
import { storedTriage } from './finish-triage.js';
import { noteHistory } from './history.js';
import type { TriageRecord } from './model.js';
import { tell } from './notify.js';
import type { Clock, LastDiagnosis, Log, Notifier, TriageStore } from './ports.js';

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

/** Results read, newest capture first, looking for the last diagnosis (a rerun may be pending). */
const MAX_RESULT_READS = 3;

/**
 * The newest stored diagnosis of a one-instance triage (a fleet's card holds no single one).
 * The stored verdict is kept as it was; reading the stored document again gives back the facts
 * the card shows. Best effort: a store failure only costs the card its diagnosis.
 */
const lastDiagnosis = async (
  record: TriageRecord,
  store: TriageStore,
  log: Log,
): Promise<LastDiagnosis | undefined> => {
  if (new Set(record.instances.map((r) => r.instanceId)).size !== 1) return undefined;
  const runs = record.instances.filter((r) => r.commandId !== undefined).reverse();
  try {
    for (const { instanceId, commandId } of runs.slice(0, MAX_RESULT_READS)) {
      const result = await store.getResult(record.triageId, instanceId, commandId as string);
      const triage = result ? storedTriage(result) : undefined;
      if (!result || !triage) continue;
      return { alarm: record.alarm, instanceId, triage, commandId: result.commandId };
    }
  } catch (error) {
    log.warn('last diagnosis not read: the card says only that the alarm resolved', {
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
  return undefined;
};

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
  if (record.status === 'resolved' && record.resolveNotifiedAt) {
    log.info('newest triage already resolved', { resolvedAt: record.resolvedAt });
    return { kind: 'already-resolved', triageId };
  }
  const claimed = await store.claimTransition(transitionKey(alarm), triageId, clock.now());
  if (!claimed && record.status !== 'resolved') {
    // Claimed by an invocation still running (it marks the triage resolved next).
    log.info('alarm transition already handled: duplicate delivery ignored');
    return { kind: 'duplicate', triageId };
  }

  const durationMs = Math.max(0, Date.parse(alarm.changedAt) - Date.parse(record.alarm.changedAt));
  await store.updateTriage(triageId, { status: 'resolved', resolvedAt: alarm.changedAt });
  log.info('alarm resolved', { durationMs });
  await noteHistory(deps, record, { resolvedAfterMs: durationMs }, clock.now());
  const last = await lastDiagnosis(record, store, log);
  await tell(
    log,
    'alarmResolved',
    async () => undefined,
    () =>
      deps.notifier.alarmResolved({
        alarm,
        triageId,
        durationMs: Number.isFinite(durationMs) ? durationMs : 0,
        ...(last ? { last } : {}),
        ...(record.notification ? { handle: record.notification } : {}),
      }),
  );
  await store.updateTriage(triageId, { resolveNotifiedAt: clock.now().toISOString() });
  return { kind: 'resolved', triageId, durationMs };
};
