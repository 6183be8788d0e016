/**
 * "Right cause" / "Wrong cause: it was …" on a card: one person's word on the diagnosis the card
 * shows, stored with the capture it judged. The button carries only the triage id (and the
 * select its cause); the capture is the triage's newest diagnosed one, read from the store, as
 * the card shows it (a rerun's verdict replaces the first on the card).
 */
import type { CauseId } from '../core/diagnosis.js';
import { isoWeek } from './iso-week.js';
import type { Clock, Feedback, FeedbackStore, Log, TriageStore } from './ports.js';

export interface GiveFeedbackDeps {
  store: Pick<TriageStore, 'getTriage' | 'getResult'>;
  feedback: FeedbackStore;
  clock: Clock;
  logger: Log;
}

export interface FeedbackRequest {
  triageId: string;
  /** `right`, or the cause it was instead (validated by the caller against the cause ids). */
  said: { verdict: 'right' } | { verdict: 'wrong'; actual: CauseId };
  by: string;
}

export type FeedbackOutcome =
  | { kind: 'expired' }
  /** Several instances share the card: which diagnosis was judged is not known. */
  | { kind: 'fleet' }
  /** No capture of the triage has a stored diagnosis (yet). */
  | { kind: 'no-diagnosis' }
  | { kind: 'recorded'; feedback: Feedback };

/** Results read, newest capture first, looking for the diagnosis the card shows. */
const MAX_RESULT_READS = 3;

export const giveFeedback = async (
  request: FeedbackRequest,
  deps: GiveFeedbackDeps,
): Promise<FeedbackOutcome> => {
  const record = await deps.store.getTriage(request.triageId);
  if (!record) return { kind: 'expired' };
  if (new Set(record.instances.map((r) => r.instanceId)).size > 1) return { kind: 'fleet' };
  const runs = record.instances.filter((r) => r.commandId !== undefined).reverse();
  for (const { instanceId, commandId } of runs.slice(0, MAX_RESULT_READS)) {
    const result = await deps.store.getResult(record.triageId, instanceId, commandId as string);
    const shownCause = result?.diagnosis?.cause;
    if (!result || !shownCause) continue;
    // Choosing the shown cause in the "wrong" list says it was right after all.
    const said =
      request.said.verdict === 'wrong' && request.said.actual !== shownCause
        ? { verdict: 'wrong' as const, actualCause: request.said.actual }
        : { verdict: 'right' as const };
    const now = deps.clock.now();
    const feedback: Feedback = {
      triageId: record.triageId,
      instanceId,
      commandId: result.commandId,
      shownCause,
      ...said,
      by: request.by,
      at: now.toISOString(),
      week: isoWeek(record.startedAt),
    };
    await deps.feedback.putFeedback(feedback, now);
    deps.logger.info('feedback recorded', {
      triageId: record.triageId,
      shownCause,
      verdict: feedback.verdict,
      ...(feedback.actualCause ? { actualCause: feedback.actualCause } : {}),
    });
    return { kind: 'recorded', feedback };
  }
  return { kind: 'no-diagnosis' };
};
