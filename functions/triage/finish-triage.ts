/**
 * A capture finished (or could not run): SSM's status event names the command, the instance
 * and the status, never the output. The sweep calls this too, for a capture whose event never
 * came (`overdue`) and for an event that came before its command was stored (`parked`).
 *
 * triage (by command id; briefly waited for, then parked) → a result already stored? (a retry:
 * tell it if it was never told) → GetCommandInvocation (retrying `InvocationDoesNotExist`, which
 * SSM's eventual consistency produces) → by its end: Success → decode → AWS context blocks →
 * read → classify; Failed → classify what it printed, if anything; every other end → the
 * failure named → the result claimed (a conditional write) → told → marked told.
 */
import { readCapture } from '../core/capture/read.js';
import { classify, type Triage } from '../core/classify.js';
import { type Comparison, compare } from '../core/compare.js';
import { diagnose } from '../core/diagnose.js';
import { comparePeer, type PeerComparison } from '../core/peer/compare-peer.js';
import {
  captureEnded,
  captureOverdue,
  capturePartial,
  captureUnreadable,
  type FailureReason,
  invocationMissing,
  type SentRun,
  withGlance,
} from './failures.js';
import { historyOf, noteHistory } from './history.js';
import type { CaptureResult, CaptureStatus, TriageRecord } from './model.js';
import { tell } from './notify.js';
import type {
  AwsContext,
  Clock,
  Executor,
  FleetStanding,
  Invocation,
  InvocationLookup,
  Log,
  Notifier,
  TriageStore,
} from './ports.js';
import { previousRunOf, rerunOf } from './rerun-capture.js';

export interface FinishTriageDeps {
  store: TriageStore;
  executor: Executor;
  awsContext: AwsContext;
  notifier: Notifier;
  clock: Clock;
  logger: Log;
  optIn: { key: string; value: string };
  /** GetCommandInvocation tries (first included) and the first pause, doubled each time. */
  retry?: { attempts: number; baseDelayMs: number };
}

/** Four tries over under two seconds: 250 + 500 + 1000 ms of pauses. */
export const INVOCATION_RETRY = { attempts: 4, baseDelayMs: 250 } as const;
/**
 * How long an event waits for its command to be stored (the alarm function stores each id as
 * soon as SendCommand returns, so this is a race of milliseconds): 500 + 1000 ms of pauses.
 */
export const COMMAND_WAIT = { attempts: 3, baseDelayMs: 500 } as const;

export interface FinishOptions {
  /** The sweep: the deadline has passed, so a capture still running is given up on. */
  overdue?: boolean;
  /** The sweep, again with a parked event: an unknown command is not parked twice. */
  parked?: boolean;
}

export type FinishOutcome =
  | { kind: 'in-progress' }
  | { kind: 'parked' }
  | { kind: 'unknown' }
  | { kind: 'duplicate'; triageId: string }
  | { kind: 'done'; triageId: string; result: CaptureResult }
  | { kind: 'failed'; triageId: string; result: CaptureResult };

/** Reads the invocation, waiting out SSM's eventual consistency a few short times. */
const readInvocation = async (
  status: CaptureStatus,
  attempts: number,
  deps: FinishTriageDeps,
): Promise<{ lookup: InvocationLookup; tries: number }> => {
  const { baseDelayMs } = deps.retry ?? INVOCATION_RETRY;
  let lookup: InvocationLookup = { found: false };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    lookup = await deps.executor.getInvocation(status.commandId, status.instanceId);
    if (lookup.found && lookup.invocation.end !== 'running') return { lookup, tries: attempt };
    if (attempt < attempts) {
      deps.logger.debug('invocation not readable yet', {
        attempt,
        found: lookup.found,
        ...(lookup.found ? { status: lookup.invocation.status } : {}),
      });
      await deps.clock.sleep(baseDelayMs * 2 ** (attempt - 1));
    }
  }
  return { lookup, tries: attempts };
};

