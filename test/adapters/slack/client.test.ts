import { WebAPIPlatformError, WebAPIRateLimitedError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createSlackClient,
  DEFAULT_SLACK_API_URL,
  SLACK_RETRY_POLICY,
  SlackCallError,
  toSlackCallError,
} from '../../../functions/adapters/slack/client.js';
import { type SlackServer, startSlackServer } from '../../helpers/slack-server.js';

describe('createSlackClient', () => {
  let server: SlackServer;

  beforeEach(async () => {
    server = await startSlackServer();
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    await server.close();
  });

  it('talks to SLACK_API_URL when set, with the token only in the Authorization header', async () => {
    // Prepare
    vi.stubEnv('SLACK_API_URL', server.apiUrl);
    const client = createSlackClient('xoxb-1-2-secretvalue');

    // Act
    const answer = await client.auth.test();

    // Assess
    expect(answer).toMatchObject({ ok: true, user_id: 'U0BOT00001' });
    expect(server.requests).toEqual([
      expect.objectContaining({ method: 'auth.test', authorized: true }),
    ]);
    expect(JSON.stringify(server.requests)).not.toContain('secretvalue');
  });

  it('defaults to Slack’s own Web API', () => {
    // Prepare
    vi.stubEnv('SLACK_API_URL', '');

    // Act
    const client = createSlackClient('xoxb-1-2-3');

    // Assess
    expect(client.slackApiUrl).toBe(DEFAULT_SLACK_API_URL);
  });

  it('retries for seconds, never minutes', () => {
    // Assess: the waits between tries, as node-retry computes them (randomize off).
    const { retries = 0, minTimeout = 0, factor = 1, maxTimeout = 0 } = SLACK_RETRY_POLICY;
    const waits = Array.from({ length: retries }, (_, i) =>
      Math.min(minTimeout * factor ** i, maxTimeout),
    );
    expect(waits).toEqual([500, 1_000]);
    expect(SLACK_RETRY_POLICY.maxRetryTime).toBeLessThanOrEqual(10_000);
  });
});

describe('toSlackCallError', () => {
  it('keeps the Retry-After of a rejected 429', () => {
    // Act
    const error = toSlackCallError(new WebAPIRateLimitedError(7), 'chat.update');

    // Assess
    expect(error).toMatchObject({
      code: 'slack_rate_limited',
      method: 'chat.update',
      retryAfterSeconds: 7,
    });
  });

  it('keeps Slack’s error string of an ok:false', () => {
    // Act
    const error = toSlackCallError(
      new WebAPIPlatformError({ ok: false, error: 'not_in_channel' }),
      'chat.postMessage',
    );

    // Assess
    expect(error).toMatchObject({ code: 'slack_api_error', slackError: 'not_in_channel' });
  });

  it('lets its own errors through', () => {
    // Prepare
    const own = new SlackCallError('slack_api_error', 'chat.update', 'x', { slackError: 'x' });

    // Act and Assess
    expect(toSlackCallError(own, 'other')).toBe(own);
  });
});
