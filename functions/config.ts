/**
 * The Lambdas' configuration, read from the environment the CDK sets. Called once per cold
 * start in a handler, never at import time, so importing any module needs no environment.
 */
import { en } from 'zod/locales';
// A namespace import: `import { z }` would keep the whole of zod/mini in the bundle.
import * as z from 'zod/mini';
import { DEEP_MODES, MAX_SECONDS, MIN_SECONDS } from './capture-script/options.js';

// zod/mini loads no locale (its messages would all be "Invalid input"); English is what classic
// zod used and what the ConfigError messages quote.
z.config(en());

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

/** An empty variable counts as unset, so `HOTTEST_N=` takes the default instead of failing. */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);
/** What classic zod's `z.preprocess(unsetIfEmpty, schema)` is: a transform piped into `schema`. */
const optional = <T extends z.core.$ZodType>(schema: T) =>
  z.pipe(z.transform(unsetIfEmpty), schema);

/** One Slack channel id (`C…` public, `G…` private): never a list. */
const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{8,}$/;

/** Checked wherever `SLACK_CHANNEL_ID` is read, so a list fails at start, by name. */
const oneSlackChannel = z.regex(
  SLACK_CHANNEL_ID,
  'must be one channel id such as C0123456789; a comma-separated list is not supported ' +
    '(Slack answers channel_not_found to every post)',
);

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** `U1, U2,` → `['U1', 'U2']`; empty → unset. */
const listOf = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
};

const EnvSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(3, 'TABLE_NAME must name the DynamoDB table')),
  CAPTURE_DOCUMENT_NAME: z
    .string()
    .check(z.minLength(3, 'CAPTURE_DOCUMENT_NAME must name the capture SSM document')),
  HOTTEST_N: optional(z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 3)),
  CAPTURE_SECONDS: optional(
    z._default(
      z.coerce.number().check(z.int(), z.minimum(MIN_SECONDS), z.maximum(MAX_SECONDS)),
      10,
    ),
  ),
  CAPTURE_DEEP: optional(z._default(z.enum(DEEP_MODES), 'auto')),
  OPT_IN_TAG_KEY: optional(z._default(z.string().check(z.minLength(1)), 'alert-triage:enabled')),
  OPT_IN_TAG_VALUE: optional(z._default(z.string(), 'true')),
  CAPTURE_COOLDOWN_SECONDS: optional(
    z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(86_400)), 600),
  ),
  CAPTURE_PEER: optional(z._default(z.enum(['true', 'false']), 'true')),
  STORM_WINDOW_SECONDS: optional(
    z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(3_600)), 600),
  ),
  SLACK_CHANNEL_ID: optional(z.optional(z.string().check(oneSlackChannel))),
  SLACK_SECRET_ID: optional(z.optional(z.string().check(z.minLength(1)))),
  POWERTOOLS_SERVICE_NAME: optional(z._default(z.string().check(z.minLength(1)), 'alert-triage')),
  REMEDIATION_APPROVERS: z.pipe(
    z.transform(listOf),
    z.optional(
      z.array(z.string().check(z.regex(SLACK_USER_ID, 'must list user ids such as U0123ABCD'))),
    ),
  ),
  RESTART_DOCUMENT_NAME: optional(z.optional(z.string().check(z.minLength(3)))),
});

/** @throws {ConfigError} naming every variable that is wrong. */
export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    tableName: e.TABLE_NAME,
    captureDocument: e.CAPTURE_DOCUMENT_NAME,
    hottest: e.HOTTEST_N,
    capture: { seconds: e.CAPTURE_SECONDS, deep: e.CAPTURE_DEEP },
    optIn: { key: e.OPT_IN_TAG_KEY, value: e.OPT_IN_TAG_VALUE },
    cooldownSeconds: e.CAPTURE_COOLDOWN_SECONDS,
    stormWindowSeconds: e.STORM_WINDOW_SECONDS,
    capturePeer: e.CAPTURE_PEER === 'true',
    ...(e.SLACK_CHANNEL_ID ? { slackChannelId: e.SLACK_CHANNEL_ID } : {}),
    ...(e.SLACK_SECRET_ID ? { slackSecretId: e.SLACK_SECRET_ID } : {}),
    serviceName: e.POWERTOOLS_SERVICE_NAME,
    ...(e.REMEDIATION_APPROVERS ? { remediationApprovers: e.REMEDIATION_APPROVERS } : {}),
    ...(e.RESTART_DOCUMENT_NAME ? { restartDocument: e.RESTART_DOCUMENT_NAME } : {}),
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

const SlackEnvSchema = z.object({
  SLACK_CHANNEL_ID: optional(
    z.string('must name the channel the cards go to (C0123456789)').check(oneSlackChannel),
  ),
  SLACK_ALLOWED_USERS: z.pipe(
    z.transform(listOf),
    z.optional(
      z.array(z.string().check(z.regex(SLACK_USER_ID, 'must list user ids such as U0123ABCD'))),
    ),
  ),
  SLACK_TEAM_ID: optional(
    z.optional(z.string().check(z.regex(SLACK_TEAM_ID, 'must be a team id such as T0123ABCD'))),
  ),
});

/**
 * The Slack function's configuration. `SLACK_SIGNING_SECRET` (tests, local runs) wins over
 * `SLACK_SIGNING_SECRET_ID`.
 * @throws {ConfigError} naming every variable that is wrong or missing.
 */
export const loadSlackConfig = (
  env: Record<string, string | undefined> = process.env,
): SlackConfig => {
  const parsed = SlackEnvSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const value = env.SLACK_SIGNING_SECRET?.trim();
  const secretId = env.SLACK_SIGNING_SECRET_ID?.trim();
  const signingSecret = value ? { value } : secretId ? { secretId } : undefined;
  if (!signingSecret) {
    problems.push(
      'SLACK_SIGNING_SECRET_ID: must name the secret holding {"signingSecret": "…"} ' +
        '(or set SLACK_SIGNING_SECRET)',
    );
  }
  if (!parsed.success || !signingSecret) {
    throw new ConfigError(`invalid Slack configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    channelId: e.SLACK_CHANNEL_ID,
    ...(e.SLACK_ALLOWED_USERS ? { allowedUsers: e.SLACK_ALLOWED_USERS } : {}),
    ...(e.SLACK_TEAM_ID ? { teamId: e.SLACK_TEAM_ID } : {}),
    signingSecret,
  };
};
