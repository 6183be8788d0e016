/**
 * The audit line of an applied fix, posted for the channel to see under the triage's card.
 * A `response_url` may post into a thread: `response_type: in_channel`, `thread_ts` and
 * `replace_original: false` (Slack, "Handling user interaction", publishing in a thread). The
 * same line is also logged as a structured audit record by the listener.
 */
import { REPLY_TIMEOUT_MS } from './replies.js';

/** Posts one mrkdwn line under the card (`threadTs`), or as a new message when it is unknown. */
export type Announce = (responseUrl: string, text: string, threadTs?: string) => Promise<void>;

/** @throws when Slack cannot be reached or refuses the message. */
export const postAudit: Announce = async (responseUrl, text, threadTs) => {
  const response = await fetch(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({
      response_type: 'in_channel',
      replace_original: false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      text,
    }),
    signal: AbortSignal.timeout(REPLY_TIMEOUT_MS),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`response_url answered HTTP ${response.status}`);
};
