/**
 * A capture finished (or could not run): SSM's "EC2 Command Invocation Status-change
 * Notification" names the command, the instance and the status, never the output.
 *
 * record (by command id) → GetCommandInvocation (retrying `InvocationDoesNotExist`, which SSM's
 * eventual consistency produces) → by status: Success → decode → AWS context blocks → read →
 * classify → done; Failed → classify what it printed, if anything; every other end → a failure
 * notice naming the cause → the result stored.
 */
import { en } from 'zod/locales';
// A namespace import: `import { z }` would keep the whole of zod/mini in the bundle.
import * as z from 'zod/mini';
import { INSTANCE_ID } from '../core/alarm/types.js';
import { decodeCaptureOutput } from '../core/capture/decode.js';
import { readCapture } from '../core/capture/read.js';
import { classify, type Triage } from '../core/classify.js';
import { type Comparison, compare } from '../core/compare.js';
import type {
  AwsContext,
  CaptureResult,
  Clock,
  CloudWatchGlance,
  Executor,
  FailureReason,
  FleetStanding,
  Invocation,
  InvocationLookup,
  Log,
  Notifier,
  TriageRecord,
  TriageStore,
} from './ports.js';
import { previousRunOf, type RerunnableRecord, rerunOf } from './rerun-capture.js';
import { notify, withGlance } from './start-triage.js';

// zod/mini loads no locale (its messages would all be "Invalid input"); English is what classic
// zod used and what the parse errors quote.
z.config(en());

// ---------------------------------------------------------------------------------------------
// The event

/**
 * `detail-type: "EC2 Command Invocation Status-change Notification"` (archived SSM user guide,
 * `monitoring-systems-manager-event-examples.md`; `test/fixtures/events/`). Keys are
 * kebab-case; there is no output in the event.
 */
const CaptureStatusEventSchema = z.object({
  source: z.literal('aws.ssm'),
  'detail-type': z.literal('EC2 Command Invocation Status-change Notification'),
  detail: z.object({
    'command-id': z.string().check(z.regex(/^[0-9a-f-]{36}$/i, 'not an SSM command id')),
    'instance-id': z.string().check(z.regex(INSTANCE_ID, 'not an EC2 instance id')),
    'document-name': z.optional(z.string()),
    status: z.string().check(z.minLength(1)),
  }),
});

export interface CaptureStatusEvent {
  commandId: string;
  instanceId: string;
  status: string;
  documentName?: string;
}

export const parseCaptureStatusEvent = (
  event: unknown,
): { success: true; data: CaptureStatusEvent } | { success: false; error: string } => {
  const parsed = CaptureStatusEventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      success: false,
      error: issue ? `${issue.path.join('.') || '(event)'}: ${issue.message}` : 'invalid event',
    };
  }
  const d = parsed.data.detail;
  return {
    success: true,
    data: {
      commandId: d['command-id'],
      instanceId: d['instance-id'],
      status: d.status,
      ...(d['document-name'] ? { documentName: d['document-name'] } : {}),
    },
  };
};

// ---------------------------------------------------------------------------------------------
// Statuses

/** What happened to one invocation, from `Status` and the finer `StatusDetails`. */
export type InvocationEnd =
  | 'success'
  | 'failed'
  | 'execution-timed-out'
  | 'delivery-timed-out'
  | 'cancelled'
  | 'undeliverable'
  | 'terminated'
  | 'access-denied'
  | 'invalid-platform'
  | 'running';

const squash = (s: string): string => s.toLowerCase().replace(/[\s_-]/g, '');

const BY_DETAILS: Record<string, InvocationEnd> = {
  success: 'success',
  failed: 'failed',
  executiontimedout: 'execution-timed-out',
  deliverytimedout: 'delivery-timed-out',
  canceled: 'cancelled',
  cancelled: 'cancelled',
  undeliverable: 'undeliverable',
  terminated: 'terminated',
  accessdenied: 'access-denied',
  invalidplatform: 'invalid-platform',
};

/** `Status` values; the event's `status` may also carry the finer names (`Undeliverable`). */
const BY_STATUS: Record<string, InvocationEnd> = {
  ...BY_DETAILS,
  timedout: 'execution-timed-out',
};

