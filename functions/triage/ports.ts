/**
 * The ports the triage use cases talk to: one small interface per outside concern. The
 * adapters in `functions/adapters/` implement them over AWS; tests pass in-memory fakes.
 * Nothing here imports an SDK.
 */

import type { DeepMode } from '../capture-script/options.js';
import type { Alarm, AlarmMetric, Target } from '../core/alarm/types.js';
import type { CreditMode } from '../core/burstable.js';
import type { Triage } from '../core/classify.js';
import type { Comparison } from '../core/compare.js';
import type { CauseId } from '../core/diagnosis.js';
import type { PeerComparison } from '../core/peer/compare-peer.js';
import type { FailureReason } from './failures.js';
import type {
  CaptureResult,
  HistorySummary,
  InvocationEnd,
  Mute,
  NotificationHandle,
  OverdueCapture,
  ParkedEvent,
  Storm,
  TargetEvent,
  TriageRecord,
} from './model.js';

// ---------------------------------------------------------------------------------------------
// Errors and logging

/** Stable codes an adapter failure carries into logs, metrics and messages. */
export type AdapterErrorCode =
  /** The service kept answering "slow down" after the client's bounded retries. */
  | 'throttled'
  /** The Lambda's role may not make the call. */
  | 'access_denied'
  | 'ssm_send_failed'
  | 'ssm_get_invocation_failed'
  | 'ssm_describe_failed'
  | 'ec2_describe_failed'
  | 'autoscaling_describe_failed'
  | 'cloudwatch_failed'
  | 'store_failed'
  | 'remediation_failed';

/**
 * An outside call that failed for a reason that is not an expected outcome (an offline agent,
 * a timed-out command and a terminated instance are values, not errors). Adapters wrap SDK
 * errors in it; `cause` keeps the original.
 */
export class AdapterError extends Error {
  readonly code: AdapterErrorCode;

  constructor(code: AdapterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AdapterError';
    this.code = code;
  }
}

export const isAdapterError = (error: unknown): error is AdapterError =>
  error instanceof AdapterError;

/** The logging the use cases and adapters need; Powertools' Logger satisfies it. */
export interface Log {
  debug(message: string, ...attributes: Record<string, unknown>[]): void;
  info(message: string, ...attributes: Record<string, unknown>[]): void;
  warn(message: string, ...attributes: Record<string, unknown>[]): void;
  error(message: string, ...attributes: Record<string, unknown>[]): void;
  /** Keys added to every later line of this invocation (triageId, alarmName, instanceId). */
  appendKeys(keys: Record<string, unknown>): void;
}

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/** The clock of the running process. */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

// ---------------------------------------------------------------------------------------------
// Executor: SSM Run Command

export interface CaptureRequest {
  triageId: string;
  instanceId: string;
  /** Sampling window, 3–60 s. */
  seconds: number;
  deep: DeepMode;
  /** `--strace-seconds`: how long strace (and perf, with `deep: 'always'`) watch; 2–20 s. */
  straceSeconds?: number;
  /** The process to look at closely; the script picks the hottest one when absent. */
  pid?: number;
  /** Shown in the SSM console beside the command (≤ 100 characters; longer is cut). */
  comment: string;
}

export interface SentCapture {
  commandId: string;
  instanceId: string;
  /** The execution timeout given to SSM, seconds. */
  executionTimeoutSeconds: number;
  /** The delivery timeout given to SSM, seconds. */
  deliveryTimeoutSeconds: number;
}

export interface Invocation {
  commandId: string;
  instanceId: string;
  /** SSM's `Status` as it said it (kept with the result). */
  status: string;
  end: InvocationEnd;
  /**
   * The finer status (`Delivery Timed Out`, `Execution Timed Out`, `Undeliverable`,
   * `Terminated`, `Invalid Platform`, `Access Denied`, …); may be empty.
   */
  statusDetails: string;
  /** The script's exit code; -1 when it never ran. */
  responseCode: number;
  /** The first 24,000 characters of standard output (empty unless Success or Failed). */
  stdout: string;
  /** The first 8,000 characters of standard error. */
  stderr: string;
}

