/**
 * Someone pressed "Rerun capture" (or "Deep capture") under a triage: capture the same
 * instance(s) again, so the result can be compared with the capture before it.
 *
 * load the triage → rate limit (one rerun per triage per {@link RERUN_INTERVAL_MS}) →
 * SendCommand per instance → record the new command ids as a rerun of the triage. The result
 * arrives later as an SSM event like any capture: `finish-triage.ts` sees the command in
 * {@link TriageRecord.reruns}, compares it with the instance's previous capture and the
 * notifier replies in the thread.
 *
 * Why this runs inside Slack's 3-second window: the Slack function answers Slack only after
 * the listener finishes (in Lambda nothing runs after the answer), so everything here must be
 * fast. It is: one consistent read, one
 * conditional put, one SendCommand per instance (~100–300 ms each, sent in parallel) and one
 * transactional write. Nothing here waits for the capture itself: no Lambda ever waits on SSM,
 * the capture-done function is invoked by SSM's own status event when the script ends.
 */
import type { DeepMode } from '../capture-script/options.js';
import { type FailureReason, rerunNotSent } from './failures.js';
import type { InstanceRun, Rerun, TriageRecord } from './model.js';
import type { Clock, Executor, Log, TriageStore } from './ports.js';
import { deadlineOf } from './start-triage.js';

/** At most one rerun (plain or deep) per triage in this interval. */
export const RERUN_INTERVAL_MS = 2 * 60_000;
/** A deep capture samples at least this long. */
export const DEEP_RERUN_SECONDS = 30;
/**
 * …and then watches the target this long with `strace -c`, then as long with `perf record`
 * (`--deep always --strace-seconds 10`: about 22 s after the window).
 */
export const DEEP_RERUN_STRACE_SECONDS = 10;

export interface RerunRequest {
  triageId: string;
  /** A deep capture: `--deep always`, a longer window and a longer strace (and perf). */
  deep: boolean;
  by?: string;
}

export interface RerunCaptureDeps {
  store: TriageStore;
  executor: Executor;
  clock: Clock;
  logger: Log;
}

export type RerunOutcome =
  | { kind: 'expired'; triageId: string }
  /** The alarm went back to OK: the triage is closed, its old card's buttons do nothing. */
  | { kind: 'resolved'; triageId: string }
  | { kind: 'rate-limited'; triageId: string; retryAfterSeconds: number }
  | { kind: 'no-instances'; triageId: string }
  | { kind: 'started'; triageId: string; record: TriageRecord; runs: InstanceRun[] }
  | { kind: 'failed'; triageId: string; reasons: FailureReason[] };

/**
 * The rate-limit claim's key: one per triage per interval. Written with `attribute_not_exists`
 * (the store's `claimTransition`), so two clicks racing in two Lambdas cannot both win.
 */
export const rerunClaimKey = (triageId: string, now: Date): string =>
  `rerun#${triageId}#${Math.floor(now.getTime() / RERUN_INTERVAL_MS)}`;

/** Whether a command was sent by a rerun of this triage, and which rerun. */
export const rerunOf = (record: TriageRecord, commandId: string): Rerun | undefined =>
  record.reruns?.find((r) => r.commandIds.includes(commandId));

/**
 * The capture on the same instance just before this command: the nearest earlier run in the
 * record (runs are appended in the order they were sent).
 */
export const previousRunOf = (
  record: TriageRecord,
  instanceId: string,
  commandId: string,
): InstanceRun | undefined => {
  const index = record.instances.findIndex(
    (r) => r.instanceId === instanceId && r.commandId === commandId,
  );
  return record.instances
    .slice(0, Math.max(index, 0))
    .filter((r) => r.instanceId === instanceId && r.commandId !== undefined)
    .at(-1);
};

