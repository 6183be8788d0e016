/**
 * The Slack app: Bolt's `App` on an `AwsLambdaReceiver`, a guard every request passes first,
 * and the button listeners. Built by `handler.ts` once per cold start, after the secret is
 * read; tests build it with a loopback Web API.
 *
 * Requests are checked in this order, and a refused one has no side effect:
 * 1. the signature (Bolt's receiver: missing, wrong, or a timestamp older than 5 minutes →
 *    HTTP 401 before any listener runs);
 * 2. a Slack retry (`X-Slack-Retry-Num`) → acknowledged, nothing done: the first delivery did it;
 * 3. anything but a button click → acknowledged and logged;
 * 4. another workspace, a channel not allowed, a user not allowed → an ephemeral refusal;
 * 5. an action id no listener knows → logged and acknowledged.
 */
import {
  type AllMiddlewareArgs,
  type AnyMiddlewareArgs,
  App,
  AwsLambdaReceiver,
  type Logger,
  LogLevel,
  type Middleware,
  type RespondFn,
} from '@slack/bolt';
import {
  DEFAULT_SLACK_API_URL,
  SLACK_REQUEST_TIMEOUT_MS,
  SLACK_RETRY_POLICY,
} from '../adapters/slack/client.js';
import type { Log } from '../triage/ports.js';
import { KNOWN_ACTION_IDS, type ListenerDeps, registerListeners } from './listeners/index.js';
import { REPLIES, tell } from './replies.js';

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Channels whose buttons are answered (`SLACK_CHANNEL_ID`, comma-separated). */
  channelIds: string[];
  /** When set, only these users may press the buttons (`SLACK_ALLOWED_USERS`). */
  allowedUsers?: string[];
  /** When set, a payload from any other workspace is refused (`SLACK_TEAM_ID`). */
  teamId?: string;
  /** The Web API's base URL (`SLACK_API_URL`); Slack's own by default. */
  apiUrl?: string;
  /** With both, Bolt never calls `auth.test` (`SLACK_BOT_ID`, `SLACK_BOT_USER_ID`). */
  botId?: string;
  botUserId?: string;
}

/** The bot token and signing secret: the Secrets Manager secret's JSON, or their stand-ins. */
export interface SlackSecret {
  botToken: string;
  signingSecret: string;
}

export class SlackConfigError extends Error {
  readonly code = 'slack_config_invalid';

  constructor(message: string) {
    super(message);
    this.name = 'SlackConfigError';
  }
}

const listOf = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

const set = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

/**
 * The bot token and signing secret: `SLACK_BOT_TOKEN` and `SLACK_SIGNING_SECRET` when both are
 * set (tests, local runs), else the Secrets Manager secret named by `SLACK_SECRET_ID`, through
 * `read` (cached per container by the adapter).
 * @throws {SlackConfigError} when neither gives both values.
 */
export const loadSlackSecret = async (
  env: Record<string, string | undefined>,
  read: (secretId: string) => Promise<{ botToken: string; signingSecret?: string }>,
): Promise<SlackSecret> => {
  const botToken = set(env.SLACK_BOT_TOKEN);
  const signingSecret = set(env.SLACK_SIGNING_SECRET);
  if (botToken && signingSecret) return { botToken, signingSecret };
  const secretId = set(env.SLACK_SECRET_ID);
  if (!secretId) {
    throw new SlackConfigError(
      'set SLACK_SECRET_ID (the Secrets Manager secret), or SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET',
    );
  }
  const secret = await read(secretId);
  if (!secret.signingSecret) {
    throw new SlackConfigError(`secret ${secretId} has no "signingSecret"`);
  }
  return { botToken: secret.botToken, signingSecret: secret.signingSecret };
};