/** What GetCommandInvocation said: the invocation, or that SSM does not (yet) know it. */
export type InvocationLookup = { found: true; invocation: Invocation } | { found: false };

export interface Executor {
  /** Sends the capture script to one instance. @throws {AdapterError} */
  sendCapture(request: CaptureRequest): Promise<SentCapture>;
  /** `found: false` for `InvocationDoesNotExist` (SSM is eventually consistent). */
  getInvocation(commandId: string, instanceId: string): Promise<InvocationLookup>;
}

// ---------------------------------------------------------------------------------------------
// Reachability: is the SSM agent there and answering?

export type AgentStatus =
  | { instanceId: string; managed: false }
  | {
      instanceId: string;
      managed: true;
      /** `Online`, `ConnectionLost`, `Inactive` (deprecated). */
      pingStatus: string;
      lastPingAt?: string;
      platformType?: string;
      agentVersion?: string;
    };

export interface Reachability {
  /** One entry per id asked about, in the same order. */
  check(instanceIds: readonly string[]): Promise<AgentStatus[]>;
}

// ---------------------------------------------------------------------------------------------
// Targets: alarm targets → running instances, hottest first

export interface ResolvedInstance {
  instanceId: string;
  instanceType?: string;
  /** Average CPUUtilization over the last minutes, when it was needed to rank. */
  recentCpu?: number;
  /** Which of the alarm's targets led here. */
  via: Target;
}

export type SkipReason =
  /** The instance exists but is stopped, stopping, terminated, … */
  | 'not-running'
  /** EC2 does not know the id (terminated long ago, other account or region, typo). */
  | 'not-found'
  | 'group-not-found'
  /** An ASG or environment with no running (InService) instance. */
  | 'no-running-instances';

export interface SkippedTarget {
  target: Target;
  reason: SkipReason;
  instanceId?: string;
  /** EC2 state name when known (`terminated`, `stopped`). */
  state?: string;
}

export interface TargetResolution {
  /** Running instances to capture, hottest first, at most the limit asked for. */
  instances: ResolvedInstance[];
  /**
   * The coolest running candidate left out of `instances`, when the candidates were ranked: a
   * healthy peer to compare the hottest with.
   */
  coolest?: ResolvedInstance;
  /** How many running instances were candidates before the limit. */
  candidates: number;
  skipped: SkippedTarget[];
}

export interface TargetResolver {
  /** @throws {AdapterError} */
  resolve(
    targets: readonly Target[],
    limit: number,
    options?: {
      /** Also find a healthy peer: for a lone instance of a group, its coolest mate. */
      peer?: boolean;
    },
  ): Promise<TargetResolution>;
}

// ---------------------------------------------------------------------------------------------
// AWS context added to a capture

/** What CloudWatch alone says about an instance: the fallback when no capture can run. */
export interface CloudWatchGlance {
  instanceType?: string;
  creditMode?: CreditMode;
  /** CPUUtilization over the last 3 hours (5-minute averages). */
  cpu?: { latest: number; max: number; at: string; points: number };
  /** CPUCreditBalance, newest point (burstable instances). */
  creditBalance?: { latest: number; at: string };
  /** CWAgent mem_used_percent, newest point. */
  memoryUsedPercent?: { latest: number; at: string };
}

export interface AwsContextDocument {
  /**
   * Capture-document blocks in the AWS CLI's JSON (`==> aws ec2 describe-instances … <==`),
   * plus `# note:` lines for what could not be had.
   */
  text: string;
  glance: CloudWatchGlance;
}

export interface AwsContext {
  /**
   * Best effort: a failed call becomes a `# note:` line, never an exception. `alarmAt` ends the
   * window of what changed before the alarm (`now` when absent).
   */
  describe(instanceId: string, now: Date, alarmAt?: Date): Promise<AwsContextDocument>;
}

// ---------------------------------------------------------------------------------------------
// Composite alarms

export interface AlarmChildren {
  /** The metrics of the alarms behind a composite alarm's triggering children. */
  metricsOf(alarmArns: readonly string[]): Promise<{ metrics: AlarmMetric[]; missing: string[] }>;
}

// ---------------------------------------------------------------------------------------------
// Notifications