/** Runs a capture again on a triage's instances. Throws only when the store is unavailable. */
export const rerunCapture = async (
  request: RerunRequest,
  deps: RerunCaptureDeps,
): Promise<RerunOutcome> => {
  const { store, executor, clock } = deps;
  const log = deps.logger;
  const { triageId } = request;
  const now = clock.now();
  log.appendKeys({ triageId });

  const record: TriageRecord | undefined = await store.getTriage(triageId);
  if (!record) {
    log.info('rerun asked for an unknown or expired triage');
    return { kind: 'expired', triageId };
  }
  log.appendKeys({ alarmName: record.alarm.name });
  if (record.status === 'resolved') {
    log.info('rerun refused: the alarm has resolved');
    return { kind: 'resolved', triageId };
  }

  // A sliding window from the last rerun, then the atomic claim of this interval.
  const last = record.reruns?.at(-1);
  const since = last ? now.getTime() - Date.parse(last.at) : Number.POSITIVE_INFINITY;
  if (since < RERUN_INTERVAL_MS) {
    return {
      kind: 'rate-limited',
      triageId,
      retryAfterSeconds: Math.ceil((RERUN_INTERVAL_MS - since) / 1000),
    };
  }
  if (!(await store.claimTransition(rerunClaimKey(triageId, now), triageId, now))) {
    const intoInterval = now.getTime() % RERUN_INTERVAL_MS;
    log.info('rerun refused: another rerun claimed this interval');
    return {
      kind: 'rate-limited',
      triageId,
      retryAfterSeconds: Math.max(1, Math.ceil((RERUN_INTERVAL_MS - intoInterval) / 1000)),
    };
  }

  // The healthy peer was a comparison for the alarm, not one of its instances.
  const instanceIds = [
    ...new Set(record.instances.filter((r) => !r.peer).map((r) => r.instanceId)),
  ];
  if (instanceIds.length === 0) return { kind: 'no-instances', triageId };

  const deep: DeepMode = request.deep ? 'always' : record.deep;
  const seconds = request.deep ? Math.max(record.seconds, DEEP_RERUN_SECONDS) : record.seconds;
  const types = new Map(record.instances.map((r) => [r.instanceId, r.instanceType]));
  const runs = await Promise.all(
    instanceIds.map(async (instanceId): Promise<InstanceRun> => {
      const instanceType = types.get(instanceId);
      const base = { instanceId, ...(instanceType ? { instanceType } : {}) };
      try {
        const sentAt = clock.now();
        const sent = await executor.sendCapture({
          triageId,
          instanceId,
          seconds,
          deep,
          ...(request.deep ? { straceSeconds: DEEP_RERUN_STRACE_SECONDS } : {}),
          comment: `alert-triage ${triageId} ${request.deep ? 'deep ' : ''}rerun ${record.alarm.name}`,
        });
        return {
          ...base,
          status: 'capturing',
          commandId: sent.commandId,
          executionTimeoutSeconds: sent.executionTimeoutSeconds,
          deliveryTimeoutSeconds: sent.deliveryTimeoutSeconds,
          deadline: deadlineOf(sentAt, sent),
        };
      } catch (error) {
        log.warn('rerun capture not sent', {
          instanceId,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        return { ...base, status: 'failed', failure: rerunNotSent(error, instanceId) };
      }
    }),
  );

  const sent = runs.filter((r) => r.commandId !== undefined);
  if (sent.length === 0) {
    return { kind: 'failed', triageId, reasons: runs.flatMap((r) => r.failure ?? []) };
  }
  const rerun: Rerun = {
    at: now.toISOString(),
    ...(request.by ? { by: request.by } : {}),
    deep,
    seconds,
    commandIds: sent.map((r) => r.commandId as string),
  };
  const updated: TriageRecord = {
    ...record,
    // Only sent runs: a failed send has no command for finish-triage to find.
    instances: [...record.instances, ...sent],
    reruns: [...(record.reruns ?? []), rerun],
  };
  await store.saveTriage(updated, now);
  log.info('rerun capture sent', { commandIds: rerun.commandIds, deep });
  return { kind: 'started', triageId, record: updated, runs };
};
