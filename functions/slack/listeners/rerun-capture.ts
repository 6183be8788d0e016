/**
 * "Rerun capture": capture the triage's instance(s) again. The button's value is the triage
 * id and nothing else; the instances come from the stored triage, never from the payload.
 */
import type { BlockButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { isTriageId } from '../../render/slack/actions.js';
import {
  type RerunCaptureDeps,
  type RerunOutcome,
  rerunCapture as rerunCaptureUseCase,
} from '../../triage/rerun-capture.js';
import { REPLIES, tell } from '../replies.js';

export type ButtonListener = Middleware<SlackActionMiddlewareArgs<BlockButtonAction>>;

const replyFor = (outcome: RerunOutcome, deep: boolean): string => {
  switch (outcome.kind) {
    case 'expired':
      return REPLIES.expired;
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
 * The listener for a rerun button, plain or deep. It acknowledges first, then sends the
 * capture: Bolt's Lambda receiver answers Slack only when this returns, and the use case is
 * a read, a conditional put, SendCommand and a write (well under a second; see
 * `triage/rerun-capture.ts`).
 */
export const rerunListener =
  (deps: RerunCaptureDeps, deep: boolean): ButtonListener =>
  async ({ ack, action, body, respond }) => {
    await ack();
    const triageId = action.value;
    if (!isTriageId(triageId)) {
      deps.logger.warn('button value is not a triage id', { actionId: action.action_id });
      await tell(respond, REPLIES.expired);
      return;
    }
    let outcome: RerunOutcome;
    try {
      outcome = await rerunCaptureUseCase({ triageId, deep, by: body.user.id }, deps);
    } catch (error) {
      deps.logger.error('rerun failed', {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      await tell(respond, REPLIES.failed);
      return;
    }
    deps.logger.info('rerun asked', { outcome: outcome.kind, deep, user: body.user.id });
    await tell(respond, replyFor(outcome, deep));
  };

/** "Rerun capture" (`ACTION_IDS.rerun`). */
export const rerunCapture = (deps: RerunCaptureDeps): ButtonListener => rerunListener(deps, false);