export interface TriageStartedNotice {
  triageId: string;
  alarm: Alarm;
  /** Instances a capture was sent to, hottest first. */
  instances: { instanceId: string; commandId: string; instanceType?: string }[];
  /** Running instances that were candidates (an ASG of 12, 3 captured). */
  candidates: number;
  seconds: number;
}

/** One instance of a fleet triage (or a storm): diagnosed, failed, or still capturing. */
export type FleetStanding = {
  instanceId: string;
  instanceType?: string;
  /** In a storm: the alarm that led to this instance. */
  alarmName?: string;
} & (
  | { commandId?: string; triage: Omit<Triage, 'facts'> }
  | { failure: FailureReason }
  | { capturing: true }
);

export interface TriageDoneNotice {
  triageId: string;
  alarm: Alarm;
  instanceId: string;
  triage: Triage;
  /** The SSM command that took the capture (for a console link). */
  commandId?: string;
  /** The capture document read, for the thread; adapters redact it again before it leaves. */
  capture?: string;
  /** Set when the capture script failed but printed enough to read. */
  partial?: FailureReason;
  /** Set on a rerun's capture, whether or not there was an earlier capture to compare. */
  rerun?: boolean;
  /** Set on a rerun: how this capture compares with the one before it. */
  comparison?: Comparison;
  /** A fleet triage (several instances): where each of them stands, for the shared card. */
  fleet?: FleetStanding[];
  /** In a storm: the alarms sharing the card, the leader's first. */
  storm?: string[];
  /** What the last 30 days held on the same target, when anything. */
  history?: HistorySummary;
  handle?: NotificationHandle;
  /** Set by finish-triage when a healthy peer of the group was captured beside this instance. */
  peer?: PeerComparison;
}

export interface TriageFailedNotice {
  triageId: string;
  alarm: Alarm;
  instanceId?: string;
  reason: FailureReason;
  /** What CloudWatch shows when the host itself could not be asked. */
  glance?: CloudWatchGlance;
  handle?: NotificationHandle;
}

/** The last diagnosis a triage gave, to keep on its card when the alarm clears. */
export type LastDiagnosis = Pick<
  TriageDoneNotice,
  /** `alarm` is the ALARM the diagnosis answered, not the OK that resolves it. */
  'alarm' | 'instanceId' | 'triage' | 'commandId'
>;

export interface AlarmResolvedNotice {
  alarm: Alarm;
  triageId: string;
  /** From the ALARM transition to this OK. */
  durationMs: number;
  /** The triage's last diagnosis, when one was stored; without it the card says only this. */
  last?: LastDiagnosis;
  handle?: NotificationHandle;
}

/**
 * A notification failure that may pass if tried later (a rate limit, no answer): the use case
 * lets the invocation fail so Lambda tries again and, when it keeps failing, dead-letters the
 * event. Any other failure (a channel the bot is not in) would fail the same way again: it is
 * logged as a failed notification, which an alarm watches, and not retried.
 */
export const isRetryableFailure = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { retryable?: unknown }).retryable === true;

