/**
 * "Right cause" and "Wrong cause: it was …" under a diagnosis card. Plain Block Kit: Slack's
 * `feedback_buttons` element exists only in a `context_actions` block and has no room for
 * "which cause was it", so a button and a menu in an `actions` block do it. The button's value
 * is the triage id; each option's is `<triageId>:<cause>` (the listener checks both parts).
 */
import { ACTION_IDS, FEEDBACK_CAUSES, feedbackOptionValue, isTriageId } from '../actions.js';
import type { Block } from '../blocks.js';
import type { TriageView } from '../view.js';

const text = (t: string) => ({ type: 'plain_text' as const, text: t, emoji: true });

/** The feedback row of a card; none without buttons or with a malformed triage id. */
export const feedbackBlocks = (
  view: Pick<TriageView, 'triageId' | 'triage'>,
  interactive: boolean,
): Block[] => {
  if (!interactive || !isTriageId(view.triageId)) return [];
  const others = FEEDBACK_CAUSES.filter((c) => c !== view.triage.cause);
  return [
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION_IDS.feedbackRight,
          text: text(':thumbsup: Right cause'),
          value: view.triageId,
        },
        {
          type: 'static_select',
          action_id: ACTION_IDS.feedbackWrong,
          placeholder: text(':thumbsdown: Wrong cause: it was…'),
          options: others.map((cause) => ({
            text: text(cause),
            value: feedbackOptionValue(view.triageId, cause),
          })),
        },
      ],
    },
  ];
};