/** The end an invocation (or, lacking one, an event's status) reports; details first. */
export const invocationEnd = (status: string, details = ''): InvocationEnd =>
  BY_DETAILS[squash(details)] ?? BY_STATUS[squash(status)] ?? 'running';

// ---------------------------------------------------------------------------------------------

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

export type FinishOutcome =
  | { kind: 'in-progress' }
  | { kind: 'not-ours' }
  | { kind: 'duplicate'; triageId: string }
  | { kind: 'done'; triageId: string; result: CaptureResult }
  | { kind: 'failed'; triageId: string; result: CaptureResult };

/** Reads the invocation, waiting out SSM's eventual consistency a few short times. */
const readInvocation = async (
  event: CaptureStatusEvent,
  deps: FinishTriageDeps,
): Promise<{ lookup: InvocationLookup; tries: number }> => {
  const { attempts, baseDelayMs } = deps.retry ?? INVOCATION_RETRY;
  let lookup: InvocationLookup = { found: false };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    lookup = await deps.executor.getInvocation(event.commandId, event.instanceId);
    const settled =
      lookup.found &&
      invocationEnd(lookup.invocation.status, lookup.invocation.statusDetails) !== 'running';
    if (settled) return { lookup, tries: attempt };
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

const lastLine = (text: string): string | undefined =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1)
    ?.slice(0, 200);

/** The command sent to one instance, as the triage record holds it. */
interface RunInfo {
  instanceId: string;
  commandId: string;
  executionTimeoutSeconds?: number;
  deliveryTimeoutSeconds?: number;
}

/** Why this end gave no diagnosis, in words a person acts on. */
export const failureFor = (
  end: InvocationEnd,
  invocation: Invocation | undefined,
  run: RunInfo,
  optIn: { key: string; value: string },
): FailureReason => {
  const id = run.instanceId;
  switch (end) {
    case 'execution-timed-out':
      return {
        code: 'ssm_execution_timed_out',
        message:
          `The capture on ${id} did not finish within its ${run.executionTimeoutSeconds ?? 'execution'}-second ` +
          'execution timeout and SSM stopped it: the host may be too overloaded to run even a short capture.',
      };
    case 'delivery-timed-out':
      return {
        code: 'ssm_delivery_timed_out',
        message:
          `SSM could not deliver the capture to ${id} within ${run.deliveryTimeoutSeconds ?? 'its'} seconds ` +
          '(Delivery Timed Out): its agent stopped answering after the bot checked it; the host may be ' +
          'overloaded, or its network path to Systems Manager is down.',
      };
    case 'cancelled':
      return {
        code: 'ssm_cancelled',
        message: `The capture on ${id} was cancelled before it finished (command ${run.commandId} was cancelled in Systems Manager).`,
      };
    case 'undeliverable':
      return {
        code: 'ssm_undeliverable',
        message: `SSM could not deliver the capture to ${id} (Undeliverable): the instance may have stopped or been terminated, or its agent is not responding.`,
      };
    case 'terminated':
      return {
        code: 'ssm_terminated',
        message: `SSM terminated the capture on ${id} before it ran (Terminated): the command reached its error limit.`,
      };
    case 'access-denied':
      return {
        code: 'ssm_access_denied',
        message:
          `The bot may not run commands on ${id} (Access Denied): its role sends commands only to ` +
          `instances tagged ${optIn.key}=${optIn.value}. Tag the instance to opt it in.`,
      };
    case 'invalid-platform':
      return {
        code: 'ssm_invalid_platform',
        message: `${id} is not a Linux instance (Invalid Platform): the capture script runs on Linux only.`,
      };
    case 'failed': {
      const said = invocation ? lastLine(invocation.stderr) : undefined;
      return {
        code: 'capture_failed',
        message:
          `The capture script failed on ${id} (exit code ${invocation?.responseCode ?? 'unknown'}) ` +
          `before printing a capture${said ? `: ${said}` : '.'}`,
      };
    }
    case 'success':
      return {
        code: 'capture_empty',
        message: `The capture on ${id} succeeded but printed nothing.`,
      };
    case 'running':
      return {
        code: 'ssm_result_unavailable',
        message: `SSM reported the capture on ${id} finished, but its result could not be read yet.`,
      };
  }
};

