/**
 * The use cases' notices → the views the Slack renderer takes (`render/slack/view.ts`), so
 * the cards know nothing of the ports and a change to a notice stops here.
 */
import type { Alarm, Target } from '../../core/alarm/types.js';
import type { PeerComparison } from '../../core/peer/compare-peer.js';
import { remedyOffers } from '../../core/remedy/offers.js';
import type {
  AlarmView,
  FailedView,
  FleetView,
  PeerView,
  RemediesView,
  RerunView,
  ResolvedView,
  StartedView,
  TriageView,
} from '../../render/slack/view.js';
import type { WeeklyDigestView } from '../../render/slack/weekly-digest.js';
import type {
  AlarmResolvedNotice,
  LastDiagnosis,
  TriageDoneNotice,
  TriageFailedNotice,
  TriageStartedNotice,
  WeeklyDigest,
} from '../../triage/ports.js';

const alarmView = (alarm: Alarm): AlarmView => ({
  name: alarm.name,
  region: alarm.region,
  reason: alarm.reason,
  changedAt: alarm.changedAt,
});

export const startedView = (notice: TriageStartedNotice): StartedView => ({
  triageId: notice.triageId,
  alarm: alarmView(notice.alarm),
  instanceIds: notice.instances.map((i) => i.instanceId),
  candidates: notice.candidates,
  seconds: notice.seconds,
});

/** A diagnosis of one instance: a finished triage, or the last one kept when it resolves. */
/** The peer comparison as the card shows it: the differing rows whole, the same ones named. */
export const peerView = (peer: PeerComparison): PeerView => ({
  ...(peer.healthy.host ? { host: peer.healthy.host } : {}),
  cause: peer.healthy.cause,
  differs: peer.rows
    .filter((r) => r.verdict === 'differs')
    .map(({ label, sick, healthy, reason }) => ({ label, sick, healthy, reason })),
  same: peer.rows.filter((r) => r.verdict === 'same').map((r) => r.label),
  notCompared: peer.notCompared.length,
});

export const triageView = (
  notice: LastDiagnosis & Pick<TriageDoneNotice, 'triageId' | 'partial' | 'history' | 'peer'>,
): TriageView => ({
  triageId: notice.triageId,
  alarm: alarmView(notice.alarm),
  instanceId: notice.instanceId,
  triage: notice.triage,
  ...(notice.commandId ? { commandId: notice.commandId } : {}),
  ...(notice.partial ? { partial: notice.partial } : {}),
  ...(notice.history ? { history: notice.history } : {}),
  ...(notice.peer ? { peer: peerView(notice.peer) } : {}),
});

export const rerunView = (notice: TriageDoneNotice): RerunView => ({
  ...triageView(notice),
  ...(notice.comparison ? { comparison: notice.comparison } : {}),
});

/** The shared card of a fleet triage, from where each instance stands. */
export const fleetView = (
  notice: TriageDoneNotice & { fleet: NonNullable<TriageDoneNotice['fleet']> },
): FleetView => ({
  triageId: notice.triageId,
  alarm: alarmView(notice.alarm),
  ...(notice.storm ? { storm: notice.storm } : {}),
  instances: notice.fleet.map((standing) => {
    const base = {
      instanceId: standing.instanceId,
      ...(standing.instanceType ? { instanceType: standing.instanceType } : {}),
      ...(standing.alarmName ? { alarmName: standing.alarmName } : {}),
    };
    if ('triage' in standing) return { ...base, triage: standing.triage };
    if ('failure' in standing) return { ...base, failure: standing.failure };
    return { ...base, capturing: true as const };
  }),
});

export const failedView = (notice: TriageFailedNotice): FailedView => ({
  triageId: notice.triageId,
  alarm: alarmView(notice.alarm),
  ...(notice.instanceId ? { instanceId: notice.instanceId } : {}),
  reason: notice.reason,
  ...(notice.glance ? { glance: notice.glance } : {}),
});

export const resolvedView = (notice: AlarmResolvedNotice): ResolvedView => ({
  triageId: notice.triageId,
  alarm: alarmView(notice.alarm),
  durationMs: notice.durationMs,
});

const targetName = (t: Target): string =>
  t.kind === 'instance'
    ? t.instanceId
    : `${t.name} (${t.kind === 'auto-scaling-group' ? 'Auto Scaling group' : 'Beanstalk environment'})`;

export const weeklyDigestView = (digest: WeeklyDigest): WeeklyDigestView => ({
  ...digest,
  recurrentTargets: digest.recurrentTargets.map((t) => ({
    name: targetName(t.target),
    triages: t.triages,
  })),
});

/**
 * The fixes to offer under one instance's diagnosis (remediation enabled). The instance's place
 * is its first appearance among the triage's captures, as the fleet lists them; a fleet that
 * does not list it gets no offer (the button would name another instance's capture).
 */
export const remediesView = (notice: TriageDoneNotice): RemediesView | undefined => {
  const instances = notice.fleet ? [...new Set(notice.fleet.map((s) => s.instanceId))] : [];
  const ordinal = notice.fleet ? instances.indexOf(notice.instanceId) : 0;
  return ordinal < 0
    ? undefined
    : { instanceOrdinal: ordinal, offers: remedyOffers(notice.triage) };
};
