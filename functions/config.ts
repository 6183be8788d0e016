/**
 * The Lambdas' configuration, read from the environment the CDK sets. Called once per cold
 * start in a handler, never at import time, so importing any module needs no environment.
 */
import { DEEP_MODES, MAX_SECONDS, MIN_SECONDS } from './capture-script/options.js';
import { EnvReader } from './env-reader.js';

export interface Config {
  tableName: string;
  /** The stack's SSM document that carries the capture script (the only one SendCommand may use). */
  captureDocument: string;
  /** How many instances of an ASG or environment to capture, hottest first. */
  hottest: number;
  capture: { seconds: number; deep: (typeof DEEP_MODES)[number] };
  /** The tag the bot's IAM policy requires on an instance before it may send it a command. */
  optIn: { key: string; value: string };
  /** An instance captured for an alarm is not captured for another alarm within this. */
  cooldownSeconds: number;
  /** Alarms on one target within this share one card (0: every alarm its own card). */
  stormWindowSeconds: number;
  /** Also capture a group's coolest instance to compare the hottest with. */
  capturePeer: boolean;
  slackChannelId?: string;
  /**
   * The Secrets Manager secret (ARN or name) holding the Slack bot token. Tokens never sit in
   * the environment in production; `SLACK_BOT_TOKEN` is only the local and test stand-in.
   */
  slackSecretId?: string;
  serviceName: string;
  /**
   * Remediation is enabled: the cards offer the fixes alert-triage can apply, and only these
   * Slack users may apply them. Unset: no fix is offered or applied.
   */
  remediationApprovers?: string[];
  /** The stack's SSM document that restarts one systemd unit (remediation only). */
  restartDocument?: string;
}

export class ConfigError extends Error {
  readonly code = 'config_invalid';

  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** One Slack channel id (`C…` public, `G…` private): never a list. */
const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{8,}$/;
/** Said wherever `SLACK_CHANNEL_ID` is read, so a list fails at start, by name. */
const ONE_CHANNEL =
  'must be one channel id such as C0123456789; a comma-separated list is not supported ' +
  '(Slack answers channel_not_found to every post)';
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
const USER_IDS = 'must list user ids such as U0123ABCD';
const ANY = /^/;

/** @throws {ConfigError} naming every variable that is wrong. */
export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const read = new EnvReader(env);
  const config: Config = {
    tableName: read.required('TABLE_NAME', 3, 'must name the DynamoDB table'),
    captureDocument: read.required(
      'CAPTURE_DOCUMENT_NAME',
      3,
      'must name the capture SSM document',
    ),
    hottest: read.whole('HOTTEST_N', 1, 50, 3),
    capture: {
      seconds: read.whole('CAPTURE_SECONDS', MIN_SECONDS, MAX_SECONDS, 10),
      deep: read.oneOf('CAPTURE_DEEP', DEEP_MODES, 'auto'),
    },
    optIn: {
      key: read.raw('OPT_IN_TAG_KEY') ?? 'alert-triage:enabled',
      value: env.OPT_IN_TAG_VALUE === undefined ? 'true' : env.OPT_IN_TAG_VALUE,
    },
    cooldownSeconds: read.whole('CAPTURE_COOLDOWN_SECONDS', 0, 86_400, 600),
    stormWindowSeconds: read.whole('STORM_WINDOW_SECONDS', 0, 3_600, 600),
    capturePeer: read.oneOf('CAPTURE_PEER', ['true', 'false'], 'true') === 'true',
    serviceName: read.raw('POWERTOOLS_SERVICE_NAME') ?? 'alert-triage',
  };
  const channel = read.optional('SLACK_CHANNEL_ID', SLACK_CHANNEL_ID, ONE_CHANNEL);
  const secret = read.optional('SLACK_SECRET_ID', ANY, '');
  const approvers = read.list('REMEDIATION_APPROVERS', SLACK_USER_ID, USER_IDS);
  const restart = read.optional(
    'RESTART_DOCUMENT_NAME',
    /^.{3,}$/,
    'must name the restart SSM document',
  );
  if (read.problems.length > 0) {
    throw new ConfigError(`invalid configuration: ${read.problems.join('; ')}`);
  }
  return {
    ...config,
    ...(channel ? { slackChannelId: channel } : {}),
    ...(secret ? { slackSecretId: secret } : {}),
    ...(approvers ? { remediationApprovers: approvers } : {}),
    ...(restart ? { restartDocument: restart } : {}),
  };
};

// ---------------------------------------------------------------------------------------------
// The Slack function (the card's buttons, behind a Function URL)

export interface SlackConfig {
  /** The one channel the cards are posted to: the only one whose buttons are answered. */
  channelId: string;
  /** When set, only these users may press Rerun, Deep capture and Mute; Deep needs it set. */
  allowedUsers?: string[];
  /** When set, a payload from any other workspace is refused. */
  teamId?: string;
  /**
   * The signing secret itself (`SLACK_SIGNING_SECRET`, tests and local runs), or the Secrets
   * Manager secret holding `{"signingSecret": "…"}` (`SLACK_SIGNING_SECRET_ID`), which only the
   * Slack function may read.
   */
  signingSecret: { value: string } | { secretId: string };
}

const SLACK_TEAM_ID = /^T[A-Z0-9]{2,}$/;

/**
 * The Slack function's configuration. `SLACK_SIGNING_SECRET` (tests, local runs) wins over
 * `SLACK_SIGNING_SECRET_ID`.
 * @throws {ConfigError} naming every variable that is wrong or missing.
 */
export const loadSlackConfig = (
  env: Record<string, string | undefined> = process.env,
): SlackConfig => {
  const read = new EnvReader(env);
  const channelId = read.raw('SLACK_CHANNEL_ID')
    ? read.optional('SLACK_CHANNEL_ID', SLACK_CHANNEL_ID, ONE_CHANNEL)
    : read.required('SLACK_CHANNEL_ID', 1, 'must name the channel the cards go to (C0123456789)');
  const allowedUsers = read.list('SLACK_ALLOWED_USERS', SLACK_USER_ID, USER_IDS);
  const teamId = read.optional(
    'SLACK_TEAM_ID',
    SLACK_TEAM_ID,
    'must be a team id such as T0123ABCD',
  );
  const value = read.raw('SLACK_SIGNING_SECRET');
  const secretId = read.raw('SLACK_SIGNING_SECRET_ID');
  const signingSecret = value ? { value } : secretId ? { secretId } : undefined;
  if (!signingSecret) {
    read.problems.push(
      'SLACK_SIGNING_SECRET_ID: must name the secret holding {"signingSecret": "…"} ' +
        '(or set SLACK_SIGNING_SECRET)',
    );
  }
  if (read.problems.length > 0 || !signingSecret || !channelId) {
    throw new ConfigError(`invalid Slack configuration: ${read.problems.join('; ')}`);
  }
  return {
    channelId,
    ...(allowedUsers ? { allowedUsers } : {}),
    ...(teamId ? { teamId } : {}),
    signingSecret,
  };
};