/** The host's capture with the AWS context blocks after it. */
export const captureDocument = (captured: string, context: string): string =>
  context ? `${captured.replace(/\n*$/, '\n')}${context}` : captured;

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
  run: RunInfo,
  now: Date,
  deps: FinishTriageDeps,
): Promise<Reading> => {
  const { instanceId } = run;
  const end = invocationEnd(invocation.status, invocation.statusDetails);
  if ((end !== 'success' && end !== 'failed') || invocation.stdout.trim() === '') {
    return { kind: 'failed', failure: failureFor(end, invocation, run, deps.optIn) };
  }
  const decoded = decodeCaptureOutput(invocation.stdout);
  if (!decoded.ok) {
    return {
      kind: 'failed',
      failure: {
        code: 'capture_unreadable',
        message: `The capture from ${instanceId} could not be read: ${decoded.error}.`,
      },
      // Keep what it printed: the only trace of what went wrong.
      document: invocation.stdout,
    };
  }
  if (end === 'failed' && readCapture(decoded.text).blocks.length === 0) {
    return { kind: 'failed', failure: failureFor('failed', invocation, run, deps.optIn) };
  }
  const context = await deps.awsContext.describe(instanceId, now);
  const document = captureDocument(decoded.text, context.text);
  const triage = classify(readCapture(document), { now: now.toISOString() });
  deps.logger.info('capture classified', {
    cause: triage.cause,
    confidence: triage.confidence,
    compressed: decoded.compressed,
    partial: end === 'failed',
  });
  if (end === 'success') return { kind: 'diagnosed', document, triage };
  return {
    kind: 'diagnosed',
    document,
    triage,
    partial: {
      code: 'capture_failed',
      message: `The capture script exited with code ${invocation.responseCode} on ${instanceId}; this reads the part it printed.`,
    },
  };
};

/**
 * On a rerun's capture: how it compares with the capture before it on the same instance. The
 * previous result keeps its document, and reading that again gives back the facts `compare`
 * needs. `undefined` when this is no rerun, or the previous capture gave no diagnosis.
 */
/**
 * Where each instance of a fleet triage stands, for the card it shares: this capture's verdict,
 * the stored verdicts of the instances already done, the failures, and those still capturing.
 * Undefined for a one-instance triage (its card is the diagnosis itself).
 */
const fleetStandings = async (
  record: TriageRecord,
  current: { instanceId: string; triage: Triage },
  store: TriageStore,
): Promise<FleetStanding[] | undefined> => {
  if (record.instances.length < 2) return undefined;
  return Promise.all(
    record.instances.map(async (run): Promise<FleetStanding> => {
      const type = run.instanceType ? { instanceType: run.instanceType } : {};
      if (run.instanceId === current.instanceId) {
        const { facts: _facts, ...triage } = current.triage;
        return { instanceId: run.instanceId, ...type, triage };
      }
      if (run.failure) return { instanceId: run.instanceId, ...type, failure: run.failure };
      const stored = run.commandId
        ? await store
            .getResult(record.triageId, run.instanceId, run.commandId)
            .catch(() => undefined)
        : undefined;
      if (stored?.diagnosis)
        return { instanceId: run.instanceId, ...type, triage: stored.diagnosis };
      if (stored?.failure) return { instanceId: run.instanceId, ...type, failure: stored.failure };
      return { instanceId: run.instanceId, ...type, capturing: true };
    }),
  );
};

