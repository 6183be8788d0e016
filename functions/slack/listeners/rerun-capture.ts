/**
 * "Rerun capture": capture the triage's instance(s) again. The button's value is the triage
 * id and nothing else; the instances come from the stored triage, never from the payload.
 */
import { isTriageId } from '../../render/slack/actions.js';
import {
  type RerunCaptureDeps,
  type RerunOutcome,
  rerunCapture as rerunCaptureUseCase,
} from '../../triage/rerun-capture.js';
import type { ButtonListener } from '../interaction.js';
import { REPLIES } from '../replies.js';

const replyFor = (outcome: RerunOutcome, deep: boolean): string => {
  switch (outcome.kind) {
    case 'expired':
      return REPLIES.expired;
    case 'resolved':
      return REPLIES.resolved;
    case 'rate-limited':
      return REPLIES.rateLimited(outcome.retryAfterSeconds);
    case 'no-instances':
      return REPLIES.noInstances;
    case 'failed':
      return REPLIES.rerunFailed(outcome.reasons.map((r) => r.message));
    case 'started': {
      const sent = outcome.runs.filter((r) => r.commandId !== undefined);
      const seconds = outcome.record.reruns?.at(-1)?.seconds ?? outcome.record.seconds;
      return REPLIES.rerunStarted(
        sent.map((r) => r.instanceId),
        deep,
        seconds,
      );
    }
  }
};

/**
 * The listener for a rerun button, plain or deep. Slack hears back only when this returns,
 * and it fits in Slack's 3 s: the use case is a read, a conditional put, SendCommand and a
 * write (well under a second; see `triage/rerun-capture.ts`).
 */
export const rerunListener =
  (deps: RerunCaptureDeps, deep: boolean): ButtonListener =>
  async ({ actionId, value, userId }) => {
    if (!isTriageId(value)) {
      deps.logger.warn('button value is not a triage id', { actionId });
      return REPLIES.expired;
    }
    let outcome: RerunOutcome;
    try {
      outcome = await rerunCaptureUseCase({ triageId: value, deep, by: userId }, deps);
    } catch (error) {
      deps.logger.error('rerun failed', {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return REPLIES.failed;
    }
    deps.logger.info('rerun asked', { outcome: outcome.kind, deep, user: userId });
    return replyFor(outcome, deep);
  };

/** "Rerun capture" (`ACTION_IDS.rerun`). */
export const rerunCapture = (deps: RerunCaptureDeps): ButtonListener => rerunListener(deps, false);
