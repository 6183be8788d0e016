/**
 * The card's "Fixes alert-triage can apply" section: one line per offer and a button each.
 * Every button carries a confirmation dialog (Slack sends nothing until it is confirmed) and
 * only `<triageId>:<n>` as its value: the Slack function derives the fix again from the stored
 * capture when the click arrives.
 */
import { redactSecrets } from '../../../core/redact.js';
import type { RemedyOffer } from '../../../core/remedy/offers.js';
import { isTriageId, REMEDY_ACTION_IDS, remedyValue } from '../actions.js';
import type { Block, ButtonElement, ConfirmDialog, PlainText } from '../blocks.js';
import { escapeMrkdwn } from '../escape.js';
import { joinWithin, LIMITS, truncate } from '../limits.js';
import type { TriageView } from '../view.js';

/** Block Kit's limits on a confirmation dialog (`@slack/types`, ConfirmationDialog). */
export const CONFIRM_LIMITS = { title: 100, text: 300, confirm: 30, deny: 30 } as const;

const plain = (text: string, limit: number): PlainText => ({
  type: 'plain_text',
  text: truncate(redactSecrets(text), limit),
  emoji: true,
});

/** The button's label and what the dialog says it will do. */
const wording = (offer: RemedyOffer, instanceId: string): { label: string; does: string } => {
  switch (offer.kind) {
    case 'unlimited-credits':
      return {
        label: 'Switch to unlimited',
        does:
          `Switch ${instanceId} to unlimited CPU credits (ModifyInstanceCreditSpecification). ` +
          'Use above its baseline is then billed as surplus credits; switching back is the same call.',
      };
    case 'environment-setting':
      return {
        label: `Set ${offer.name}=${offer.value} on ${offer.environment}`,
        does:
          `Set ${offer.name}=${offer.value} in the environment properties of ` +
          `${offer.environment} (UpdateEnvironment). Beanstalk rolls it out to every instance ` +
          'and restarts the app on each; setting it back is the same call.',
      };
    case 'restart-unit':
      return {
        label: `Restart ${offer.unit} on ${instanceId}`,
        does:
          `Restart ${offer.unit} on ${instanceId} through alert-triage's restart document. ` +
          'Requests to this instance fail while the app starts again.',
      };
  }
};

const confirmation = (does: string): ConfirmDialog => ({
  title: plain('Apply this fix?', CONFIRM_LIMITS.title),
  text: plain(does, CONFIRM_LIMITS.text),
  confirm: plain('Apply', CONFIRM_LIMITS.confirm),
  deny: plain('Cancel', CONFIRM_LIMITS.deny),
  style: 'danger',
});

/** The section and its buttons; nothing when there is no offer or the triage id is not ours. */
export const remedyBlocks = (view: TriageView): Block[] => {
  const remedies = view.remedies;
  if (!remedies || remedies.offers.length === 0 || !isTriageId(view.triageId)) return [];
  const value = remedyValue(view.triageId, remedies.instanceOrdinal);
  const buttons: ButtonElement[] = remedies.offers.map((offer) => {
    const { label, does } = wording(offer, view.instanceId);
    return {
      type: 'button',
      action_id: REMEDY_ACTION_IDS[offer.kind],
      text: plain(label, LIMITS.buttonText),
      value,
      confirm: confirmation(does),
    };
  });
  const lines = [
    '*Fixes alert-triage can apply* (approvers only; each runs once and is logged in the thread)',
    ...remedies.offers.map(
      (o) =>
        `• ${escapeMrkdwn(redactSecrets(wording(o, view.instanceId).label))}: ${escapeMrkdwn(redactSecrets(o.reason))}`,
    ),
  ];
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: joinWithin(lines, LIMITS.sectionText), verbatim: true },
    },
    { type: 'actions', elements: buttons },
  ];
};
