/**
 * What the Slack cards show, as the renderer takes it: plain data built from core types
 * (an alarm, a triage, a comparison), never the use cases' notices. The notifier maps its
 * notices onto these (`adapters/slack/card-views.ts`); the CLI builds them from a capture.
 */
import type { Alarm } from '../../core/alarm/types.js';
import type { CreditMode } from '../../core/burstable.js';
import type { Triage } from '../../core/classify.js';
import type { Comparison } from '../../core/compare.js';
import type { RemedyOffer } from '../../core/remedy/offers.js';

/** The alarm as a card shows it (and links it in the console). */
export type AlarmView = Pick<Alarm, 'name' | 'region' | 'reason' | 'changedAt'>;

/** Why something could not be done: a stable code and one or two plain sentences. */
export interface ProblemView {
  code: string;
  message: string;
}

/** "Triaging <alarm> on <instances> (capturing ~12 s)…" */
export interface StartedView {
  triageId: string;
  alarm: AlarmView;
  /** Instances a capture was sent to, hottest first. */
  instanceIds: string[];
  /** Running instances that were candidates (an ASG of 12, 3 captured). */
  candidates: number;
  seconds: number;
}

/** One instance's diagnosis: the triage card, or a rerun's reply in its thread. */
export interface TriageView {
  triageId: string;
  alarm: AlarmView;
  instanceId: string;
  triage: Triage;
  /** The SSM command that took the capture (for a console link). */
  commandId?: string;
  /** The capture script failed but printed enough to read. */
  partial?: ProblemView;
  /** What the last days held on the same target. */
  history?: HistoryView;
  /** How the instance compares with a healthy peer of its group, when one was captured. */
  peer?: PeerView;
  /** Fixes alert-triage may apply on approval; absent unless remediation is enabled. */
  remedies?: RemediesView;
}

/** "Seen 4 times on web-prod in 30 days: syscall-storm 3×, …" */
export interface HistoryView {
  target: string;
  days: number;
  seen: number;
  causes: { cause: string; count: number }[];
  lastResolvedAfterMs?: number;
  lastRerun?: { verdict: string; at: string; after?: string };
}

/** The sick instance beside a healthy peer: what differs first, then what is the same. */
export interface PeerView {
  /** The peer, as its capture names it. */
  host?: string;
  /** The peer's own diagnosis (`healthy`, or what the classifier made of it). */
  cause: string;
  differs: { label: string; sick: string; healthy: string; reason: string }[];
  /** Labels of what is the same on the peer: each a cause it rules out. */
  same: string[];
  /** How many measures only one of the two captures showed. */
  notCompared: number;
}
/** The fixes offered for one instance's capture (`sections/remedies.ts`). */
export interface RemediesView {
  /** The instance's place among the triage's captured instances, for the buttons' value. */
  instanceOrdinal: number;
  offers: RemedyOffer[];
}

/** A rerun's result: the new diagnosis and, when there was an earlier capture, the change. */
export interface RerunView extends TriageView {
  comparison?: Comparison;
}

/** What CloudWatch alone shows of an instance, when the host itself could not be asked. */
export interface GlanceView {
  instanceType?: string;
  creditMode?: CreditMode;
  cpu?: { latest: number; max: number; at: string; points: number };
  creditBalance?: { latest: number; at: string };
  memoryUsedPercent?: { latest: number; at: string };
}

/** A triage that could not run. */
export interface FailedView {
  triageId: string;
  alarm: AlarmView;
  instanceId?: string;
  reason: ProblemView;
  glance?: GlanceView;
}

/** The alarm went back to OK. */
export interface ResolvedView {
  triageId: string;
  /** The OK transition: its time is when the alarm resolved. */
  alarm: AlarmView;
  /** From the ALARM transition to the OK. */
  durationMs: number;
}

/** One instance of a fleet alarm (or a storm): diagnosed, not triaged, or still capturing. */
export type FleetInstanceView = {
  instanceId: string;
  instanceType?: string;
  /** In a storm: the alarm that led to it. */
  alarmName?: string;
} & ({ triage: Omit<Triage, 'facts'> } | { failure: ProblemView } | { capturing: true });

/** A fleet alarm: one card for the alarm, a section per instance. */
export interface FleetView {
  triageId: string;
  alarm: AlarmView;
  instances: FleetInstanceView[];
  candidates?: number;
  /** A storm: the alarms sharing the card, the first one's first. */
  storm?: string[];
}
