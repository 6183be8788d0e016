/**
 * The Slack notifier: delivers the messages `render/slack/messages.ts` builds, and nothing
 * else. One card per triage, posted when the capture starts and updated in place
 * (`chat.update`, same `ts`) with the diagnosis, the failure or the resolution; the full
 * capture (redacted again) and the metric picture go into its thread as files, so the card
 * stays short. A rerun answers in the thread (with the before/after comparison when there was
 * an earlier capture) and puts its verdict on the card as a status line; when the alarm
 * clears, the card keeps its last diagnosis under a "resolved at …" status line.
 *
 * Failures: the card itself (post or update) throws a {@link SlackCallError} (`code`
 * `slack_rate_limited` with `retryAfterSeconds`, `slack_api_error` with Slack's `error`, or
 * `slack_request_failed`); the use cases log it and carry on. The thread extras are best
 * effort: a failure is logged and, after a 429 or no answer, the remaining extras are skipped.
 * Nothing here waits out a `Retry-After`.
 */

import type { ChatPostMessageArguments, ChatUpdateArguments, WebClient } from '@slack/web-api';
import { redactSecrets } from '../../core/redact.js';
import type { SlackMessage } from '../../render/slack/blocks.js';
import {
  renderFailedMessage,
  renderFleetMessage,
  renderRerunReply,
  renderResolvedMessage,
  renderStartedMessage,
  renderTriageMessage,
  rerunStatus,
  resolvedStatus,
} from '../../render/slack/messages.js';
import { renderWeeklyDigest } from '../../render/slack/weekly-digest.js';
import type { NotificationHandle } from '../../triage/model.js';
import type {
  AlarmResolvedNotice,
  Clock,
  Log,
  Notifier,
  TriageDoneNotice,
  TriageFailedNotice,
  TriageStartedNotice,
  WeeklyDigest,
} from '../../triage/ports.js';
import { systemClock } from '../../triage/ports.js';
import type { MetricImageSource } from '../aws/metric-image.js';
import {
  failedView,
  fleetView,
  remediesView,
  rerunView,
  resolvedView,
  startedView,
  triageView,
  weeklyDigestView,
} from './card-views.js';
import { SlackCallError, slackErrorFields, toSlackCallError } from './client.js';

/** The logging the notifier needs; Powertools' Logger and the `Log` port satisfy it. */
export type NotifierLog = Pick<Log, 'info' | 'warn'>;

export interface SlackNotifierOptions {
  /** Built by `createSlackClient` (rate-limited calls rejected, bounded retries). */
  client: WebClient;
  /** The channel id (`C…`) cards are posted to. */
  channel: string;
  /** Draws the alarm window for the thread; without it, no picture. */
  imageSource?: MetricImageSource;
  log?: NotifierLog;
  clock?: Clock;
  /** Offer the fixes alert-triage can apply (remediation enabled). Default false. */
  offerRemedies?: boolean;
}

/** Where a card lives: the handle `triageStarted` returns and the use cases store. */
export interface SlackHandle {
  channel: string;
  ts: string;
  /** More than one instance was captured: each diagnosis answers in the thread. */
  fleet?: boolean;
}

/** The handle as the ports carry it (string values only), read back defensively. */
export const slackHandleOf = (handle: NotificationHandle | undefined): SlackHandle | undefined => {
  const channel = handle?.channel;
  const ts = handle?.ts;
  if (!channel || !ts) return undefined;
  return { channel, ts, ...(handle.fleet === 'true' ? { fleet: true } : {}) };
};

/** Slack errors that mean the card is gone: post a new one instead. */
const CARD_GONE = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);

const silent: NotifierLog = { info: () => undefined, warn: () => undefined };

export class SlackNotifier implements Notifier {
  readonly #client: WebClient;
  readonly #channel: string;
  readonly #images: MetricImageSource | undefined;
  readonly #log: NotifierLog;
  readonly #clock: Clock;
  readonly #offerRemedies: boolean;

  constructor(options: SlackNotifierOptions) {
    this.#client = options.client;
    this.#channel = options.channel;
    this.#images = options.imageSource;
    this.#log = options.log ?? silent;
    this.#clock = options.clock ?? systemClock;
    this.#offerRemedies = options.offerRemedies === true;
  }

  async triageStarted(notice: TriageStartedNotice): Promise<NotificationHandle> {
    const { channel, ts } = await this.#post(renderStartedMessage(startedView(notice)));
    return notice.instances.length > 1 ? { channel, ts, fleet: 'true' } : { channel, ts };
  }

