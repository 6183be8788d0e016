/**
 * Slack's request signature (https://api.slack.com/authentication/verifying-requests-from-slack):
 * `v0=` and the hex HMAC-SHA256 of `v0:{timestamp}:{body}` under the app's signing secret,
 * compared in constant time; a timestamp more than five minutes from now is a replay.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far (either way) the request's timestamp may be from now. */
export const MAX_SIGNATURE_SKEW_SECONDS = 5 * 60;

export type SignatureRefusal = 'missing' | 'stale' | 'mismatch';

export interface SignedRequest {
  /** `X-Slack-Request-Timestamp`: seconds since the epoch. */
  timestamp: string | undefined;
  /** `X-Slack-Signature`: `v0=<64 hex digits>`. */
  signature: string | undefined;
  /** The body's bytes, as received. */
  body: Buffer;
}

/** Why the request is not Slack's, or `undefined` when it is. */
export const signatureRefusal = (
  signingSecret: string,
  request: SignedRequest,
  now: Date,
): SignatureRefusal | undefined => {
  const { timestamp, signature, body } = request;
  if (!timestamp || !signature) return 'missing';
  if (!/^\d{1,15}$/.test(timestamp)) return 'stale';
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_SIGNATURE_SKEW_SECONDS) {
    return 'stale';
  }
  const expected = Buffer.from(
    `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(body).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  // timingSafeEqual throws on different lengths; a length says nothing about the secret.
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? undefined
    : 'mismatch';
};
