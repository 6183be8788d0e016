/**
 * The triage as it is stored: the record of one alarm transition, its instances' captures and
 * their results. The use cases write these; the store keeps them as they are.
 */
import type { DeepMode } from '../capture-script/options.js';
import type { Alarm, Target } from '../core/alarm/types.js';
import type { Triage } from '../core/classify.js';
import type { FailureReason } from './failures.js';

/** A notification's address, to update it or reply under it (Slack: channel + ts). */
export type NotificationHandle = Readonly<Record<string, string>>;

/**
 * `sending`: SendCommand was about to be called (a crash here leaves it unknown whether the
 * command went out); `capturing`: the command id is stored; `failed`: no command could be sent.
 */
export type InstanceRunStatus = 'sending' | 'capturing' | 'failed';

/** One instance of a triage: the command sent to it, or why none was. */
export interface InstanceRun {
  instanceId: string;
  instanceType?: string;
  commandId?: string;
  /** The timeouts the command was sent with, for the messages when one expires. */
  executionTimeoutSeconds?: number;
  deliveryTimeoutSeconds?: number;
  /** ISO time after which the capture's end is polled for instead of awaited. */
  deadline?: string;
  status: InstanceRunStatus;
  failure?: FailureReason;
  /** The failure was told (so a resumed triage does not tell it twice). */
  failureNotified?: boolean;
  /** The coolest instance of the group, captured to compare the hottest with. */
  peer?: boolean;
}

/**
 * `starting`: claimed and being set up (a retried invocation resumes it); `capturing`: every
 * command is out and the start was told; `failed`: nothing could be captured.
 */
export type TriageStatus = 'starting' | 'capturing' | 'failed' | 'resolved';

/** One rerun of a triage (the Rerun or Deep button). */
export interface Rerun {
  /** ISO time it was asked for. */
  at: string;
  /** The Slack user (or other caller) who asked. */
  by?: string;
  deep: DeepMode;
  seconds: number;
  /** The commands it sent, one per instance. */
  commandIds: string[];
}

export interface TriageRecord {
  triageId: string;
  transitionKey: string;
  alarm: Alarm;
  targets: Target[];
  /** Every capture sent, in the order sent (a rerun appends its own). */
  instances: InstanceRun[];
  /** How many running instances were candidates (an ASG of 12, 3 captured). */
  candidates?: number;
  /** ISO time the triage started. */
  startedAt: string;
  status: TriageStatus;
  failure?: FailureReason;
  /** The triage's failure (no instance at all) was told. */
  failureNotified?: boolean;
  seconds: number;
  deep: DeepMode;
  notification?: NotificationHandle;
  resolvedAt?: string;
  /** ISO time the resolution was told. */
  resolveNotifiedAt?: string;
  reruns?: Rerun[];
  /** The storm this triage joined: alarms on the same target within a window share a card. */
  storm?: StormMembership;
}

/** A triage's place in a storm. */
export interface StormMembership {
  /** The storm's target key ({@link targetKey}). */
  target: string;
  /** The first triage of the storm, whose card the others share. */
  leader: string;
}

/** A storm as stored: who is in it and where its card is. */
export interface Storm {
  leader: string;
  /** Every triage of the storm, the leader first, in the order they joined. */
  members: string[];
  /** ISO time after which a new alarm on the target starts a storm of its own. */
  until: string;
  card?: NotificationHandle;
}

/** The outcome of one capture on one instance. */
export interface CaptureResult {
  triageId: string;
  instanceId: string;
  commandId: string;
  /** SSM `Status` and `StatusDetails` as received. */
  ssmStatus: string;
  ssmStatusDetails: string;
  finishedAt: string;
  outcome: 'diagnosed' | 'failed';
  /** The capture document as read: the host's capture with the AWS context blocks appended. */
  document?: string;
  /** The classifier's verdict, without the facts (the document gives them back). */
  diagnosis?: Omit<Triage, 'facts'>;
  failure?: FailureReason;
  /** The command's deadline, so storing the result also retires it. */
  deadline?: string;
  /** ISO time the result was told; absent while a notification is still owed. */
  notifiedAt?: string;
}

export interface Mute {
  alarmArn: string;
  /** ISO time the mute ends. */
  until: string;
  by?: string;
}

/** A capture whose deadline has passed with no result stored. */
export interface OverdueCapture {
  triageId: string;
  instanceId: string;
  commandId: string;
  deadline: string;
}

/**
 * How an invocation stands, in the use cases' words: the SSM adapter reads SSM's `Status` and
 * `StatusDetails` spellings into one of these (`running` for anything not yet an end).
 */
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

/** A command's status, from SSM's event or from the sweep. */
export interface CaptureStatus {
  commandId: string;
  instanceId: string;
  /** SSM's word for it, kept with the result when GetCommandInvocation gives none. */
  status: string;
  end: InvocationEnd;
}

/** A status event for a command the store did not know yet, kept to be tried again. */
export interface ParkedEvent extends CaptureStatus {
  /** ISO time it was parked. */
  parkedAt: string;
}

/**
 * One alarm transition seen on a target (an instance, group or environment), kept 90 days for
 * the card's history line. Filled in as the triage goes: its first diagnosis, how long until
 * the alarm cleared, what a rerun showed.
 */
export interface TargetEvent {
  /** `instance/i-…`, `asg/<name>` or `eb/<name>` ({@link targetKey}). */
  target: string;
  triageId: string;
  /** ISO time the triage started. */
  startedAt: string;
  alarmName: string;
  /** The first diagnosis of the triage (`inconclusive` included). */
  cause?: string;
  /** From the ALARM to the OK. */
  resolvedAfterMs?: number;
  /** The verdict of the triage's last rerun comparison (`resolved`, `improved`, …). */
  rerunVerdict?: string;
  rerunAt?: string;
  /** The fix applied on a click before that rerun (`DD_PROFILING_ENABLED=false`). */
  fix?: string;
}

/** The history key of a target. */
export const targetKey = (t: Target): string =>
  t.kind === 'instance'
    ? `instance/${t.instanceId}`
    : t.kind === 'auto-scaling-group'
      ? `asg/${t.name}`
      : `eb/${t.name}`;

/** What a target's history says, for the card: "Seen 4 times on web-prod in 30 days: …". */
export interface HistorySummary {
  /** The target's name: an instance id, a group or an environment. */
  target: string;
  days: number;
  /** Earlier triages on the target in those days (this one not counted). */
  seen: number;
  /** Their first diagnoses, most frequent first. */
  causes: { cause: string; count: number }[];
  /** How long the last resolved one took to clear. */
  lastResolvedAfterMs?: number;
  /** The last rerun verdict among them, and the fix applied before it. */
  lastRerun?: { verdict: string; at: string; after?: string };
}