  async triageDone(notice: TriageDoneNotice): Promise<void> {
    const card = slackHandleOf(notice.handle);
    const remedies = this.#offerRemedies ? remediesView(notice) : undefined;
    const rendered = renderTriageMessage({
      ...triageView(notice),
      ...(remedies ? { remedies } : {}),
    });
    let thread: SlackHandle;
    if ((notice.rerun || notice.comparison) && card) {
      // A rerun: the answer in the thread (with the comparison when there is one), the verdict
      // on the card (a fleet's card is shared by its instances, so it keeps its own text).
      const rerun = rerunView(notice);
      await this.#post(renderRerunReply(rerun), card.ts);
      if (!card.fleet) {
        await this.#updateOrPost(
          card,
          renderTriageMessage(
            { ...rerun, ...(remedies ? { remedies } : {}) },
            {},
            { status: rerunStatus(rerun) },
          ),
        );
      }
      thread = card;
    } else if (card?.fleet) {
      // One card for the whole fleet, a section per instance as each one finishes; each
      // instance's full diagnosis is a reply under it.
      if (notice.fleet) {
        await this.#updateOrPost(
          card,
          renderFleetMessage(fleetView({ ...notice, fleet: notice.fleet })),
        );
      }
      await this.#post(rendered, card.ts);
      thread = card;
    } else {
      thread = card ? await this.#updateOrPost(card, rendered) : await this.#post(rendered);
    }
    await this.#threadExtras(notice, thread);
  }

  async triageFailed(notice: TriageFailedNotice): Promise<void> {
    const card = slackHandleOf(notice.handle);
    const message = renderFailedMessage(failedView(notice));
    if (!card) await this.#post(message);
    else if (card.fleet && notice.instanceId) await this.#post(message, card.ts);
    else await this.#updateOrPost(card, message);
  }

  async alarmResolved(notice: AlarmResolvedNotice): Promise<void> {
    const card = slackHandleOf(notice.handle);
    // The card keeps what it said, under the resolved line, without Rerun and Deep capture; a
    // fleet's card is no one diagnosis.
    const resolved = resolvedView(notice);
    const message =
      notice.last && !card?.fleet
        ? renderTriageMessage(
            triageView({ ...notice.last, triageId: notice.triageId }),
            {},
            { status: resolvedStatus(resolved), resolved: true },
          )
        : renderResolvedMessage(resolved);
    if (card) await this.#updateOrPost(card, message);
    else await this.#post(message);
  }

  async weeklyDigest(digest: WeeklyDigest): Promise<void> {
    await this.#post(renderWeeklyDigest(weeklyDigestView(digest)));
  }

  // -------------------------------------------------------------------------------------------

  /** Posts to the channel (or under `threadTs`); the new message's address. */
  async #post(message: SlackMessage, threadTs?: string): Promise<SlackHandle> {
    const args = {
      channel: this.#channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    } as ChatPostMessageArguments;
    const answer = await this.#call('chat.postMessage', () => this.#client.chat.postMessage(args));
    if (!answer.ts) {
      throw new SlackCallError('slack_api_error', 'chat.postMessage', 'chat.postMessage: no ts', {
        slackError: 'no_ts',
      });
    }
    return { channel: answer.channel ?? this.#channel, ts: answer.ts };
  }

  /** Updates the card in place; a card deleted meanwhile is posted again. */
  async #updateOrPost(card: SlackHandle, message: SlackMessage): Promise<SlackHandle> {
    const args = {
      channel: card.channel,
      ts: card.ts,
      text: message.text,
      blocks: message.blocks,
    } as ChatUpdateArguments;
    try {
      await this.#call('chat.update', () => this.#client.chat.update(args));
      return card;
    } catch (error) {
      if (error instanceof SlackCallError && error.slackError && CARD_GONE.has(error.slackError)) {
        this.#log.info('slack card gone: posting a new one', { slackError: error.slackError });
        return this.#post(message);
      }
      throw error;
    }
  }

  /** The capture file and the metric picture, into the card's thread. Best effort. */
  async #threadExtras(notice: TriageDoneNotice, thread: SlackHandle): Promise<void> {
    const { instanceId } = notice;
    const extras: { what: string; run: () => Promise<unknown> }[] = [];
    if (notice.capture) {
      const capture = notice.capture;
      extras.push({
        what: 'capture file',
        run: () =>
          this.#call('files.uploadV2', () =>
            this.#client.filesUploadV2({
              channel_id: thread.channel,
              thread_ts: thread.ts,
              // The second redaction layer: the capture leaves for Slack only through here.
              content: redactSecrets(capture),
              filename: `capture-${instanceId}${notice.commandId ? `-${notice.commandId}` : ''}.txt`,
              title: `Capture of ${instanceId}`,
              snippet_type: 'text',
            }),
          ),
      });
    }
    const images = this.#images;
    if (images) {
      extras.push({
        what: 'metric picture',
        run: async () => {
          const image = await images.image({
            instanceId,
            ...(notice.triage.facts.instance?.type
              ? { instanceType: notice.triage.facts.instance.type }
              : {}),
            region: notice.alarm.region,
            alarmAt: new Date(notice.alarm.changedAt),
            end: this.#clock.now(),
            title: `${notice.alarm.name}: ${instanceId}`,
          });
          if (!image) return;
          await this.#call('files.uploadV2', () =>
            this.#client.filesUploadV2({
              channel_id: thread.channel,
              thread_ts: thread.ts,
              file: Buffer.from(image.png),
              filename: `metrics-${instanceId}.png`,
              title: `Metrics of ${instanceId}`,
              alt_text: image.description,
            }),
          );
        },
      });
    }
    for (const extra of extras) {
      try {
        await extra.run();
      } catch (error) {
        // Slack failures were logged by #call; the image source's are logged here.
        if (!(error instanceof SlackCallError)) {
          this.#log.warn(`slack ${extra.what} not posted`, {
            error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          });
        }
        // A 429 now means a 429 for the next call too, and a Slack that does not answer will
        // not answer the next one either: stop rather than make it worse or wait longer.
        if (error instanceof SlackCallError && error.code !== 'slack_api_error') return;
      }
    }
  }

  /** Runs one Web API call; its failure becomes a {@link SlackCallError}, logged without tokens. */
  async #call<T>(method: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const wrapped = toSlackCallError(error, method);
      this.#log.warn('slack call failed', slackErrorFields(wrapped));
      throw wrapped;
    }
  }
}