/** The triage that sent this command, waiting a moment for a record being written. */
const triageOfCommand = async (
  commandId: string,
  wait: boolean,
  deps: FinishTriageDeps,
): Promise<string | undefined> => {
  const attempts = wait ? COMMAND_WAIT.attempts : 1;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const triageId = await deps.store.triageIdForCommand(commandId);
    if (triageId) return triageId;
    if (attempt < attempts) await deps.clock.sleep(COMMAND_WAIT.baseDelayMs * 2 ** (attempt - 1));
  }
  return undefined;
};

type Reading =
  | { kind: 'diagnosed'; document: string; triage: Triage; partial?: FailureReason }
  | { kind: 'failed'; failure: FailureReason; document?: string };

/**
 * What an ended invocation gives: a diagnosis of its output (Success, or Failed with part of a
 * capture), or the reason there is none. Only Success and Failed carry output
 * (GetCommandInvocation: "If ExecutionStatus is neither Succeeded nor Failed, then this string
 * is empty").
 */
const readResult = async (
  invocation: Invocation,
  run: SentRun,
  now: Date,
  deps: FinishTriageDeps,
  alarmAt?: string,
): Promise<Reading> => {
  const { instanceId } = run;
  const { end } = invocation;
  if ((end !== 'success' && end !== 'failed') || invocation.stdout.trim() === '') {
    return { kind: 'failed', failure: captureEnded(end, invocation, run, deps.optIn) };
  }
  const alarm = alarmAt && Number.isFinite(Date.parse(alarmAt)) ? new Date(alarmAt) : undefined;
  const context = await deps.awsContext.describe(instanceId, now, alarm);
  const read = diagnose(invocation.stdout, {
    now: now.toISOString(),
    ...(alarm ? { alarmAt: alarm.toISOString() } : {}),
    context: context.text,
  });
  if (!read.ok) {
    // Keep what it printed: the only trace of what went wrong.
    return {
      kind: 'failed',
      failure: captureUnreadable(instanceId, read.error),
      document: invocation.stdout,
    };
  }
  if (end === 'failed' && read.hostBlocks === 0) {
    return { kind: 'failed', failure: captureEnded('failed', invocation, run, deps.optIn) };
  }
  const { document, triage } = read;
  deps.logger.info('capture classified', {
    cause: triage.cause,
    confidence: triage.confidence,
    compressed: read.compressed,
    partial: end === 'failed',
  });
  if (end === 'success') return { kind: 'diagnosed', document, triage };
  return {
    kind: 'diagnosed',
    document,
    triage,
    partial: capturePartial(instanceId, invocation.responseCode),
  };
};

/** A stored diagnosis with its facts back: the verdict as stored, the facts read again. */
export const storedTriage = (result: CaptureResult): Triage | undefined => {
  if (result.outcome !== 'diagnosed' || !result.document) return undefined;
  const read = classify(readCapture(result.document), { now: result.finishedAt });
  return result.diagnosis ? { ...read, ...result.diagnosis } : read;
};

/** Where each instance of one triage stands, this capture's verdict taken as it is now. */
const standingsOf = async (
  record: TriageRecord,
  current: { instanceId: string; triage: Triage } | undefined,
  store: TriageStore,
  alarmName?: string,
): Promise<FleetStanding[]> =>
  Promise.all(
    record.instances
      // In a storm, an instance another alarm already captures is shown once, by that alarm;
      // the healthy peer is a comparison, not one of the alarm's instances.
      .filter((run) => !run.peer && !(alarmName && run.failure?.code === 'capture_cooldown'))
      .map(async (run): Promise<FleetStanding> => {
        const base = {
          instanceId: run.instanceId,
          ...(run.instanceType ? { instanceType: run.instanceType } : {}),
          ...(alarmName ? { alarmName } : {}),
        };
        if (current && run.instanceId === current.instanceId) {
          const { facts: _facts, ...triage } = current.triage;
          return { ...base, triage };
        }
        if (run.failure) return { ...base, failure: run.failure };
        const stored = run.commandId
          ? await store
              .getResult(record.triageId, run.instanceId, run.commandId)
              .catch(() => undefined)
          : undefined;
        if (stored?.diagnosis) return { ...base, triage: stored.diagnosis };
        if (stored?.failure) return { ...base, failure: stored.failure };
        return { ...base, capturing: true };
      }),
  );

