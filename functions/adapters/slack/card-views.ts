/**
 * The use cases' notices → the views the Slack renderer takes (`render/slack/view.ts`), so
 * the cards know nothing of the ports and a change to a notice stops here.
 */
import type { Alarm } from '../../core/alarm/types.js';
import { remedyOffers } from '../../core/remedy/offers.js';
import type {
  AlarmView,
  FailedView,
  FleetView,
  RemediesView,
  RerunView,
  ResolvedView,
  StartedView,
  TriageView,
} from '../../render/slack/view.js';
import type {
  AlarmResolvedNotice,
  LastDiagnosis,
  TriageDoneNotice,
  TriageFailedNotice,
  TriageStartedNotice,
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
export const triageView = (
  notice: LastDiagnosis & Pick<TriageDoneNotice, 'triageId' | 'partial'>,
): TriageView => ({
  triageId: notice.triageId,
  alarm: alarmView(notice.alarm),
  instanceId: notice.instanceId,
  triage: notice.triage,
  ...(notice.commandId ? { commandId: notice.commandId } : {}),
  ...(notice.partial ? { partial: notice.partial } : {}),
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
  instances: notice.fleet.map((standing) => {
    const base = {
      instanceId: standing.instanceId,
      ...(standing.instanceType ? { instanceType: standing.instanceType } : {}),
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
