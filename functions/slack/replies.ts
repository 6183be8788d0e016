/**
 * What a person who pressed a button is told, always ephemeral (only they see it). Wording
 * lives here so the listeners only decide which reply applies. The thread reply with the new
 * diagnosis is the notifier's (`render/slack/messages.ts`), not one of these.
 */
import { escapeMrkdwn } from '../render/slack/escape.js';

export const REPLIES = {
  expired: 'This triage has expired (or is unknown to alert-triage): nothing was run.',
  resolved:
    'This alarm has resolved and its triage is closed: nothing was run. ' +
    'A new triage starts when the alarm fires again.',
  otherWorkspace: 'This alert-triage app answers only in the workspace it was installed for.',
  channelNotAllowed: 'alert-triage buttons work only in the channel the bot posts triages to.',
  userNotAllowed:
    'You are not on the list of people allowed to use alert-triage’s buttons (SLACK_ALLOWED_USERS).',
  deepNeedsAllowList:
    'Deep capture traces a process on a production host (strace and perf), so only the people ' +
    'on alert-triage’s allow-list may start it, and no list is set. To allow people, deploy ' +
    'with `-c slackAllowedUsers=U0AAAAAAA,U0BBBBBBB` (or the `slackAllowedUsers` prop of the ' +
    'AlertTriage construct).',
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
  feedbackRight: (cause: string) =>
    `Thanks, recorded: ${cause} was the right cause. Your latest answer on a triage is the one kept.`,
  feedbackWrong: (shown: string, actual: string) =>
    `Thanks, recorded: it was ${actual}, not ${shown}. Your latest answer on a triage is the one kept.`,
  feedbackFleet:
    'This card covers several instances, so alert-triage cannot tell which diagnosis you judged: ' +
    'nothing was recorded.',
  feedbackNoDiagnosis: 'This triage has no diagnosis yet: nothing was recorded.',
} as const;

/** Sends an ephemeral reply to a click's `response_url`. */
export type Reply = (responseUrl: string, text: string) => Promise<void>;

/** Well inside Slack's 3 s: the reply is the last thing before the HTTP answer. */
export const REPLY_TIMEOUT_MS = 1_500;

/**
 * An ephemeral reply that never replaces the card. The whole text is escaped: replies quote
 * alarm names and error messages, and none of them means to link or mention anyone.
 * @throws when Slack cannot be reached or refuses the reply.
 */
export const postReply: Reply = async (responseUrl, text) => {
  const response = await fetch(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({
      response_type: 'ephemeral',
      replace_original: false,
      text: escapeMrkdwn(text),
    }),
    signal: AbortSignal.timeout(REPLY_TIMEOUT_MS),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`response_url answered HTTP ${response.status}`);
};
