import { describe, expect, it } from 'vitest';
import { signatureRefusal } from '../../functions/slack/signature.js';
import { signature } from '../helpers/slack-request.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = new Date('2026-11-22T09:12:30Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const BODY = 'payload=%7B%22type%22%3A%22block_actions%22%7D';

const signed = (timestamp: number, body = BODY, secret = SECRET) => ({
  timestamp: String(timestamp),
  signature: signature(secret, timestamp, body),
  body: Buffer.from(body, 'utf8'),
});

describe('signatureRefusal', () => {
  it.each([
    ['now', 0, undefined],
    ['5 min ago', -300, undefined],
    ['5 min 1 s ago', -301, 'stale'],
    ['5 min ahead', 300, undefined],
    ['5 min 1 s ahead', 301, 'stale'],
  ])('judges a request signed %s', (_, offset, refusal) => {
    // Act / Assess
    expect(signatureRefusal(SECRET, signed(NOW_SECONDS + offset), NOW)).toBe(refusal);
  });

  it.each([
    ['no timestamp', { timestamp: undefined }, 'missing'],
    ['no signature', { signature: undefined }, 'missing'],
    ['a timestamp that is not a number', { timestamp: '1e9' }, 'stale'],
    [
      'a signature cut short',
      { signature: signature(SECRET, NOW_SECONDS, BODY).slice(0, 20) },
      'mismatch',
    ],
    ['another body', { body: Buffer.from(`${BODY}x`) }, 'mismatch'],
  ])('refuses %s', (_, change, refusal) => {
    // Act / Assess
    expect(signatureRefusal(SECRET, { ...signed(NOW_SECONDS), ...change }, NOW)).toBe(refusal);
  });

  it('refuses another secret’s signature', () => {
    // Act / Assess
    expect(signatureRefusal(SECRET, signed(NOW_SECONDS, BODY, 'not-the-secret'), NOW)).toBe(
      'mismatch',
    );
  });

  it('checks the bytes as sent, UTF-8 included', () => {
    // Prepare
    const body = 'payload=%7B%7D&note=caf\u00e9';

    // Act / Assess
    expect(signatureRefusal(SECRET, signed(NOW_SECONDS, body), NOW)).toBeUndefined();
  });
});
