/**
 * What is said about a fix button's click: the ephemeral reply to the person who pressed it
 * (plain text: `postReply` escapes it whole) and the audit line for the channel (mrkdwn with a
 * mention, escaped here part by part). Wording only; `listeners/remediate.ts` picks the reply.
 */
import { redactSecrets } from '../core/redact.js';
import type { RemedyOffer } from '../core/remedy/offers.js';
import { escapeMrkdwn } from '../render/slack/escape.js';
import type { RemediateOutcome } from '../triage/remediate.js';

type Applied = Extract<RemediateOutcome, { kind: 'applied' }>;

const md = (text: string) => escapeMrkdwn(redactSecrets(text));

/** `10:42 UTC` from an ISO time. */
const clock = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export const describeOffer = (offer: RemedyOffer, instanceId: string): string => {
  switch (offer.kind) {
    case 'unlimited-credits':
      return `switched ${instanceId} to unlimited CPU credits`;
    case 'environment-setting':
      return `set ${offer.name}=${offer.value} on ${offer.environment} (a rolling update)`;
    case 'restart-unit':
      return `restarted ${offer.unit} on ${instanceId}`;
  }
};

export const REMEDY_REPLIES = {
  disabled:
    'Fixes are not enabled in this alert-triage (deploy with -c enableRemediation=true and ' +
    '-c remediationApprovers=U…): nothing was changed.',
  notApprover:
    'Only the people on alert-triage’s approvers list (remediationApprovers) may apply a fix: ' +
    'nothing was changed.',
  expired: 'This triage has expired (or is unknown to alert-triage): nothing was changed.',
  resolved: 'This alarm has resolved and its triage is closed: nothing was changed.',
  noLongerOffered:
    'The latest capture of this instance no longer calls for this fix (a rerun changed the ' +
    'diagnosis, or the capture is gone): nothing was changed.',
  alreadyDone: (by: string, at: string, requestId?: string) =>
    `This fix was already applied by ${by} at ${clock(at)}` +
    `${requestId ? ` (request id ${requestId})` : ''}: nothing was changed again.`,
  failed: (message: string) => `The fix could not be applied: ${message}`,
  applied: (outcome: Applied) =>
    `Done: ${describeOffer(outcome.offer, outcome.instanceId)}. The audit line is in the thread.`,
  error: 'alert-triage could not apply the fix just now (see its logs): nothing may have changed.',
} as const;

/** The rerun's part of the audit line. */
const rerunLine = (outcome: Applied): string =>
  outcome.rerun.kind === 'started'
    ? 'Capturing again now: the before/after comparison follows in this thread.'
    : `No capture was started (${outcome.rerun.kind}): press Rerun capture for the comparison.`;

/** "🔧 <@U…> switched i-… to unlimited CPU credits at …: ModifyInstanceCreditSpecification, request id …" */
export const auditLine = (outcome: Applied, userId: string): string =>
  `:wrench: <@${userId}> ${md(describeOffer(outcome.offer, outcome.instanceId))} at ` +
  `${clock(outcome.at)}: ${md(outcome.receipt.call)}, request id \`${md(outcome.receipt.requestId)}\`` +
  `${outcome.receipt.commandId ? `, command \`${md(outcome.receipt.commandId)}\`` : ''}. ` +
  rerunLine(outcome);