/** @throws {SlackConfigError} when no channel is allowed: the buttons would answer nowhere. */
export const loadSlackConfig = (
  env: Record<string, string | undefined>,
  secret: SlackSecret,
): SlackConfig => {
  const channelIds = listOf(env.SLACK_CHANNEL_ID);
  if (channelIds.length === 0) {
    throw new SlackConfigError('SLACK_CHANNEL_ID must name the channel(s) the buttons work in');
  }
  const allowedUsers = listOf(env.SLACK_ALLOWED_USERS);
  const optional = {
    teamId: set(env.SLACK_TEAM_ID),
    apiUrl: set(env.SLACK_API_URL),
    botId: set(env.SLACK_BOT_ID),
    botUserId: set(env.SLACK_BOT_USER_ID),
  };
  return {
    ...secret,
    channelIds,
    ...(allowedUsers.length > 0 ? { allowedUsers } : {}),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
};

/** The parts of an interaction payload the guard reads; all untrusted until checked. */
interface InteractionPayload {
  type?: string;
  team?: { id?: string } | null;
  user?: { id?: string; team_id?: string };
  channel?: { id?: string };
  container?: { channel_id?: string };
  actions?: { action_id?: string }[];
}

export type Refusal = 'other-workspace' | 'channel-not-allowed' | 'user-not-allowed';

/** Why this payload may not act, or `undefined` when it may. */
export const refusalOf = (
  config: SlackConfig,
  payload: InteractionPayload,
): Refusal | undefined => {
  if (config.teamId !== undefined) {
    const team = payload.team?.id ?? payload.user?.team_id;
    if (team !== config.teamId) return 'other-workspace';
  }
  const channel = payload.channel?.id ?? payload.container?.channel_id;
  if (channel === undefined || !config.channelIds.includes(channel)) return 'channel-not-allowed';
  const user = payload.user?.id;
  if (config.allowedUsers && (user === undefined || !config.allowedUsers.includes(user))) {
    return 'user-not-allowed';
  }
  return undefined;
};

const REFUSAL_REPLY: Record<Refusal, string> = {
  'other-workspace': REPLIES.otherWorkspace,
  'channel-not-allowed': REPLIES.channelNotAllowed,
  'user-not-allowed': REPLIES.userNotAllowed,
};

type Ack = () => Promise<void>;

/** Runs before every listener; see the order in this module's comment. */
export const guard =
  (config: SlackConfig, log: Log): Middleware<AnyMiddlewareArgs> =>
  async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
    const { body, context, next } = args;
    const ack = 'ack' in args ? (args.ack as Ack) : async () => {};
    const payload = body as InteractionPayload;
    if (context.retryNum !== undefined) {
      log.info('Slack retry acknowledged and ignored', {
        retryNum: context.retryNum,
        retryReason: context.retryReason,
      });
      await ack();
      return;
    }
    if (payload.type !== 'block_actions') {
      log.warn('Slack request ignored: not a button click', { type: payload.type });
      await ack();
      return;
    }
    const actionId = payload.actions?.[0]?.action_id;
    const who = {
      actionId,
      user: payload.user?.id,
      channel: payload.channel?.id ?? payload.container?.channel_id,
      team: payload.team?.id,
    };
    const refusal = refusalOf(config, payload);
    if (refusal) {
      log.warn('button refused', { refusal, ...who });
      await ack();
      if ('respond' in args) await tell(args.respond as RespondFn, REFUSAL_REPLY[refusal]);
      return;
    }
    if (actionId === undefined || !KNOWN_ACTION_IDS.has(actionId)) {
      log.warn('unknown action id: acknowledged, nothing done', who);
      await ack();
      return;
    }
    await next();
  };

/** Bolt's logger interface over ours: Bolt's own lines at debug, its problems as they are. */
const boltLogger = (log: Log): Logger => {
  let level = LogLevel.INFO;
  let name = 'bolt';
  const text = (msg: unknown[]) => msg.map(String).join(' ');
  return {
    debug: (...msg) => log.debug(text(msg), { logger: name }),
    info: (...msg) => log.debug(text(msg), { logger: name }),
    warn: (...msg) => log.warn(text(msg), { logger: name }),
    error: (...msg) => log.error(text(msg), { logger: name }),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n) => {
      name = n;
    },
  };
};

/** The receiver's handler type (Bolt does not export it from its index). */
export type AwsHandler = ReturnType<AwsLambdaReceiver['toHandler']>;

export interface SlackApp {
  app: App;
  /** The Function URL handler: 2 arguments, a promise (Node 24 refuses callback handlers). */
  handler: AwsHandler;
}

/**
 * Builds the app. Makes no network call: `auth.test` is skipped with `botId`/`botUserId`, or
 * deferred to the first request (`tokenVerificationEnabled: false`). Web API calls are
 * rejected at once on a 429 and retried twice at most, so no Lambda sleeps for minutes.
 */
export const createSlackApp = (config: SlackConfig, deps: ListenerDeps): SlackApp => {
  const logger = boltLogger(deps.logger);
  const receiver = new AwsLambdaReceiver({
    signingSecret: config.signingSecret,
    logger,
    invalidRequestSignatureHandler: ({ ts }) => {
      deps.logger.warn('Slack request refused: signature missing, wrong or too old', {
        requestTimestamp: Number.isFinite(ts) ? ts : undefined,
      });
    },
  });
  const app = new App({
    token: config.botToken,
    receiver,
    logger,
    ...(config.botId && config.botUserId
      ? { botId: config.botId, botUserId: config.botUserId }
      : { tokenVerificationEnabled: false }),
    clientOptions: {
      slackApiUrl: config.apiUrl ?? DEFAULT_SLACK_API_URL,
      rejectRateLimitedCalls: true,
      retryConfig: SLACK_RETRY_POLICY,
      timeout: SLACK_REQUEST_TIMEOUT_MS,
      logLevel: LogLevel.ERROR,
    },
  });
  app.use(guard(config, deps.logger));
  registerListeners(app, deps);
  app.error(async (error) => {
    deps.logger.error('Slack listener failed', { error: `${error.name}: ${error.message}` });
  });
  return { app, handler: receiver.toHandler() };
};
