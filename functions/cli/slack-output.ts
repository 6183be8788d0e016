/**
 * `--slack-json`, `--slack-webhook URL` and `--slack-channel C…` of `classify` and `local`:
 * the triage card as Block Kit JSON, posted to an incoming webhook, or posted through the Web
 * API with `SLACK_BOT_TOKEN`. Rendering is `render/slack/messages.ts`; this only delivers.
 */
import { createHash } from 'node:crypto';
import type { Alarm } from '../core/alarm/types.js';
import type { Capture } from '../core/capture/read.js';
import type { Triage } from '../core/classify.js';
import type { FactOptions } from '../core/facts/derive.js';
import type { SlackMessage } from '../render/slack/blocks.js';
import { renderTriageMessage } from '../render/slack/messages.js';
import { UsageError } from './errors.js';
import type { Streams } from './io.js';

/** The options each command adds to its `parseCommandLine` table. */
export const SLACK_OPTIONS = {
  'slack-json': { type: 'boolean' },
  'slack-webhook': { type: 'string' },
  'slack-channel': { type: 'string' },
} as const;

/** The lines each command adds to its `--help`. */
export const SLACK_HELP = `  --slack-json         print the Slack card (Block Kit {"text","blocks"}) instead
  --slack-webhook URL  also post the card to an incoming webhook (no buttons)
  --slack-channel C…   also post it to a channel as the bot in SLACK_BOT_TOKEN
`;

export interface SlackTargets {
  json: boolean;
  webhook?: URL;
  channel?: string;
  token?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const CHANNEL_ID = /^[CGD][A-Z0-9]{6,}$/;

/**
 * Checks the Slack options before any work is done (a capture takes seconds): the webhook is
 * https (plain http only to this machine), the channel an id, and a token is in the environment.
 * @throws {UsageError}
 */
export const slackTargets = (
  values: {
    json?: boolean | undefined;
    'slack-json'?: boolean | undefined;
    'slack-webhook'?: string | undefined;
    'slack-channel'?: string | undefined;
  },
  env: NodeJS.ProcessEnv,
): SlackTargets => {
  const targets: SlackTargets = { json: values['slack-json'] === true };
  if (targets.json && values.json === true) {
    throw new UsageError('--json and --slack-json print different documents: choose one');
  }
  const hook = values['slack-webhook'];
  if (hook !== undefined) {
    let url: URL;
    try {
      url = new URL(hook);
    } catch {
      throw new UsageError(`--slack-webhook '${hook}' is not a URL`);
    }
    const loopback = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
    if (url.protocol !== 'https:' && !loopback) {
      throw new UsageError('--slack-webhook must be an https:// URL (http only to 127.0.0.1)');
    }
    targets.webhook = url;
  }
  const channel = values['slack-channel'];
  if (channel !== undefined) {
    if (!CHANNEL_ID.test(channel)) {
      throw new UsageError(`--slack-channel '${channel}' is not a channel id (C0123456789)`);
    }
    const token = env.SLACK_BOT_TOKEN;
    if (!token) {
      throw new UsageError('--slack-channel needs a bot token in SLACK_BOT_TOKEN (xoxb-…)');
    }
    targets.channel = channel;
    targets.token = token;
  }
  return targets;
};

/** Whether any Slack option was given. */
export const wantsSlack = (t: SlackTargets): boolean =>
  t.json || t.webhook !== undefined || t.channel !== undefined;

/**
 * A card for a triage made on the command line: no alarm and no stored triage stand behind
 * it, so the alarm fields stay empty and the id is derived from the capture's text.
 */
export const cliCard = (
  triage: Triage,
  capture: Capture,
  text: string,
  options: FactOptions,
  interactive: boolean,
): SlackMessage => {
  const alarm: Alarm = {
    name: capture.metadata.alarm ?? '',
    arn: '',
    region: capture.metadata.region ?? '',
    account: '',
    state: 'ALARM',
    previousState: null,
    reason: '',
    changedAt: '',
    metrics: [],
    delivery: 'lambda-action',
  };
  const instanceId = triage.facts.instance?.id ?? triage.facts.host ?? 'this capture';
  return renderTriageMessage(
    {
      triageId: `tr-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`,
      alarm,
      instanceId,
      triage,
    },
    {
      ...(options.instanceType ? { instanceType: options.instanceType } : {}),
      ...(options.creditMode ? { creditMode: options.creditMode } : {}),
    },
    { interactive },
  );
};

const oneLine = (text: string, limit = 300) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
};

/** Posts `{text, blocks}` to an incoming webhook; the error line when Slack refused it. */
const postWebhook = async (url: URL, message: SlackMessage): Promise<string | undefined> => {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    return `Slack webhook ${url.host} could not be reached: ${oneLine(String(error))}`;
  }
  const body = await response.text().catch(() => '');
  if (response.ok) return undefined;
  return `Slack webhook answered ${response.status}: ${oneLine(body) || response.statusText}`;
};

/**
 * Delivers the card where the options say. Returns the exit code: 0 when every delivery
 * succeeded, 1 when one failed (its reason on stderr, one line).
 */
export const deliverSlack = async (
  command: string,
  targets: SlackTargets,
  card: (interactive: boolean) => SlackMessage,
  streams: Streams,
): Promise<number> => {
  if (targets.json) streams.stdout.write(`${JSON.stringify(card(true))}\n`);
  let code = 0;
  if (targets.webhook) {
    const failure = await postWebhook(targets.webhook, card(false));
    if (failure) {
      streams.stderr.write(`alert-triage ${command}: ${failure}\n`);
      code = 1;
    }
  }
  if (targets.channel && targets.token) {
    // The CLI stores no triage, so buttons would lead to "unknown triage": links only.
    const message = card(false);
    // Loaded only when asked for: the Web API client is a CommonJS package the CLI bundle
    // otherwise evaluates at start-up, for every command.
    const { createSlackClient, toSlackCallError } = await import('../adapters/slack/client.js');
    try {
      await createSlackClient(targets.token).chat.postMessage({
        channel: targets.channel,
        text: message.text,
        blocks: message.blocks,
      });
    } catch (error) {
      streams.stderr.write(
        `alert-triage ${command}: ${oneLine(toSlackCallError(error, 'chat.postMessage').message)}\n`,
      );
      code = 1;
    }
  }
  return code;
};
