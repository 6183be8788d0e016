/**
 * The Lambdas' configuration, read from the environment the CDK sets. Called once per cold
 * start in a handler, never at import time, so importing any module needs no environment.
 */
import { z } from 'zod';
import { DEEP_MODES, MAX_SECONDS, MIN_SECONDS } from './capture-script/options.js';

export interface Config {
  tableName: string;
  /** How many instances of an ASG or environment to capture, hottest first. */
  hottest: number;
  capture: { seconds: number; deep: (typeof DEEP_MODES)[number] };
  /** The tag the bot's IAM policy requires on an instance before it may send it a command. */
  optIn: { key: string; value: string };
  slackChannelId?: string;
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
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema);

const EnvSchema = z.object({
  TABLE_NAME: z.string().min(3, 'TABLE_NAME must name the DynamoDB table'),
  HOTTEST_N: optional(z.coerce.number().int().min(1).max(50).default(3)),
  CAPTURE_SECONDS: optional(z.coerce.number().int().min(MIN_SECONDS).max(MAX_SECONDS).default(10)),
  CAPTURE_DEEP: optional(z.enum(DEEP_MODES).default('auto')),
  OPT_IN_TAG_KEY: optional(z.string().min(1).default('alert-triage:enabled')),
  OPT_IN_TAG_VALUE: optional(z.string().default('true')),
  SLACK_CHANNEL_ID: optional(z.string().min(1).optional()),
  POWERTOOLS_SERVICE_NAME: optional(z.string().min(1).default('alert-triage')),
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
    hottest: e.HOTTEST_N,
    capture: { seconds: e.CAPTURE_SECONDS, deep: e.CAPTURE_DEEP },
    optIn: { key: e.OPT_IN_TAG_KEY, value: e.OPT_IN_TAG_VALUE },
    ...(e.SLACK_CHANNEL_ID ? { slackChannelId: e.SLACK_CHANNEL_ID } : {}),
    serviceName: e.POWERTOOLS_SERVICE_NAME,
  };
};
