/**
 * What a person who pressed a button is told, always ephemeral (only they see it). Wording
 * lives here so the listeners only decide which reply applies. The thread reply with the new
 * diagnosis is the notifier's (`render/slack/messages.ts`), not one of these.
 */
import type { RespondFn } from '@slack/bolt';

export const REPLIES = {
  expired: 'This triage has expired (or is unknown to alert-triage): nothing was run.',
  otherWorkspace: 'This alert-triage app answers only in the workspace it was installed for.',
  channelNotAllowed: 'alert-triage buttons work only in the channel(s) the bot posts triages to.',
  userNotAllowed:
    'You are not on the list of people allowed to use alert-triage’s buttons (SLACK_ALLOWED_USERS).',
  rateLimited: (seconds: number) =>
    `This triage was rerun less than 2 minutes ago: try again in ${seconds} s.`,
  rerunStarted: (instances: string[], deep: boolean, seconds: number) =>
    `${deep ? 'Deep capture' : 'Capture'} running again on ${instances.join(', ')} ` +
    `(about ${seconds + 5} s): the result and a before/after comparison will appear in the thread.`,
  noInstances: 'This triage captured no instance, so there is nothing to run again.',
  rerunFailed: (messages: string[]) => `The capture could not be run again: ${messages.join(' ')}`,
  muted: (alarm: string, until: string) =>
    `"${alarm}" is muted until ${until.slice(11, 16)} UTC: no capture runs when it fires again.`,
  unmuted: (alarm: string) => `"${alarm}" is unmuted: its next alarm is triaged again.`,
  failed: 'alert-triage could not do that just now (see its logs); please try again.',
} as const;

/** An ephemeral reply through the payload's `response_url`: it never replaces the card. */
export const tell = (respond: RespondFn, text: string): Promise<unknown> =>
  respond({ response_type: 'ephemeral', replace_original: false, text });