const compareWithPrevious = async (
  record: RerunnableRecord,
  run: RunInfo,
  after: Triage,
  deps: FinishTriageDeps,
): Promise<Comparison | undefined> => {
  if (!rerunOf(record, run.commandId)) return undefined;
  const previous = previousRunOf(record, run.instanceId, run.commandId);
  if (!previous?.commandId) return undefined;
  try {
    const before = await deps.store.getResult(record.triageId, run.instanceId, previous.commandId);
    if (before?.outcome !== 'diagnosed' || !before.document) {
      deps.logger.info('rerun not compared: the previous capture gave no diagnosis', {
        previousCommandId: previous.commandId,
      });
      return undefined;
    }
    const triageBefore = classify(readCapture(before.document), { now: before.finishedAt });
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

const saveOnce = async (store: TriageStore, result: CaptureResult, now: Date, log: Log) => {
  if (!(await store.saveResult(result, now))) {
    log.warn('result was stored meanwhile by a duplicate event', { commandId: result.commandId });
  }
};

/**
 * Finishes one instance's capture. Returns what it did; throws only on a bug or when the
 * store itself is unavailable.
 */
export const finishTriage = async (
  event: CaptureStatusEvent,
  deps: FinishTriageDeps,
): Promise<FinishOutcome> => {
  const { store, notifier, clock } = deps;
  const log = deps.logger;
  const { commandId, instanceId } = event;
  if (invocationEnd(event.status) === 'running') {
    log.debug('capture still running', { status: event.status });
    return { kind: 'in-progress' };
  }

  const triageId = await store.triageIdForCommand(commandId);
  const record: TriageRecord | undefined = triageId ? await store.getTriage(triageId) : undefined;
  if (!triageId || !record) {
    log.info('command not sent by alert-triage: ignored', { commandId, found: Boolean(triageId) });
    return { kind: 'not-ours' };
  }
  log.appendKeys({ triageId, alarmName: record.alarm.name, instanceId });
  if (await store.hasResult(triageId, instanceId, commandId)) {
    log.info('capture result already handled: duplicate event ignored', { commandId });
    return { kind: 'duplicate', triageId };
  }

  const now = clock.now();
  const sent = record.instances.find(
    (r) => r.instanceId === instanceId && r.commandId === commandId,
  );
  const run: RunInfo = { ...sent, instanceId, commandId };
  const { lookup, tries } = await readInvocation(event, deps);
  const invocation = lookup.found ? lookup.invocation : undefined;
  log.info('capture ended', {
    tries,
    ...(invocation
      ? {
          ssmStatus: invocation.status,
          statusDetails: invocation.statusDetails,
          exitCode: invocation.responseCode,
          stdoutChars: invocation.stdout.length,
        }
      : { found: false }),
  });
  const reading: Reading = invocation
    ? await readResult(invocation, run, now, deps)
    : {
        kind: 'failed',
        failure: {
          code: 'ssm_invocation_missing',
          message: `SSM has no record of the capture on ${instanceId} (command ${commandId}) after ${tries} tries; the command may have expired.`,
        },
      };
  const base = {
    triageId,
    instanceId,
    commandId,
    ssmStatus: invocation?.status ?? event.status,
    ssmStatusDetails: invocation?.statusDetails ?? '',
    finishedAt: now.toISOString(),
  };
  const handle = record.notification ? { handle: record.notification } : {};

  if (reading.kind === 'diagnosed') {
    const { triage, partial, document } = reading;
    const rerun = rerunOf(record, commandId) !== undefined;
    const comparison = await compareWithPrevious(record, run, triage, deps);
    const fleet = await fleetStandings(record, { instanceId, triage }, store);
    await notify(log, 'triageDone', () =>
      notifier.triageDone({
        triageId,
        alarm: record.alarm,
        instanceId,
        triage,
        commandId,
        capture: document,
        ...(partial ? { partial } : {}),
        ...(rerun ? { rerun } : {}),
        ...(comparison ? { comparison } : {}),
        ...(fleet ? { fleet } : {}),
        ...handle,
      }),
    );
    const { facts: _facts, ...diagnosis } = triage;
    const result: CaptureResult = { ...base, outcome: 'diagnosed', document, diagnosis };
    await saveOnce(store, result, now, log);
    return { kind: 'done', triageId, result };
  }

  // No diagnosis: say why, with what CloudWatch alone shows.
  const glance = await deps.awsContext
    .describe(instanceId, now)
    .then((c): CloudWatchGlance | undefined => c.glance)
    .catch(() => undefined);
  const reason = withGlance(reading.failure, glance);
  log.warn('capture gave no diagnosis', { code: reason.code });
  await notify(log, 'triageFailed', () =>
    notifier.triageFailed({
      triageId,
      alarm: record.alarm,
      instanceId,
      reason,
      ...(glance ? { glance } : {}),
      ...handle,
    }),
  );
  const result: CaptureResult = {
    ...base,
    outcome: 'failed',
    failure: reason,
    ...(reading.document !== undefined ? { document: reading.document } : {}),
  };
  await saveOnce(store, result, now, log);
  return { kind: 'failed', triageId, result };
};
