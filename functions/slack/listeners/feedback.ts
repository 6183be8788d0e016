/**
 * "Right cause" (the button: the triage id) and "Wrong cause: it was …" (the menu: the triage id
 * and a cause, `tr-…:memory-creep`). Both parts are checked against the triage id's shape and
 * the known causes; the capture judged comes from the stored triage, never from the payload.
 */
import { isTriageId, readFeedbackOption } from '../../render/slack/actions.js';
import {
  type FeedbackOutcome,
  type FeedbackRequest,
  type GiveFeedbackDeps,
  giveFeedback,
} from '../../triage/give-feedback.js';
import type { ButtonListener } from '../interaction.js';
import { REPLIES } from '../replies.js';

const replyFor = (outcome: FeedbackOutcome): string => {
  switch (outcome.kind) {
    case 'expired':
      return REPLIES.expired;
    case 'fleet':
      return REPLIES.feedbackFleet;
    case 'no-diagnosis':
      return REPLIES.feedbackNoDiagnosis;
    case 'recorded': {
      const f = outcome.feedback;
      return f.actualCause
        ? REPLIES.feedbackWrong(f.shownCause, f.actualCause)
        : REPLIES.feedbackRight(f.shownCause);
    }
  }
};

/** The request a click makes, or `undefined` when its value is not one our cards carry. */
const requestOf = (
  wrong: boolean,
  value: string | undefined,
  by: string,
): FeedbackRequest | undefined => {
  if (!wrong) {
    return isTriageId(value) ? { triageId: value, said: { verdict: 'right' }, by } : undefined;
  }
  const option = readFeedbackOption(value);
  return option
    ? { triageId: option.triageId, said: { verdict: 'wrong', actual: option.cause }, by }
    : undefined;
};

const feedbackListener =
  (deps: GiveFeedbackDeps, wrong: boolean): ButtonListener =>
  async ({ actionId, value, userId }) => {
    const request = requestOf(wrong, value, userId);
    if (!request) {
      deps.logger.warn('feedback value is not one the card carries', { actionId });
      return REPLIES.expired;
    }
    try {
      return replyFor(await giveFeedback(request, deps));
    } catch (error) {
      deps.logger.error('feedback not recorded', {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return REPLIES.failed;
    }
  };

/** "Right cause" (`ACTION_IDS.feedbackRight`). */
export const feedbackRight = (deps: GiveFeedbackDeps): ButtonListener =>
  feedbackListener(deps, false);

/** "Wrong cause: it was …" (`ACTION_IDS.feedbackWrong`). */
export const feedbackWrong = (deps: GiveFeedbackDeps): ButtonListener =>
  feedbackListener(deps, true);
