/**
 * The one way this project builds a Slack `WebClient`. The SDK's defaults suit a long-running
 * server, not a Lambda: on a 429 it sleeps for `Retry-After` seconds and retries up to ten
 * times over about thirty minutes (`tenRetriesInAboutThirtyMinutes`). Here a rate-limited
 * call is rejected at once (`rejectRateLimitedCalls`) and the caller decides; other transient
 * failures (connection reset, 5xx) get two quick retries. A Slack `ok: false` is never retried
 * by the SDK.
 */
import {
  LogLevel,
  type RetryOptions,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebClient,
} from '@slack/web-api';

/** Slack's own Web API; `SLACK_API_URL` points tests and local runs at a loopback server. */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/**
 * Two retries, 0.5 s then 1 s apart, and no retry once 8 s have gone: with the 3 s request
 * timeout below, one call costs at most about 10 s, never minutes.
 */
export const SLACK_RETRY_POLICY: RetryOptions = {
  retries: 2,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 1_000,
  randomize: false,
  maxRetryTime: 8_000,
};

/** Per HTTP request, milliseconds: Slack answers in well under a second when it is well. */
export const SLACK_REQUEST_TIMEOUT_MS = 3_000;

export interface SlackClientOptions {
  /** The Web API's base URL, ending in `/api/`; default `SLACK_API_URL`, else Slack's. */
  slackApiUrl?: string;
}

/**
 * A `WebClient` for Lambdas and the CLI: rate-limited calls rejected at once, bounded retries,
 * a timeout per request, and only errors logged (the SDK's debug lines carry request bodies).
 * The token goes into the `Authorization` header and nowhere else.
 *
 * @example
 * const client = createSlackClient(process.env.SLACK_BOT_TOKEN ?? '');
 * await client.chat.postMessage({ channel: 'C0123456789', text: 'hello' });
 */
export const createSlackClient = (token: string, options: SlackClientOptions = {}): WebClient =>
  new WebClient(token, {
    slackApiUrl: options.slackApiUrl ?? (process.env.SLACK_API_URL || DEFAULT_SLACK_API_URL),
    rejectRateLimitedCalls: true,
    retryConfig: SLACK_RETRY_POLICY,
    timeout: SLACK_REQUEST_TIMEOUT_MS,
    logLevel: LogLevel.ERROR,
  });

/** Stable codes of a failed Slack call, for logs, metrics and the caller's decisions. */
export type SlackCallErrorCode =
  /** HTTP 429: rejected at once, not retried; `retryAfterSeconds` says when Slack allows it. */
  | 'slack_rate_limited'
  /** Slack answered `ok: false`; `slackError` is its `error` (`channel_not_found`, …). */
  | 'slack_api_error'
  /** No usable answer after the bounded retries (network, timeout, HTTP 5xx). */
  | 'slack_request_failed';

/** A Slack Web API call that failed. Its message names the method, never the token. */
export class SlackCallError extends Error {
  readonly code: SlackCallErrorCode;
  /** The Web API method, e.g. `chat.update`. */
  readonly method: string;
  readonly retryAfterSeconds?: number;
  readonly slackError?: string;

  constructor(
    code: SlackCallErrorCode,
    method: string,
    message: string,
    details: { retryAfterSeconds?: number; slackError?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'SlackCallError';
    this.code = code;
    this.method = method;
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
    if (details.slackError !== undefined) this.slackError = details.slackError;
  }

  /**
   * Worth trying again later: a rate limit, no answer, or a Slack error that says so. Others
   * (`channel_not_found`, `not_in_channel`, `invalid_auth`) fail the same way every time.
   */
  get retryable(): boolean {
    if (this.code !== 'slack_api_error') return true;
    return RETRYABLE_SLACK_ERRORS.has(this.slackError ?? '');
  }
}

/** `ok: false` errors that Slack documents as transient. */
const RETRYABLE_SLACK_ERRORS = new Set([
  'ratelimited',
  'service_unavailable',
  'internal_error',
  'fatal_error',
  'request_timeout',
]);

/** Wraps what a `WebClient` call threw; a {@link SlackCallError} passes through unchanged. */
export const toSlackCallError = (error: unknown, method: string): SlackCallError => {
  if (error instanceof SlackCallError) return error;
  if (error instanceof WebAPIRateLimitedError) {
    return new SlackCallError(
      'slack_rate_limited',
      method,
      `${method}: rate limited by Slack, retry after ${error.retryAfter} s`,
      { retryAfterSeconds: error.retryAfter, cause: error },
    );
  }
  if (error instanceof WebAPIPlatformError) {
    const slackError = error.data.error;
    return new SlackCallError('slack_api_error', method, `${method}: Slack said ${slackError}`, {
      slackError,
      cause: error,
    });
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new SlackCallError('slack_request_failed', method, `${method}: ${detail}`, {
    cause: error,
  });
};

/** The fields of a {@link SlackCallError} worth a log line (no token is ever among them). */
export const slackErrorFields = (error: SlackCallError): Record<string, unknown> => ({
  code: error.code,
  method: error.method,
  ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
  ...(error.slackError !== undefined ? { slackError: error.slackError } : {}),
  error: error.message,
});
