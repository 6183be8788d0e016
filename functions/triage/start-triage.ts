/**
 * An alarm went into ALARM: capture what its instances are doing.
 *
 * mute? → still in ALARM now? → claim the transition and store the record (one write) →
 * targets (a composite alarm's through its children) → valid instance ids → running instances,
 * hottest first → SSM reachability and the per-instance cooldown → SendCommand per instance,
 * each command id stored as soon as SSM returns it → "triaging…" → why any instance could not
 * be captured. The result arrives later as an SSM event: see `finish-triage.ts`.
 *
 * Every step is stored before the next one, so an invocation that dies part way (a timeout, a
 * throttled store, a Slack 429 that Lambda retries) is resumed by the retry from where it
 * stopped instead of being taken for a duplicate. One gap is left: a crash between SendCommand
 * and storing its id. The retry sends again; the first command's event then finds no triage,
 * is parked, and is given up on (the host ran a read-only capture twice).
 */
import { createHash } from 'node:crypto';
import type { DeepMode } from '../capture-script/options.js';
import { transitionKey } from '../core/alarm/dedupe.js';
import { type Targets, targetsOf, targetsOfMetrics } from '../core/alarm/targets.js';
import { type Alarm, INSTANCE_ID } from '../core/alarm/types.js';
import {
  adapterFailure,
  agentUnreachable,
  capturedRecently,
  type FailureReason,
  noTargets,
  nothingToCapture,
  withGlance,
} from './failures.js';
import { noteHistory } from './history.js';
import type { InstanceRun, NotificationHandle, TriageRecord } from './model.js';
import { targetKey } from './model.js';
import { tell } from './notify.js';
import type {
  AgentStatus,
  AlarmChildren,
  AlarmStates,
  AwsContext,
  Clock,
  Executor,
  Log,
  Notifier,
  Reachability,
  ResolvedInstance,
  TargetResolver,
  TriageStore,
} from './ports.js';
import { isAdapterError } from './ports.js';

export interface TriageSettings {
  /** How many instances of a group to capture, hottest first. */
  hottest: number;
  seconds: number;
  deep: DeepMode;
  /** The tag the bot's role requires on an instance before it may send it a command. */
  optIn: { key: string; value: string };
  /** An instance captured for an alarm is not captured for another within this. */
  cooldownSeconds: number;
  /** Alarms on one target within this share one card; 0 turns storms off. */
  stormWindowMs: number;
  /** Also capture a group's coolest instance, to compare the hottest with. */
  peer: boolean;
}

export interface StartTriageDeps {
  store: TriageStore;
  targets: TargetResolver;
  children: AlarmChildren;
  alarms: AlarmStates;
  reachability: Reachability;
  executor: Executor;
  awsContext: AwsContext;
  notifier: Notifier;
  clock: Clock;
  logger: Log;
  settings: TriageSettings;
}

export type StartOutcome =
  | { kind: 'muted'; triageId: string; until: string }
  /** The alarm is no longer in this ALARM (it cleared, or changed again since). */
  | { kind: 'stale'; triageId: string; why: string }
  | { kind: 'duplicate'; triageId: string }
  | { kind: 'started'; triageId: string; record: TriageRecord }
  | { kind: 'failed'; triageId: string; record: TriageRecord };

/** The same transition always gets the same id: `tr-` and 16 hex digits of its key's hash. */
export const triageIdOf = (alarm: Alarm): string =>
  `tr-${createHash('sha256').update(transitionKey(alarm)).digest('hex').slice(0, 16)}`;

/**
 * After the delivery and execution timeouts, SSM has ended the command one way or another; its
 * status event may still be a little late. Past this margin the sweep asks SSM itself.
 */
export const DEADLINE_MARGIN_SECONDS = 60;

/**
 * Longer than the alarm function may run (its timeout is 30 s); Lambda's first retry of a
 * failed event comes about a minute later.
 */
export const RESUME_AFTER_MS = 60_000;

/** When a command sent at `sentAt` is overdue. */
export const deadlineOf = (
  sentAt: Date,
  sent: { executionTimeoutSeconds: number; deliveryTimeoutSeconds: number },
): string =>
  new Date(
    sentAt.getTime() +
      (sent.deliveryTimeoutSeconds + sent.executionTimeoutSeconds + DEADLINE_MARGIN_SECONDS) * 1000,
  ).toISOString();