export interface Notifier {
  triageStarted(notice: TriageStartedNotice): Promise<NotificationHandle | undefined>;
  triageDone(notice: TriageDoneNotice): Promise<void>;
  triageFailed(notice: TriageFailedNotice): Promise<void>;
  alarmResolved(notice: AlarmResolvedNotice): Promise<void>;
  /** The week's digest, posted to the channel (issue 10, feedback). */
  weeklyDigest(digest: WeeklyDigest): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// State

/** What claiming a transition found. */
export type BeginOutcome =
  /** This call claimed it: the record is stored with status `starting`. */
  | { kind: 'created' }
  /** Claimed before (a redelivery or a retried invocation): the record, to resume or leave. */
  | { kind: 'exists'; record: TriageRecord | undefined }
  /** A later transition of the same alarm already has a triage: this one is stale. */
  | { kind: 'superseded' };

export type CooldownClaim =
  | { claimed: true }
  /** Another triage captured this instance within the cooldown. */
  | { claimed: false; triageId: string; at: string };

/** The fields of a record that change after it is written. */
export type TriageChanges = Partial<
  Pick<TriageRecord, 'status' | 'resolvedAt' | 'resolveNotifiedAt' | 'notification'>
>;

export interface TriageStore {
  /**
   * Claims the alarm transition and stores the record in one write, and makes it the alarm's
   * newest triage. SNS, EventBridge and Lambda may all deliver an event more than once.
   */
  beginTriage(record: TriageRecord, now: Date): Promise<BeginOutcome>;
  /** A one-time claim (a resolution, a rerun interval); `false` when already claimed. */
  claimTransition(key: string, triageId: string, now: Date): Promise<boolean>;
  /** Claims the instance for `seconds` (the same triage may claim it again). */
  claimCooldown(
    instanceId: string,
    triageId: string,
    now: Date,
    seconds: number,
  ): Promise<CooldownClaim>;
  /** Gives the instance back when this triage's capture could not be sent after all. */
  releaseCooldown(instanceId: string, triageId: string, now: Date): Promise<void>;
  /** The mute on this alarm, when one is in force at `now`. */
  mute(alarmArn: string, now: Date): Promise<Mute | undefined>;
  putMute(mute: Mute, now: Date): Promise<void>;
  /**
   * Stores the whole record, a pointer from each command to it and each command's deadline.
   * Never changes which triage is the alarm's newest.
   */
  saveTriage(record: TriageRecord, now: Date): Promise<void>;
  /** Changes a few fields of a stored record; nothing when it has expired. */
  updateTriage(triageId: string, changes: TriageChanges): Promise<void>;
  getTriage(triageId: string): Promise<TriageRecord | undefined>;
  /** The triage a command belongs to; `undefined` for commands the store does not know. */
  triageIdForCommand(commandId: string): Promise<string | undefined>;
  /** The newest triage of this alarm. */
  latestTriageOf(alarmArn: string): Promise<TriageRecord | undefined>;
  /** Claims the result of a command: `false` when one was stored already. */
  saveResult(result: CaptureResult, now: Date): Promise<boolean>;
  /** A stored result with its capture document, for comparisons and the resolved card. */
  getResult(
    triageId: string,
    instanceId: string,
    commandId: string,
  ): Promise<CaptureResult | undefined>;
  /**
   * The result was told (or could never be): it is settled, and its command's deadline is
   * retired in the same write. Until then the sweep keeps offering it.
   */
  markNotified(result: CaptureResult, at: Date): Promise<void>;
  /** Captures whose deadline fell between `since` and `now` and that have no result yet. */
  overdueCaptures(now: Date, since: Date): Promise<OverdueCapture[]>;
  /** Keeps a status event whose command is not known yet. */
  parkEvent(event: ParkedEvent, now: Date): Promise<void>;
  /** Events parked since `since` and not yet taken. */
  parkedEvents(now: Date, since: Date): Promise<ParkedEvent[]>;
  /** The parked event was handled (or given up on). */
  unpark(event: ParkedEvent): Promise<void>;
  /**
   * Notes what is known of a triage on each of its targets' histories (kept 90 days). With
   * `firstOnly`, a field already noted keeps its value (a fleet's first diagnosis).
   */
  noteHistory(
    targets: readonly string[],
    triage: Pick<TargetEvent, 'triageId' | 'startedAt'>,
    fields: Partial<
      Pick<
        TargetEvent,
        'alarmName' | 'cause' | 'resolvedAfterMs' | 'rerunVerdict' | 'rerunAt' | 'fix'
      >
    >,
    now: Date,
    options?: { firstOnly?: boolean },
  ): Promise<void>;
  /** A target's triages started since `since`, oldest first (a Query, never a Scan). */
  historyOf(target: string, since: Date): Promise<TargetEvent[]>;
  /**
   * Joins the target's storm, or opens one (this triage leads it) when none is open at `now`.
   * The same triage joining again gets the same answer.
   */
  joinStorm(target: string, triageId: string, now: Date, windowMs: number): Promise<Storm>;
  /** The storm's card, once its leader has posted it. */
  setStormCard(target: string, leader: string, card: NotificationHandle): Promise<void>;
  /** The target's storm as stored, open or not. */
  stormOf(target: string): Promise<Storm | undefined>;
}

// ---------------------------------------------------------------------------------------------
// The alarm as CloudWatch has it now

export interface AlarmNow {
  state: string;
  /** ISO time of the alarm's last state change. */
  updatedAt: string;
}

export interface AlarmStates {
  /** The alarm's state now; `undefined` when the alarm no longer exists. @throws {AdapterError} */
  current(alarmName: string): Promise<AlarmNow | undefined>;
}

// ---------------------------------------------------------------------------------------------
// Feedback on diagnoses and the weekly digest (issue 10, item 5)

/** What a person said of the cause a card showed. */
export type FeedbackVerdict = 'right' | 'wrong';

/** One person's latest word on one triage's diagnosis: the capture it judged, and who and when. */
export interface Feedback {
  triageId: string;
  /** The capture whose diagnosis the card showed, resolved from the stored triage. */
  instanceId: string;
  commandId: string;
  /** The cause the card showed. */
  shownCause: CauseId;
  verdict: FeedbackVerdict;
  /** What the cause was, in their view; only with `wrong`. */
  actualCause?: CauseId;
  /** The Slack user id. */
  by: string;
  /** ISO time given. */
  at: string;
  /** The ISO week the triage started in (`2026-W47`): feedback is counted with its triage. */
  week: string;
}

/** A triage as the week's index keeps it: enough to count it and its targets. */
export interface TriageOfWeek {
  triageId: string;
  alarmName: string;
  targets: Target[];
  /** ISO time the triage started. */
  startedAt: string;
}

export interface FeedbackStore {
  /** Stores one person's word on a triage; a later word of the same person replaces it. */
  putFeedback(feedback: Feedback, now: Date): Promise<void>;
  /** All feedback on the triages started in this ISO week. */
  feedbackOfWeek(week: string): Promise<Feedback[]>;
  /** The triages started in this ISO week. */
  triagesOfWeek(week: string): Promise<TriageOfWeek[]>;
}

/** How often the card's cause was right, from the feedback on it. */
export interface CausePrecision {
  cause: CauseId;
  right: number;
  wrong: number;
}

export interface WeeklyDigest {
  /** `2026-W47`, and its Monday and the Monday after, as ISO dates. */
  week: string;
  from: string;
  to: string;
  triages: number;
  /** Triages whose alarm went back to OK. */
  resolved: number;
  /** Median from the ALARM to the OK of the resolved triages. */
  medianTimeToOkMs?: number;
  feedback: number;
  /** Per cause shown, most judged first. */
  precision: CausePrecision[];
  /** Targets with more than one triage this week, most first. */
  recurrentTargets: { target: Target; triages: number }[];
}

// ---------------------------------------------------------------------------------------------
// Remediation: the fixes applied on an approver's click (see `remediate.ts`)

/** What AWS answered to a fix: its request id for the audit line, and the command when sent. */
export interface RemedyReceipt {
  /** The API call's name, as the audit line shows it (`UpdateEnvironment`). */
  call: string;
  requestId: string;
  commandId?: string;
}

export interface RemedyActions {
  /** `ModifyInstanceCreditSpecification` to `unlimited`. @throws {AdapterError} */
  switchToUnlimited(instanceId: string): Promise<RemedyReceipt>;
  /** `UpdateEnvironment` with one environment property. @throws {AdapterError} */
  setEnvironmentProperty(environment: string, name: string, value: string): Promise<RemedyReceipt>;
  /** Sends the stack's restart document for one unit to one instance. @throws {AdapterError} */
  restartUnit(instanceId: string, unit: string, comment: string): Promise<RemedyReceipt>;
}

export type RemedyClaim =
  | { claimed: true }
  /** Someone claimed this action first: who, when, and what AWS answered when it is known. */
  | { claimed: false; by: string; at: string; requestId?: string };

export interface RemedyLedger {
  /**
   * Claims one action once (a conditional write): a second click, or another approver, gets
   * who claimed it. An action whose AWS call failed may be claimed again.
   */
  claim(actionKey: string, triageId: string, by: string, now: Date): Promise<RemedyClaim>;
  /** What the AWS call answered, on the claim: its request id, or that it failed. */
  settle(
    actionKey: string,
    triageId: string,
    outcome: { requestId: string } | { failed: string },
  ): Promise<void>;
}
