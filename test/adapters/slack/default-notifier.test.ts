import { describe, expect, it } from 'vitest';
import type {
  MetricImageRequest,
  MetricImageSource,
} from '../../../functions/adapters/aws/metric-image.js';
import { LogNotifier } from '../../../functions/adapters/log-notifier.js';
import {
  defaultNotifier,
  SlackSecretUnavailable,
} from '../../../functions/adapters/slack/default-notifier.js';
import { SlackNotifier } from '../../../functions/adapters/slack/slack-notifier.js';
import { isRetryableFailure, type TriageStartedNotice } from '../../../functions/triage/ports.js';
import { startSlackServer } from '../../helpers/slack-server.js';
import { cpuAlarm, INSTANCE, MemoryLog } from '../../triage/fakes.js';

const startedNotice = (): TriageStartedNotice => ({
  triageId: 'tr-0123456789abcdef',
  alarm: cpuAlarm(),
  instances: [{ instanceId: INSTANCE, commandId: '11111111-2222-3333-4444-555555555555' }],
  candidates: 1,
  seconds: 10,
});

const noImages: MetricImageSource = {
  image: async (_request: MetricImageRequest) => undefined,
};

describe('defaultNotifier', () => {
  it('posts to Slack when a channel and a bot token are set', () => {
    // Act
    const notifier = defaultNotifier({ slackChannelId: 'C0TRIAGE01' }, new MemoryLog(), {
      env: { SLACK_BOT_TOKEN: 'xoxb-1-2-3' },
      imageSource: noImages,
    });

    // Assess
    expect(notifier).toBeInstanceOf(SlackNotifier);
  });

  it('logs without a channel', () => {
    // Act
    const notifier = defaultNotifier({}, new MemoryLog(), {
      env: { SLACK_BOT_TOKEN: 'xoxb-1-2-3' },
    });

    // Assess
    expect(notifier).toBeInstanceOf(LogNotifier);
  });

  it('reads the bot token from the Secrets Manager secret on first use, then posts', async () => {
    // Prepare
    const slack = await startSlackServer();
    const reads: string[] = [];
    const notifier = defaultNotifier(
      { slackChannelId: 'C0TRIAGE01', slackSecretId: 'alert-triage/slack' },
      new MemoryLog(),
      {
        env: { SLACK_API_URL: slack.apiUrl },
        imageSource: noImages,
        readSecret: async (id) => {
          reads.push(id);
          return { botToken: 'xoxb-from-the-secret' };
        },
      },
    );

    try {
      // Act
      await notifier.triageStarted(startedNotice());
      await notifier.triageStarted(startedNotice());

      // Assess
      expect(reads).toEqual(['alert-triage/slack']);
      expect(slack.calls('chat.postMessage')).toHaveLength(2);
    } finally {
      await slack.close();
    }
  });

  it('fails a notification it cannot send as retryable when the secret cannot be read, and reads it again next time', async () => {
    // Prepare
    const log = new MemoryLog();
    let reads = 0;
    const notifier = defaultNotifier(
      { slackChannelId: 'C0TRIAGE01', slackSecretId: 'alert-triage/slack' },
      log,
      {
        env: { SLACK_API_URL: 'http://127.0.0.1:9/api/' },
        readSecret: async () => {
          reads++;
          throw new Error('cannot read secret alert-triage/slack: AccessDeniedException');
        },
      },
    );

    // Act
    const first = await notifier.triageStarted(startedNotice()).catch((e: unknown) => e);
    const second = await notifier.triageStarted(startedNotice()).catch((e: unknown) => e);

    // Assess: never a log-only notifier for the container's life; the use case retries.
    expect(first).toBeInstanceOf(SlackSecretUnavailable);
    expect(isRetryableFailure(first)).toBe(true);
    expect(second).toBeInstanceOf(SlackSecretUnavailable);
    expect(reads).toBe(2);
    expect(log.lines[0]).toMatchObject({
      level: 'warn',
      attributes: { reason: expect.stringContaining('AccessDeniedException') },
    });
  });
});
