/** An in-memory feedback store, keyed as the DynamoDB one is (week, triage, user). */
import { isoWeek } from '../../functions/triage/iso-week.js';
import type { TriageRecord } from '../../functions/triage/model.js';
import type { Feedback, FeedbackStore, TriageOfWeek } from '../../functions/triage/ports.js';

export class MemoryFeedbackStore implements FeedbackStore {
  readonly feedback = new Map<string, Feedback>();
  readonly triages = new Map<string, TriageOfWeek & { week: string }>();

  async putFeedback(feedback: Feedback): Promise<void> {
    this.feedback.set(`${feedback.week}#${feedback.triageId}#${feedback.by}`, feedback);
  }
  async feedbackOfWeek(week: string): Promise<Feedback[]> {
    return [...this.feedback.values()].filter((f) => f.week === week);
  }
  async triagesOfWeek(week: string): Promise<TriageOfWeek[]> {
    return [...this.triages.values()]
      .filter((t) => t.week === week)
      .map(({ week: _week, ...t }) => t);
  }
  index(record: TriageRecord): void {
    this.triages.set(record.triageId, {
      week: isoWeek(record.startedAt),
      triageId: record.triageId,
      alarmName: record.alarm.name,
      targets: record.targets,
      startedAt: record.startedAt,
    });
  }
}
