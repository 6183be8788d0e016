/**
 * Interaction requests as Slack sends them to a Function URL: `payload=<JSON>` form bodies,
 * signed with HMAC-SHA256 over `v0:${timestamp}:${rawBody}` and the app's signing secret
 * (https://api.slack.com/authentication/verifying-requests-from-slack).
 */
import { createHmac } from 'node:crypto';
import type { FunctionUrlRequest } from '../../functions/slack/request.js';
import { loadFixture } from './fixtures.js';

/** The whole event a Function URL sends; the function reads only its {@link FunctionUrlRequest} part. */
export type FunctionUrlEvent = FunctionUrlRequest & Record<string, unknown>;

/** The real `block_actions` sample (a button in a message attachment). */
export const blockActionsPayload = (): Record<string, unknown> & {
  team: { id: string };
  user: { id: string; team_id: string };
  channel: { id: string };
  container: { channel_id: string };
  response_url: string;
  actions: { action_id: string; value: string }[];
} => structuredClone(JSON.parse(loadFixture('events/slack/block-actions-payload.json')));

export const formBody = (payload: unknown): string =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

export const signature = (secret: string, timestamp: number, rawBody: string): string =>
  `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;

export interface RequestOptions {
  /** Sign with this secret; `null` sends no signature headers at all. */
  secret: string | null;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  /** Extra headers, e.g. `x-slack-retry-num`. */
  headers?: Record<string, string>;
  /** Function URLs base64-encode form bodies. */
  base64?: boolean;
}

/** A Function URL (payload format 2.0) event carrying a Slack interaction. */
export const slackRequest = (rawBody: string, options: RequestOptions): FunctionUrlEvent => {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signed =
    options.secret === null
      ? {}
      : {
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signature(options.secret, timestamp, rawBody),
        };
  const base64 = options.base64 ?? true;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...signed,
      ...options.headers,
    },
    requestContext: {
      http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7' },
      timeEpoch: timestamp * 1000,
    },
    body: base64 ? Buffer.from(rawBody, 'utf8').toString('base64') : rawBody,
    isBase64Encoded: base64,
  };
};