/** Why this ALARM should not be captured any more, or `undefined` when it should. */
const staleness = async (alarm: Alarm, deps: StartTriageDeps): Promise<string | undefined> => {
  let now: Awaited<ReturnType<AlarmStates['current']>>;
  try {
    now = await deps.alarms.current(alarm.name);
  } catch (error) {
    // Best effort: a host that may be sick is worth a capture more than a skipped check.
    deps.logger.warn('alarm state not checked', {
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return undefined;
  }
  if (!now) return 'the alarm no longer exists';
  if (now.state !== 'ALARM') return `the alarm is ${now.state} now`;
  // CloudWatch's timestamps carry milliseconds; the event's may be rounded.
  if (Date.parse(now.updatedAt) > Date.parse(alarm.changedAt) + 1000) {
    return `the alarm changed state again at ${now.updatedAt}`;
  }
  return undefined;
};

/** The instances to capture, or why there are none. */
const findInstances = async (
  alarm: Alarm,
  deps: StartTriageDeps,
): Promise<
  { instances: ResolvedInstance[]; coolest?: ResolvedInstance; candidates: number } | FailureReason
> => {
  const log = deps.logger;
  let missing: string[] = [];
  let found: Targets;
  if (alarm.composite) {
    const children = await deps.children.metricsOf(alarm.composite.triggeringAlarmArns);
    missing = children.missing;
    found = targetsOfMetrics(children.metrics);
  } else {
    found = targetsOf(alarm);
  }
  if (found.ignored.length > 0) log.info('alarm dimensions not used', { ignored: found.ignored });

  // Ids come from a payload anyone able to publish to the topic can write; `targetsOf` drops
  // malformed ones, and this keeps any other path from reaching EC2 or SSM with one.
  const targets = found.targets.filter(
    (t) => t.kind !== 'instance' || INSTANCE_ID.test(t.instanceId),
  );
  if (targets.length === 0) return noTargets(alarm, found.ignored, missing);

  const resolution = await deps.targets.resolve(targets, deps.settings.hottest, {
    peer: deps.settings.peer,
  });
  const instances = resolution.instances.filter((i) => INSTANCE_ID.test(i.instanceId));
  if (resolution.skipped.length > 0) log.info('targets skipped', { skipped: resolution.skipped });
  if (instances.length === 0) return nothingToCapture(resolution.skipped);
  const coolest =
    resolution.coolest && INSTANCE_ID.test(resolution.coolest.instanceId)
      ? { coolest: resolution.coolest }
      : {};
  return { instances, ...coolest, candidates: resolution.candidates };
};

/**
 * Starts a triage for an alarm that went into ALARM, or resumes one an earlier invocation left
 * part way. Returns what it did; throws when the store is unavailable, on a notification that
 * may pass if retried, and on a bug.
 */
export const startTriage = async (alarm: Alarm, deps: StartTriageDeps): Promise<StartOutcome> => {
  const { store, clock, settings } = deps;
  const log = deps.logger;
  const triageId = triageIdOf(alarm);
  const now = clock.now();
  log.appendKeys({ triageId, alarmName: alarm.name });

  const mute = await store.mute(alarm.arn, now);
  if (mute) {
    log.info('alarm muted: no capture', { until: mute.until, mutedBy: mute.by });
    return { kind: 'muted', triageId, until: mute.until };
  }
  const stale = await staleness(alarm, deps);
  if (stale) {
    log.info('alarm event stale: no capture', { why: stale, changedAt: alarm.changedAt });
    return { kind: 'stale', triageId, why: stale };
  }

  const fresh: TriageRecord = {
    triageId,
    transitionKey: transitionKey(alarm),
    alarm,
    targets: [],
    instances: [],
    startedAt: now.toISOString(),
    status: 'starting',
    seconds: settings.seconds,
    deep: settings.deep,
  };
  const begun = await store.beginTriage(fresh, now);
  if (begun.kind === 'superseded') {
    log.info('a later transition of this alarm has a triage: no capture');
    return { kind: 'stale', triageId, why: 'a later transition of the alarm has its own triage' };
  }
  if (begun.kind === 'created') return carryOn(fresh, deps);
  const left = begun.record;
  if (left?.status !== 'starting' || !(await mayResume(left, deps))) {
    log.info('alarm transition already handled: duplicate delivery ignored');
    return { kind: 'duplicate', triageId };
  }
  log.info('resuming a triage an earlier invocation left part way');
  return carryOn(left, deps);
};

/**
 * A record left `starting` belongs either to an invocation still running (the same event
 * delivered twice at once) or to one that died. Only the second may be resumed: one older than
 * any invocation can run, and then by one retry at a time (a claim per interval).
 */
const mayResume = async (record: TriageRecord, deps: StartTriageDeps): Promise<boolean> => {
  const now = deps.clock.now().getTime();
  if (now - Date.parse(record.startedAt) < RESUME_AFTER_MS) return false;
  const interval = Math.floor(now / RESUME_AFTER_MS);
  return deps.store.claimTransition(
    `${record.transitionKey}#resume#${interval}`,
    record.triageId,
    deps.clock.now(),
  );
};

/** Takes the record from wherever it stands to `capturing` or `failed`. */
const carryOn = async (record: TriageRecord, deps: StartTriageDeps): Promise<StartOutcome> => {
  const { store, clock, settings, notifier } = deps;
  const log = deps.logger;
  const { triageId, alarm } = record;
  const now = clock.now();
  // Saves never overlap, and each writes the record as it is then.
  let saving = Promise.resolve();
  const save = () => {
    saving = saving.then(() => store.saveTriage(record, now));
    return saving;
  };

  // 1. Which instances.
  if (record.instances.length === 0 && !record.failure) {
    let found: Awaited<ReturnType<typeof findInstances>>;
    try {
      found = await findInstances(alarm, deps);
    } catch (error) {
      if (!isAdapterError(error)) throw error;
      found = adapterFailure(error, 'finding the alarm’s instances', settings.optIn);
    }
    if ('code' in found) {
      record.failure = found;
    } else {
      record.targets = [
        ...new Map(found.instances.map((i) => [JSON.stringify(i.via), i.via])).values(),
      ];
      record.candidates = found.candidates;
      const peer = settings.peer ? found.coolest : undefined;
      record.instances = [...found.instances, ...(peer ? [peer] : [])].map((i) => ({
        instanceId: i.instanceId,
        ...(i.instanceType ? { instanceType: i.instanceType } : {}),
        ...(i === peer ? { peer: true } : {}),
        status: 'sending',
      }));
      log.info('instances chosen', {
        instanceIds: found.instances.map((i) => i.instanceId),
        candidates: found.candidates,
      });
    }
    await save();
    await noteHistory(deps, record, { alarmName: alarm.name }, now);
  }

  // 1b. Alarms on one target within the window are one storm, with one card.
  const first = record.targets[0];
  if (!record.storm && first && settings.stormWindowMs > 0) {
    const target = targetKey(first);
    const storm = await store.joinStorm(target, triageId, now, settings.stormWindowMs);
    record.storm = { target, leader: storm.leader };
    if (storm.leader !== triageId) log.info('alarm joins a storm', { leader: storm.leader });
    await save();
  }
  const member = record.storm && record.storm.leader !== triageId ? record.storm : undefined;

  // 2. Send the capture to each instance not yet sent to.
  const pending = record.instances.filter((r) => r.status === 'sending');
  if (pending.length > 0) {
    let statuses: (AgentStatus | undefined)[] = [];
    let unchecked: FailureReason | undefined;
    try {
      statuses = await deps.reachability.check(pending.map((r) => r.instanceId));
    } catch (error) {
      if (!isAdapterError(error)) throw error;
      unchecked = adapterFailure(error, 'checking the SSM agents', settings.optIn);
    }
    await Promise.all(
      pending.map(async (run, i) => {
        const outcome = await sendOne(run, unchecked ?? statuses[i], record, deps);
        Object.assign(run, outcome);
        if (outcome.commandId) await save();
      }),
    );
    await save();
  }

  // 3. Tell people, then say why any instance could not be captured. A storm's member shares
  // its leader's card: its lines appear there as its captures end.
  const sent = record.instances.filter((r) => r.commandId !== undefined);
  const sick = sent.filter((r) => !r.peer);
  if (member && !record.notification) {
    const card = await stormCard(member, deps);
    if (card) record.notification = { ...card, fleet: 'true' };
    else log.warn('storm card not posted yet: this alarm gets its own');
  }
  if (sick.length > 0 && !record.notification) {
    log.info('capture sent', { commandIds: sent.map((r) => r.commandId) });
    const handle = await tell(log, 'triageStarted', save, () =>
      notifier.triageStarted({
        triageId,
        alarm,
        instances: sick.map((r) => ({
          instanceId: r.instanceId,
          commandId: r.commandId as string,
          ...(r.instanceType ? { instanceType: r.instanceType } : {}),
        })),
        candidates: record.candidates ?? sent.length,
        seconds: record.seconds,
      }),
    );
    if (handle.told && handle.value) {
      record.notification = handle.value;
      if (record.storm?.leader === triageId) {
        await store.setStormCard(record.storm.target, triageId, handle.value);
      }
    }
    await save();
  }
  const handle = record.notification ? { handle: record.notification } : {};
  if (record.failure && !record.failureNotified) {
    log.warn('triage failed', { code: record.failure.code });
    const only = alarm.metrics.flatMap((m) => m.dimensions.InstanceId ?? []);
    const reason = record.failure;
    await tell(log, 'triageFailed', save, () =>
      notifier.triageFailed({
        triageId,
        alarm,
        reason,
        ...(only.length === 1 ? { instanceId: only[0] } : {}),
      }),
    );
    record.failureNotified = true;
  }
  for (const run of record.instances) {
    if (!run.failure || run.failureNotified) continue;
    if (run.peer) {
      // The peer is a comparison, not an alarm's instance: its failure costs only that.
      log.info('healthy peer not captured', { instanceId: run.instanceId, code: run.failure.code });
      run.failureNotified = true;
      continue;
    }
    if (member && run.failure.code === 'capture_cooldown') {
      // The storm already captures it: the shared card shows it once.
      run.failureNotified = true;
      continue;
    }
    log.warn('instance not captured', { instanceId: run.instanceId, code: run.failure.code });
    const context = await deps.awsContext.describe(run.instanceId, now).catch(() => undefined);
    const reason = withGlance(run.failure, context?.glance);
    await tell(log, 'triageFailed', save, () =>
      notifier.triageFailed({
        triageId,
        alarm,
        instanceId: run.instanceId,
        reason,
        ...(context ? { glance: context.glance } : {}),
        ...handle,
      }),
    );
    run.failureNotified = true;
  }

  // 4. Done: the capture-done event finds the triage by its command id.
  record.status = sick.length > 0 ? 'capturing' : 'failed';
  if (sick.length === 0 && !record.failure) {
    const first = record.instances[0]?.failure;
    if (first) record.failure = first;
  }
  await save();
  return sick.length > 0
    ? { kind: 'started', triageId, record }
    : { kind: 'failed', triageId, record };
};

/** Polls, a few seconds at most, for the card the storm's leader is posting. */
const STORM_CARD_WAIT = { attempts: 4, delayMs: 1000 } as const;

const stormCard = async (
  storm: { target: string; leader: string },
  deps: StartTriageDeps,
): Promise<NotificationHandle | undefined> => {
  for (let attempt = 1; attempt <= STORM_CARD_WAIT.attempts; attempt++) {
    const stored = await deps.store.stormOf(storm.target);
    if (stored?.leader === storm.leader && stored.card) return stored.card;
    if (attempt < STORM_CARD_WAIT.attempts) await deps.clock.sleep(STORM_CARD_WAIT.delayMs);
  }
  return undefined;
};

/** One instance: reachable? not captured moments ago? then SendCommand. Never throws. */
const sendOne = async (
  run: InstanceRun,
  status: AgentStatus | FailureReason | undefined,
  record: TriageRecord,
  deps: StartTriageDeps,
): Promise<Partial<InstanceRun>> => {
  const { settings, store, clock, logger: log } = deps;
  const { instanceId } = run;
  const failed = (failure: FailureReason): Partial<InstanceRun> => ({ status: 'failed', failure });
  if (status && 'code' in status) return failed(status);
  const offline = status ? agentUnreachable(status) : undefined;
  if (offline) return failed(offline);
  try {
    const now = clock.now();
    const claim = await store.claimCooldown(
      instanceId,
      record.triageId,
      now,
      settings.cooldownSeconds,
    );
    if (!claim.claimed)
      return failed(capturedRecently(instanceId, claim, settings.cooldownSeconds));
    const sent = await deps.executor.sendCapture({
      triageId: record.triageId,
      instanceId,
      seconds: record.seconds,
      deep: record.deep,
      comment: `alert-triage ${record.triageId} ${record.alarm.name}`,
    });
    return {
      status: 'capturing',
      commandId: sent.commandId,
      executionTimeoutSeconds: sent.executionTimeoutSeconds,
      deliveryTimeoutSeconds: sent.deliveryTimeoutSeconds,
      deadline: deadlineOf(now, sent),
    };
  } catch (error) {
    // Never throw from here: a sibling's command may already be on its way, and its
    // record must still be stored. A bug is logged as one and reported as internal_error.
    // Nothing was captured: the next alarm may try the instance at once.
    await store.releaseCooldown(instanceId, record.triageId, clock.now()).catch(() => undefined);
    if (!isAdapterError(error)) {
      log.error('sending the capture failed unexpectedly', {
        instanceId,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
    return failed(adapterFailure(error, `sending the capture to ${instanceId}`, settings.optIn));
  }
};