/**
 * Where each instance of a fleet triage stands, for the card it shares: this capture's verdict,
 * the stored verdicts of the instances already done, the failures, and those still capturing.
 * In a storm, every alarm's instances, each under its alarm's name. Undefined for a
 * one-instance triage alone (its card is the diagnosis itself).
 */
const fleetStandings = async (
  record: TriageRecord,
  current: { instanceId: string; triage: Triage },
  store: TriageStore,
): Promise<{ fleet: FleetStanding[]; storm?: string[] } | undefined> => {
  const storm = record.storm
    ? await store.stormOf(record.storm.target).catch(() => undefined)
    : undefined;
  if (storm && storm.leader === record.storm?.leader && storm.members.length > 1) {
    const records = await Promise.all(
      storm.members.map((id) =>
        id === record.triageId ? record : store.getTriage(id).catch(() => undefined),
      ),
    );
    const alarms = records.filter((r): r is TriageRecord => r !== undefined);
    const standings = await Promise.all(
      alarms.map((r) =>
        standingsOf(r, r.triageId === record.triageId ? current : undefined, store, r.alarm.name),
      ),
    );
    return { fleet: standings.flat(), storm: alarms.map((r) => r.alarm.name) };
  }
  if (record.instances.filter((r) => !r.peer).length < 2) return undefined;
  return { fleet: await standingsOf(record, current, store) };
};

/**
 * On a rerun's capture: how it compares with the capture before it on the same instance. The
 * previous result keeps its document, and reading that again gives back the facts `compare`
 * needs. `undefined` when this is no rerun, or the previous capture gave no diagnosis.
 */
