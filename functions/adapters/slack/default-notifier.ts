/**
 * Which notifier a Lambda gets: Slack when a channel is configured and a bot token is at hand,
 * the log notifier otherwise (a deployment without Slack still records every triage).
 *
 * The token: `SLACK_BOT_TOKEN` is the local and test stand-in; in Lambda it comes from the
 * Secrets Manager secret named by `SLACK_SECRET_ID`, read on the first notification (not at
 * cold start, so a container that never notifies never reads it). A secret that cannot be read
 * fails that notification as one worth retrying (the use case lets Lambda retry the invocation)
 * and is read again on the next one: one bad read does not silence a container for its life.
 */
import type { Config } from '../../config.js';
import type { Log, Notifier } from '../../triage/ports.js';
import { CloudWatchMetricImages, type MetricImageSource } from '../aws/metric-image.js';
import { readSlackSecret, type SlackSecret } from '../aws/slack-secret.js';
import { LogNotifier } from '../log-notifier.js';
import { createSlackClient } from './client.js';
import { SlackNotifier } from './slack-notifier.js';

export interface NotifierWiring {
  /** Read for `SLACK_BOT_TOKEN` (and `SLACK_API_URL` by the client); default `process.env`. */
  env?: Record<string, string | undefined>;
  /** The picture of the alarm window; default CloudWatch's `GetMetricWidgetImage`. */
  imageSource?: MetricImageSource;
  /** Reads the Slack secret; default Secrets Manager. */
  readSecret?: (secretId: string) => Promise<SlackSecret>;
}

/** The Slack secret could not be read: the notification may pass once it can. */
export class SlackSecretUnavailable extends Error {
  readonly retryable = true;

  constructor(secretId: string, options: { cause: unknown }) {
    const why = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`the Slack secret ${secretId} could not be read: ${why}`, options);
    this.name = 'SlackSecretUnavailable';
  }
}

/** A notifier built on its first use (the token may need a network call); a failure is not kept. */
const deferred = (make: () => Promise<Notifier>): Notifier => {
  let ready: Promise<Notifier> | undefined;
  const get = () => {
    ready ??= make().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
  return {
    triageStarted: async (n) => (await get()).triageStarted(n),
    triageDone: async (n) => (await get()).triageDone(n),
    triageFailed: async (n) => (await get()).triageFailed(n),
    alarmResolved: async (n) => (await get()).alarmResolved(n),
    weeklyDigest: async (d) => (await get()).weeklyDigest(d),
  };
};

/** The notifier for this configuration. Called once per cold start, in a handler. */
export const defaultNotifier = (
  config: Pick<Config, 'slackChannelId' | 'slackSecretId' | 'remediationApprovers'>,
  log: Log,
  wiring: NotifierWiring = {},
): Notifier => {
  const env = wiring.env ?? process.env;
  const channel = config.slackChannelId;
  if (!channel) return new LogNotifier(log);
  const slack = (token: string): Notifier => {
    const slackApiUrl = env.SLACK_API_URL;
    return new SlackNotifier({
      client: createSlackClient(token, slackApiUrl ? { slackApiUrl } : {}),
      channel,
      imageSource: wiring.imageSource ?? new CloudWatchMetricImages(),
      log,
      offerRemedies: config.remediationApprovers !== undefined,
    });
  };
  const token = env.SLACK_BOT_TOKEN;
  if (token) return slack(token);
  const secretId = config.slackSecretId;
  if (!secretId) {
    log.warn('slack channel set but no bot token: notifying by log', {
      reason: 'neither SLACK_BOT_TOKEN nor SLACK_SECRET_ID is set',
    });
    return new LogNotifier(log);
  }
  const read = wiring.readSecret ?? readSlackSecret;
  return deferred(async () => {
    try {
      return slack((await read(secretId)).botToken);
    } catch (error) {
      log.warn('slack secret unreadable', { reason: (error as Error).message });
      throw new SlackSecretUnavailable(secretId, { cause: error });
    }
  });
};
