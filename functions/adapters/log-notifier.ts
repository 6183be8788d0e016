/**
 * A notifier that writes one structured log line per notice: the stand-in until the Slack
 * notifier lands, and a record of what would have been posted. It logs the diagnosis's
 * headline, evidence and fixes, never the capture itself.
 */
import type { NotificationHandle } from '../triage/model.js';
import type {
  AlarmResolvedNotice,
  Log,
  Notifier,
  TriageDoneNotice,
  TriageFailedNotice,
  TriageStartedNotice,
  WeeklyDigest,
} from '../triage/ports.js';

export class LogNotifier implements Notifier {
  readonly #log: Log;

  constructor(log: Log) {
    this.#log = log;
  }

  async triageStarted(notice: TriageStartedNotice): Promise<NotificationHandle> {
    this.#log.info('notify: triage started', {
      notice: 'triage-started',
      triageId: notice.triageId,
      alarmName: notice.alarm.name,
      instances: notice.instances,
      candidates: notice.candidates,
      seconds: notice.seconds,
    });
    return { kind: 'log', triageId: notice.triageId };
  }

  async triageDone(notice: TriageDoneNotice): Promise<void> {
    const { triage } = notice;
    this.#log.info('notify: triage done', {
      notice: 'triage-done',
      triageId: notice.triageId,
      alarmName: notice.alarm.name,
      instanceId: notice.instanceId,
      cause: triage.cause,
      confidence: triage.confidence,
      headline: triage.headline,
      diagnoses: triage.diagnoses.map((d) => ({
        cause: d.cause,
        confidence: d.confidence,
        summary: d.summary,
        evidence: d.evidence.map((e) => `${e.source}: ${e.text}`),
        fixes: d.fixes.map((f) => f.title),
      })),
      ruledOut: triage.ruledOut.map((r) => `${r.cause}: ${r.reason}`),
      missing: triage.missing,
      ...(notice.partial ? { partial: notice.partial } : {}),
    });
  }

  async triageFailed(notice: TriageFailedNotice): Promise<void> {
    this.#log.warn('notify: triage failed', {
      notice: 'triage-failed',
      triageId: notice.triageId,
      alarmName: notice.alarm.name,
      ...(notice.instanceId ? { instanceId: notice.instanceId } : {}),
      code: notice.reason.code,
      reason: notice.reason.message,
      ...(notice.glance ? { glance: notice.glance } : {}),
    });
  }

  async alarmResolved(notice: AlarmResolvedNotice): Promise<void> {
    this.#log.info('notify: alarm resolved', {
      notice: 'alarm-resolved',
      triageId: notice.triageId,
      alarmName: notice.alarm.name,
      durationMs: notice.durationMs,
    });
  }

  async weeklyDigest(digest: WeeklyDigest): Promise<void> {
    this.#log.info('notify: weekly digest', { notice: 'weekly-digest', ...digest });
  }
}
