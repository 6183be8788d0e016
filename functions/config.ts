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
  slackChannelId?: string;
  /**
   * The Secrets Manager secret (ARN or name) holding the Slack bot token. Tokens never sit in
   * the environment in production; `SLACK_BOT_TOKEN` is only the local and test stand-in.
   */
  slackSecretId?: string;
  serviceName: string;
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
  SLACK_CHANNEL_ID: optional(z.optional(z.string().check(z.minLength(1)))),
  SLACK_SECRET_ID: optional(z.optional(z.string().check(z.minLength(1)))),
  POWERTOOLS_SERVICE_NAME: optional(z._default(z.string().check(z.minLength(1)), 'alert-triage')),
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
    ...(e.SLACK_CHANNEL_ID ? { slackChannelId: e.SLACK_CHANNEL_ID } : {}),
    ...(e.SLACK_SECRET_ID ? { slackSecretId: e.SLACK_SECRET_ID } : {}),
    serviceName: e.POWERTOOLS_SERVICE_NAME,
  };
};
