import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../../functions/adapters/slack/client.js';
import { SlackNotifier } from '../../../functions/adapters/slack/slack-notifier.js';
import { type SlackServer, startSlackServer } from '../../helpers/slack-server.js';

describe('SlackNotifier.weeklyDigest', () => {
  let server: SlackServer;

  beforeEach(async () => {
    server = await startSlackServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('posts the digest to the channel, targets named as a person reads them', async () => {
    // Prepare
    const slack = new SlackNotifier({
      client: createSlackClient('xoxb-000000000000-111111111111-notarealtoken', {
        slackApiUrl: server.apiUrl,
      }),
      channel: 'C0TRIAGE01',
    });

    // Act
    await slack.weeklyDigest({
      week: '2026-W47',
      from: '2026-11-16',
      to: '2026-11-23',
      triages: 4,
      resolved: 3,
      medianTimeToOkMs: 18 * 60_000,
      feedback: 2,
      precision: [{ cause: 'memory-creep', right: 1, wrong: 1 }],
      recurrentTargets: [
        { target: { kind: 'beanstalk-environment', name: 'web-prod' }, triages: 3 },
      ],
    });

    // Assess
    const [post] = server.calls('chat.postMessage');
    expect(post?.body.channel).toBe('C0TRIAGE01');
    expect(post?.body.text).toBe(
      'alert-triage, week 2026-W47: 4 triages, median time to OK 18 min (3 resolved)',
    );
    const blocks = JSON.stringify(post?.body.blocks);
    expect(blocks).toContain('`memory-creep`: 50% right (1 of 2)');
    expect(blocks).toContain('web-prod (Beanstalk environment): 3 triages');
  });
});
