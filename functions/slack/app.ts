/**
 * The Slack app: a signed interaction request → the button's listener → an ephemeral reply and
 * the HTTP answer. Built by `handler.ts` once per cold start, after the signing secret is read;
 * tests build it with a loopback `response_url`.
 *
 * Why not Bolt (measured with the Lambda's esbuild options, bench/bundles.ts's way): its `App`
 * module `require`s the HTTP and Socket Mode receivers (express, body-parser, iconv-lite,
 * @slack/socket-mode with undici, @slack/oauth) whatever receiver is used, and esbuild cannot
 * drop a CommonJS `require`. With Bolt this function bundled to 2,121 KB; importing only
 * `dist/App.js` and `dist/receivers/AwsLambdaReceiver.js` still gave 1,798 KB (goal 1,500),
 * receivers included. What we used of it, answering `block_actions`, is a signature check, one
 * form field and a POST to `response_url`; without Bolt the bundle is 537 KB and its cold
 * import about 70 ms instead of 190 ms (median of 5 on a quiet machine).
 *
 * Requests are checked in this order, and a refused one has no side effect:
 * 1. the signature: missing, wrong, or a timestamp more than 5 minutes off → 401, before
 *    anything reads the body (`signature.ts`);
 * 2. a Slack retry (`X-Slack-Retry-Num`) → 200, nothing done: the first delivery did it;
 * 3. a body that is not an interaction payload → 400; anything but a button click → 200, logged;
 * 4. another workspace or channel, a user not allowed, Deep without an allow-list → an
 *    ephemeral refusal (`access.ts`);
 * 5. an action id no listener knows → 200, logged;
 * 6. the listener, then its ephemeral reply. Slack wants the HTTP answer within 3 s, and in
 *    Lambda nothing runs after it, so the listeners keep to fast work (one SendCommand).
 */
import type { SlackConfig } from '../config.js';
import type { Log } from '../triage/ports.js';
import { REFUSAL_REPLY, refusalOf } from './access.js';
import { type ButtonClick, readInteraction } from './interaction.js';
import { type ListenerDeps, listenersFor } from './listeners/index.js';
import { postReply, type Reply } from './replies.js';
import {
  type FunctionUrlRequest,
  type FunctionUrlResponse,
  headerOf,
  rawBodyOf,
} from './request.js';
import { signatureRefusal } from './signature.js';

/** The configuration with the signing secret itself, once read. */
export type SlackAppConfig = Omit<SlackConfig, 'signingSecret'> & { signingSecret: string };

export interface SlackAppDeps extends ListenerDeps {
  /** Sends the ephemeral replies; `fetch` to the click's `response_url` by default. */
  reply?: Reply;
}

export interface SlackApp {
  handle(request: FunctionUrlRequest): Promise<FunctionUrlResponse>;
}

const answer = (statusCode: number): FunctionUrlResponse => ({ statusCode, body: '' });

const errorText = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Builds the app. Makes no network call. */
export const createSlackApp = (config: SlackAppConfig, deps: SlackAppDeps): SlackApp => {
  const log: Log = deps.logger;
  const listeners = listenersFor(deps);
  const reply = deps.reply ?? postReply;

  const tell = async (click: ButtonClick, text: string): Promise<void> => {
    try {
      await reply(click.responseUrl, text);
    } catch (error) {
      log.warn('ephemeral reply not delivered', { error: errorText(error) });
    }
  };

  const act = async (click: ButtonClick): Promise<FunctionUrlResponse> => {
    const who = {
      actionId: click.actionId,
      user: click.userId,
      channel: click.channelId,
      team: click.teamId,
    };
    const refusal = refusalOf(config, click);
    if (refusal) {
      log.warn('button refused', { refusal, ...who });
      await tell(click, REFUSAL_REPLY[refusal]);
      return answer(200);
    }
    const listener = listeners.get(click.actionId);
    if (!listener) {
      log.warn('unknown action id: acknowledged, nothing done', who);
      return answer(200);
    }
    const text = await listener(click);
    if (text !== undefined) await tell(click, text);
    return answer(200);
  };

  return {
    handle: async (request) => {
      const body = rawBodyOf(request);
      const refused = signatureRefusal(
        config.signingSecret,
        {
          timestamp: headerOf(request, 'x-slack-request-timestamp'),
          signature: headerOf(request, 'x-slack-signature'),
          body,
        },
        deps.clock.now(),
      );
      if (refused) {
        log.warn('Slack request refused: signature missing, wrong or too old', {
          refusal: refused,
        });
        return answer(401);
      }
      const retryNum = headerOf(request, 'x-slack-retry-num');
      if (retryNum !== undefined) {
        log.info('Slack retry acknowledged and ignored', {
          retryNum,
          retryReason: headerOf(request, 'x-slack-retry-reason'),
        });
        return answer(200);
      }
      const interaction = readInteraction(body.toString('utf8'));
      switch (interaction.kind) {
        case 'malformed':
          log.warn('signed Slack request malformed', { reason: interaction.reason });
          return answer(400);
        case 'other':
          log.warn('Slack request ignored: not a button click', { type: interaction.type });
          return answer(200);
        case 'click':
          try {
            return await act(interaction.click);
          } catch (error) {
            log.error('Slack listener failed', { error: errorText(error) });
            return answer(500);
          }
      }
    },
  };
};
