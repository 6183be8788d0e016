/**
 * An alarm went into ALARM: capture what its instances are doing.
 *
 * mute? → claim the transition (the same event delivered 5 times is one triage) → targets
 * (a composite alarm's through its children) → valid instance ids → running instances, hottest
 * first → SSM reachability → SendCommand per reachable instance → "triaging…" → the record.
 * An instance no capture can reach gets a failure notice with what CloudWatch alone shows.
 * The result arrives later as an SSM event: see `finish-triage.ts`.
 */
import { createHash } from 'node:crypto';
import type { DeepMode } from '../capture-script/options.js';
import { transitionKey } from '../core/alarm/dedupe.js';
import { type Targets, targetsOf, targetsOfMetrics } from '../core/alarm/targets.js';
import { type Alarm, INSTANCE_ID, type Target } from '../core/alarm/types.js';
import type {
  AgentStatus,
  AlarmChildren,
  AwsContext,
  Clock,
  CloudWatchGlance,
  Executor,
  FailureReason,
  InstanceRun,
  Log,
  NotificationHandle,
  Notifier,
  Reachability,
  ResolvedInstance,
  SkippedTarget,
  TargetResolver,
  TriageFailedNotice,
  TriageRecord,
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
}

export interface StartTriageDeps {
  store: TriageStore;
  targets: TargetResolver;
  children: AlarmChildren;
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
  | { kind: 'duplicate'; triageId: string }
  | { kind: 'started'; triageId: string; record: TriageRecord }
  | { kind: 'failed'; triageId: string; record: TriageRecord };

/** The same transition always gets the same id: `tr-` and 16 hex digits of its key's hash. */
export const triageIdOf = (alarm: Alarm): string =>
  `tr-${createHash('sha256').update(transitionKey(alarm)).digest('hex').slice(0, 16)}`;

// ---------------------------------------------------------------------------------------------
// Wording shared with finish-triage

/** One decimal at most: `99.6`, `0.2`, `144`. */
const round = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** `CloudWatch shows CPUUtilization 97.4% at … (max 99.6% over the last 3 h); CPUCreditBalance 0.2 (t3.micro, standard).` */
export const describeGlance = (glance: CloudWatchGlance | undefined): string | undefined => {
  if (!glance) return undefined;
  const parts: string[] = [];
  if (glance.cpu) {
    parts.push(
      `CPUUtilization ${round(glance.cpu.latest)}% at ${glance.cpu.at} (max ${round(glance.cpu.max)}% over the last 3 h)`,
    );
  }
  if (glance.creditBalance) {
    const type = [glance.instanceType, glance.creditMode].filter(Boolean).join(', ');
    parts.push(`CPUCreditBalance ${round(glance.creditBalance.latest)}${type ? ` (${type})` : ''}`);
  }
  if (glance.memoryUsedPercent) {
    parts.push(`mem_used_percent ${round(glance.memoryUsedPercent.latest)}%`);
  }
  return parts.length > 0 ? `CloudWatch shows ${parts.join('; ')}.` : undefined;
};

/** The failure with what CloudWatch shows appended, so any notifier can print one text. */
export const withGlance = (
  reason: FailureReason,
  glance: CloudWatchGlance | undefined,
): FailureReason => {
  const seen = describeGlance(glance);
  return seen ? { ...reason, message: `${reason.message} ${seen}` } : reason;
};

const targetName = (t: Target): string =>
  t.kind === 'instance'
    ? t.instanceId
    : t.kind === 'auto-scaling-group'
      ? `Auto Scaling group ${t.name}`
      : `Elastic Beanstalk environment ${t.name}`;

const unreachable = (status: AgentStatus): FailureReason | undefined => {
  const id = status.instanceId;
  if (!status.managed) {
    return {
      code: 'ssm_not_managed',
      message:
        `${id} is not a managed node in Systems Manager (no SSM agent has registered it: the ` +
        'agent is not installed or not running, or the instance profile lacks ' +
        'AmazonSSMManagedInstanceCore), so no capture can run there.',
    };
  }
  if (status.pingStatus === 'Online') return undefined;
  const since = status.lastPingAt ? ` since ${status.lastPingAt}` : '';
  return {
    code: 'ssm_agent_offline',
    message:
      `The SSM agent on ${id} has not answered${since} (PingStatus ${status.pingStatus}): the ` +
      'host may be too overloaded to run it, or the agent has stopped. No capture can run ' +
      'until it is back.',
  };
};

const skippedReason = (skipped: SkippedTarget[]): FailureReason => {
  const lines = skipped.map((s) => {
    const name = targetName(s.target);
    if (s.reason === 'not-running') return `${name} is ${s.state ?? 'not running'}`;
    if (s.reason === 'not-found') {
      return `EC2 does not know ${name} (terminated over an hour ago, or in another account or region)`;
    }
    if (s.reason === 'group-not-found') return `there is no ${name}`;
    return `${name} has no running instance`;
  });
  const allGone = skipped.every((s) => s.reason === 'not-running' || s.reason === 'not-found');
  return {
    code: allGone ? 'instance_not_running' : 'no_running_instances',
    message: `Nothing to capture: ${lines.join('; ')}.`,
  };
};

const noTargets = (alarm: Alarm, ignored: string[], missing: string[]): FailureReason => {
  const why = ignored.length > 0 ? ` (${ignored.join('; ')})` : '';
  if (alarm.composite) {
    const gone = missing.length ? `; ${missing.length} of them no longer exist` : '';
    return {
      code: 'no_targets',
      message:
        `None of the alarms that triggered the composite alarm "${alarm.name}" watches an EC2 ` +
        `instance, Auto Scaling group or Elastic Beanstalk environment${gone}${why}, so there is ` +
        'no host to capture.',
    };
  }
  const watched = alarm.metrics.map((m) => `${m.namespace} ${m.name}`).join(', ');
  return {
    code: 'no_targets',
    message:
      `"${alarm.name}" watches ${watched || 'no metric'}, which names no EC2 instance, Auto ` +
      `Scaling group or Elastic Beanstalk environment${why}: there is no host to capture.`,
  };
};

const adapterFailure = (error: unknown, doing: string, settings: TriageSettings): FailureReason => {
  if (!isAdapterError(error)) {
    return {
      code: 'internal_error',
      message: `alert-triage failed while ${doing} (${error instanceof Error ? error.name : 'error'}); see its logs.`,
    };
  }
  if (error.code === 'access_denied' && doing.startsWith('sending')) {
    return {
      code: 'ssm_access_denied',
      message:
        `${error.message}. The bot may send commands only to instances tagged ` +
        `${settings.optIn.key}=${settings.optIn.value}: tag the instance to opt it in.`,
    };
  }
  return { code: error.code, message: `alert-triage could not finish ${doing}: ${error.message}.` };
};

// ---------------------------------------------------------------------------------------------

/** Calls the notifier; a failed notification is logged, never the end of the triage. */
export const notify = async <T>(
  log: Log,
  what: string,
  call: () => Promise<T>,
): Promise<T | undefined> => {
  try {
    return await call();
  } catch (error) {
    log.error('notification failed', {
      notification: what,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return undefined;
  }
};

/** The instances to capture, or why there are none. */
const findInstances = async (
  alarm: Alarm,
  deps: StartTriageDeps,
): Promise<{ instances: ResolvedInstance[]; candidates: number } | FailureReason> => {
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

  const resolution = await deps.targets.resolve(targets, deps.settings.hottest);
  const instances = resolution.instances.filter((i) => INSTANCE_ID.test(i.instanceId));
  if (resolution.skipped.length > 0) log.info('targets skipped', { skipped: resolution.skipped });
  if (instances.length === 0) {
    return resolution.skipped.length > 0
      ? skippedReason(resolution.skipped)
      : { code: 'no_running_instances', message: 'No running instance behind the alarm.' };
  }
  return { instances, candidates: resolution.candidates };
};

/**
 * Starts a triage for an alarm that went into ALARM. Returns what it did; throws only on
 * a bug or when the store itself is unavailable.
 */
export const startTriage = async (alarm: Alarm, deps: StartTriageDeps): Promise<StartOutcome> => {
  const { store, notifier, clock, settings } = deps;
  const log = deps.logger;
  const key = transitionKey(alarm);
  const triageId = triageIdOf(alarm);
  const now = clock.now();
  log.appendKeys({ triageId, alarmName: alarm.name });

  const mute = await store.mute(alarm.arn, now);
  if (mute) {
    log.info('alarm muted: no capture', { until: mute.until, mutedBy: mute.by });
    return { kind: 'muted', triageId, until: mute.until };
  }
  if (!(await store.claimTransition(key, triageId, now))) {
    log.info('alarm transition already handled: duplicate delivery ignored');
    return { kind: 'duplicate', triageId };
  }

  const record: TriageRecord = {
    triageId,
    transitionKey: key,
    alarm,
    targets: [],
    instances: [],
    startedAt: now.toISOString(),
    status: 'capturing',
    seconds: settings.seconds,
    deep: settings.deep,
  };
  const failTriage = async (reason: FailureReason, instanceId?: string): Promise<StartOutcome> => {
    log.warn('triage failed', { code: reason.code, ...(instanceId ? { instanceId } : {}) });
    const notice: TriageFailedNotice = {
      triageId,
      alarm,
      reason,
      ...(instanceId ? { instanceId } : {}),
    };
    await notify(log, 'triageFailed', () => notifier.triageFailed(notice));
    const failed: TriageRecord = { ...record, status: 'failed', failure: reason };
    await store.saveTriage(failed, now);
    return { kind: 'failed', triageId, record: failed };
  };

  // 1. Which instances.
  let found: Awaited<ReturnType<typeof findInstances>>;
  try {
    found = await findInstances(alarm, deps);
  } catch (error) {
    const outcome = await failTriage(
      adapterFailure(error, 'finding the alarm’s instances', settings),
    );
    if (!isAdapterError(error)) throw error;
    return outcome;
  }
  if ('code' in found) {
    const only = alarm.metrics.flatMap((m) => m.dimensions.InstanceId ?? []);
    return failTriage(found, only.length === 1 ? only[0] : undefined);
  }
  record.targets = [
    ...new Map(found.instances.map((i) => [JSON.stringify(i.via), i.via])).values(),
  ];
  log.info('instances chosen', {
    instanceIds: found.instances.map((i) => i.instanceId),
    candidates: found.candidates,
  });

  // 2. Can SSM reach them?
  let statuses: AgentStatus[];
  try {
    statuses = await deps.reachability.check(found.instances.map((i) => i.instanceId));
  } catch (error) {
    const outcome = await failTriage(adapterFailure(error, 'checking the SSM agents', settings));
    if (!isAdapterError(error)) throw error;
    return outcome;
  }

  // 3. Send the capture to each reachable instance.
  const runs: InstanceRun[] = await Promise.all(
    found.instances.map(async (instance, i): Promise<InstanceRun> => {
      const base = {
        instanceId: instance.instanceId,
        ...(instance.instanceType ? { instanceType: instance.instanceType } : {}),
      };
      const status = statuses[i];
      const offline = status ? unreachable(status) : undefined;
      if (offline) return { ...base, status: 'failed', failure: offline };
      try {
        const sent = await deps.executor.sendCapture({
          triageId,
          instanceId: instance.instanceId,
          seconds: settings.seconds,
          deep: settings.deep,
          comment: `alert-triage ${triageId} ${alarm.name}`,
        });
        return {
          ...base,
          status: 'capturing',
          commandId: sent.commandId,
          executionTimeoutSeconds: sent.executionTimeoutSeconds,
          deliveryTimeoutSeconds: sent.deliveryTimeoutSeconds,
        };
      } catch (error) {
        // Never throw from here: a sibling's command may already be on its way, and its
        // record must still be stored. A bug is logged as one and reported as internal_error.
        if (!isAdapterError(error)) {
          log.error('sending the capture failed unexpectedly', {
            instanceId: instance.instanceId,
            error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          });
        }
        return {
          ...base,
          status: 'failed',
          failure: adapterFailure(error, `sending the capture to ${instance.instanceId}`, settings),
        };
      }
    }),
  );
  record.instances = runs;

  // 4. Tell people, then say why any instance could not be captured.
  const sent = runs.filter((r) => r.commandId !== undefined);
  let handle: NotificationHandle | undefined;
  if (sent.length > 0) {
    log.info('capture sent', { commandIds: sent.map((r) => r.commandId) });
    handle = await notify(log, 'triageStarted', () =>
      notifier.triageStarted({
        triageId,
        alarm,
        instances: sent.map((r) => ({
          instanceId: r.instanceId,
          commandId: r.commandId as string,
          ...(r.instanceType ? { instanceType: r.instanceType } : {}),
        })),
        candidates: found.candidates,
        seconds: settings.seconds,
      }),
    );
    if (handle) record.notification = handle;
  }
  for (const run of runs) {
    if (!run.failure) continue;
    log.warn('instance not captured', { instanceId: run.instanceId, code: run.failure.code });
    const context = await deps.awsContext.describe(run.instanceId, now).catch(() => undefined);
    const reason = withGlance(run.failure, context?.glance);
    await notify(log, 'triageFailed', () =>
      notifier.triageFailed({
        triageId,
        alarm,
        instanceId: run.instanceId,
        reason,
        ...(context ? { glance: context.glance } : {}),
        ...(handle ? { handle } : {}),
      }),
    );
  }

  // 5. Remember it: the capture-done event finds the triage by its command id.
  if (sent.length === 0) {
    record.status = 'failed';
    const first = runs[0]?.failure;
    if (first) record.failure = first;
  }
  await store.saveTriage(record, now);
  return sent.length > 0
    ? { kind: 'started', triageId, record }
    : { kind: 'failed', triageId, record };
};