const compareWithPrevious = async (
  record: TriageRecord,
  result: CaptureResult,
  after: Triage,
  deps: FinishTriageDeps,
): Promise<Comparison | undefined> => {
  if (!rerunOf(record, result.commandId)) return undefined;
  const previous = previousRunOf(record, result.instanceId, result.commandId);
  if (!previous?.commandId) return undefined;
  try {
    const before = await deps.store.getResult(
      record.triageId,
      result.instanceId,
      previous.commandId,
    );
    const triageBefore = before ? storedTriage(before) : undefined;
    if (!triageBefore) {
      deps.logger.info('rerun not compared: the previous capture gave no diagnosis', {
        previousCommandId: previous.commandId,
      });
      return undefined;
    }
    const comparison = compare(triageBefore, after);
    deps.logger.info('rerun compared', { verdict: comparison.verdict });
    return comparison;
  } catch (error) {
    // The new diagnosis still goes out; only the comparison is missing.
    deps.logger.warn('rerun not compared: the previous capture could not be read', {
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return undefined;
  }
};

const isPeerRun = (record: TriageRecord, result: CaptureResult): boolean =>
  record.instances.some(
    (r) => r.peer && r.instanceId === result.instanceId && r.commandId === result.commandId,
  );

/** The first (hottest) instance's stored diagnosis, when it has one. */
const hottestDiagnosis = async (
  record: TriageRecord,
  store: TriageStore,
): Promise<{ result: CaptureResult; triage: Triage } | undefined> => {
  const hottest = record.instances.find((r) => !r.peer && r.commandId);
  if (!hottest?.commandId) return undefined;
  const result = await store
    .getResult(record.triageId, hottest.instanceId, hottest.commandId)
    .catch(() => undefined);
  const triage = result ? storedTriage(result) : undefined;
  return result && triage ? { result, triage } : undefined;
};

/**
 * The hottest instance beside the healthy peer, when this is the hottest's diagnosis and the
 * peer's is stored already (else the peer, finishing later, tells the comparison).
 */
const peerComparison = async (
  record: TriageRecord,
  result: CaptureResult,
  triage: Triage,
  store: TriageStore,
): Promise<PeerComparison | undefined> => {
  const peer = record.instances.find((r) => r.peer && r.commandId);
  const hottest = record.instances.find((r) => !r.peer && r.commandId);
  if (!peer?.commandId || hottest?.commandId !== result.commandId) return undefined;
  const stored = await store
    .getResult(record.triageId, peer.instanceId, peer.commandId)
    .catch(() => undefined);
  const healthy = stored ? storedTriage(stored) : undefined;
  return healthy ? comparePeer(triage, healthy) : undefined;
};

/** Tells the stored result (a diagnosis or a failure), then marks it told. */
const announce = async (
  record: TriageRecord,
  result: CaptureResult,
  fresh: { triage?: Triage; partial?: FailureReason; peerTriage?: Triage },
  deps: FinishTriageDeps,
): Promise<void> => {
  const { notifier, store, clock } = deps;
  const log = deps.logger;
  const { triageId, instanceId, commandId } = result;
  const triage = fresh.triage ?? storedTriage(result);
  if (isPeerRun(record, result)) {
    // The peer is told only as a comparison, on the hottest instance's diagnosis.
    const hottest = await hottestDiagnosis(record, store);
    if (hottest && triage) {
      await announce(record, hottest.result, { triage: hottest.triage, peerTriage: triage }, deps);
    }
    await store.markNotified(result, clock.now());
    return;
  }
  const peer = fresh.peerTriage
    ? comparePeer(triage ?? fresh.peerTriage, fresh.peerTriage)
    : triage && !rerunOf(record, commandId)
      ? await peerComparison(record, result, triage, store)
      : undefined;
  const standing = triage ? await fleetStandings(record, { instanceId, triage }, store) : undefined;
  // A storm's card is shared like a fleet's, whatever the leader's own card started as.
  const card =
    record.notification && standing?.storm
      ? { ...record.notification, fleet: 'true' }
      : record.notification;
  const handle = card ? { handle: card } : {};
  const nothing = async () => undefined;
  if (triage) {
    const rerun = rerunOf(record, commandId) !== undefined;
    const comparison = await compareWithPrevious(record, result, triage, deps);
    const now = clock.now();
    if (comparison) {
      await noteHistory(
        deps,
        record,
        { rerunVerdict: comparison.verdict, rerunAt: result.finishedAt },
        now,
      );
    } else if (!rerun) {
      await noteHistory(deps, record, { cause: triage.cause }, now, { firstOnly: true });
    }
    const history = rerun ? undefined : await historyOf(deps, record, now);
    await tell(log, 'triageDone', nothing, () =>
      notifier.triageDone({
        triageId,
        alarm: record.alarm,
        instanceId,
        triage,
        commandId,
        ...(result.document ? { capture: result.document } : {}),
        ...(fresh.partial ? { partial: fresh.partial } : {}),
        ...(rerun ? { rerun } : {}),
        ...(comparison ? { comparison } : {}),
        ...(standing ? { fleet: standing.fleet } : {}),
        ...(standing?.storm ? { storm: standing.storm } : {}),
        ...(history ? { history } : {}),
        ...(peer ? { peer } : {}),
        ...handle,
      }),
    );
  } else {
    const reason = result.failure ?? captureEnded('running', undefined, result, deps.optIn);
    await tell(log, 'triageFailed', nothing, () =>
      notifier.triageFailed({ triageId, alarm: record.alarm, instanceId, reason, ...handle }),
    );
  }
  await store.markNotified(result, clock.now());
};

/**
 * Finishes one instance's capture. Returns what it did; throws when the store is unavailable,
 * on a notification that may pass if retried (the stored result is told by the retry), and on
 * a bug.
 */
export const finishTriage = async (
  status: CaptureStatus,
  deps: FinishTriageDeps,
  options: FinishOptions = {},
): Promise<FinishOutcome> => {
  const { store, clock } = deps;
  const log = deps.logger;
  const { commandId, instanceId } = status;
  if (status.end === 'running' && !options.overdue) {
    log.debug('capture still running', { status: status.status });
    return { kind: 'in-progress' };
  }

  const triageId = await triageOfCommand(commandId, !options.parked, deps);
  const record: TriageRecord | undefined = triageId ? await store.getTriage(triageId) : undefined;
  if (!triageId || !record) {
    if (options.parked) return { kind: 'unknown' };
    // The capture-done rule matches only the stack's own document, so this is a command whose
    // id is not stored yet (or no longer): keep the event for the sweep to try again.
    log.info('command not known yet: event parked', { commandId, found: Boolean(triageId) });
    await store.parkEvent({ ...status, parkedAt: clock.now().toISOString() }, clock.now());
    return { kind: 'parked' };
  }
  log.appendKeys({ triageId, alarmName: record.alarm.name, instanceId });

  const stored = await store.getResult(triageId, instanceId, commandId);
  if (stored?.notifiedAt) {
    log.info('capture result already handled: duplicate event ignored', { commandId });
    return { kind: 'duplicate', triageId };
  }
  if (stored) {
    log.info('capture result stored but not told: telling it now', { commandId });
    await announce(record, stored, {}, deps);
    return stored.outcome === 'diagnosed'
      ? { kind: 'done', triageId, result: stored }
      : { kind: 'failed', triageId, result: stored };
  }

  const now = clock.now();
  const sent = record.instances.find(
    (r) => r.instanceId === instanceId && r.commandId === commandId,
  );
  const run: SentRun = { ...sent, instanceId, commandId };
  const attempts = options.overdue ? 1 : (deps.retry ?? INVOCATION_RETRY).attempts;
  const { lookup, tries } = await readInvocation(status, attempts, deps);
  const invocation = lookup.found ? lookup.invocation : undefined;
  log.info('capture ended', {
    tries,
    ...(options.overdue ? { overdue: true } : {}),
    ...(invocation
      ? {
          ssmStatus: invocation.status,
          statusDetails: invocation.statusDetails,
          exitCode: invocation.responseCode,
          stdoutChars: invocation.stdout.length,
        }
      : { found: false }),
  });
  const stillRunning = !invocation || invocation.end === 'running';
  const reading: Reading =
    options.overdue && stillRunning
      ? { kind: 'failed', failure: captureOverdue(run, sent?.deadline, invocation?.status) }
      : invocation
        ? await readResult(invocation, run, now, deps, record.alarm.changedAt)
        : { kind: 'failed', failure: invocationMissing(run, tries) };

  const base = {
    triageId,
    instanceId,
    commandId,
    ssmStatus: invocation?.status ?? status.status,
    ssmStatusDetails: invocation?.statusDetails ?? '',
    finishedAt: now.toISOString(),
    ...(sent?.deadline ? { deadline: sent.deadline } : {}),
  };
  let result: CaptureResult;
  if (reading.kind === 'diagnosed') {
    const { facts: _facts, ...diagnosis } = reading.triage;
    result = { ...base, outcome: 'diagnosed', document: reading.document, diagnosis };
  } else {
    // No diagnosis: say why, with what CloudWatch alone shows.
    const glance = await deps.awsContext
      .describe(instanceId, now)
      .then((c) => c.glance)
      .catch(() => undefined);
    const failure = withGlance(reading.failure, glance);
    log.warn('capture gave no diagnosis', { code: failure.code });
    result = {
      ...base,
      outcome: 'failed',
      failure,
      ...(reading.document !== undefined ? { document: reading.document } : {}),
    };
  }

  // Claimed before anyone is told: of two deliveries racing, only one tells.
  if (!(await store.saveResult(result, now))) {
    log.info('result stored meanwhile by a duplicate event', { commandId });
    return { kind: 'duplicate', triageId };
  }
  await announce(
    record,
    result,
    reading.kind === 'diagnosed'
      ? { triage: reading.triage, ...(reading.partial ? { partial: reading.partial } : {}) }
      : {},
    deps,
  );
  return reading.kind === 'diagnosed'
    ? { kind: 'done', triageId, result }
    : { kind: 'failed', triageId, result };
};
