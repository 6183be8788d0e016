import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../../functions/adapters/slack/client.js';
import { SlackNotifier } from '../../../functions/adapters/slack/slack-notifier.js';
import { readCapture } from '../../../functions/core/capture/read.js';
import { classify } from '../../../functions/core/classify.js';
import { ACTION_IDS } from '../../../functions/render/slack/actions.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { type SlackServer, startSlackServer } from '../../helpers/slack-server.js';
import { cpuAlarm, INSTANCE } from '../../triage/fakes.js';

const CHANNEL = 'C0TRIAGE01';
const TRIAGE_ID = 'tr-0123456789abcdef';
const COMMAND_ID = '7f1e4c2a-1111-2222-3333-444455556666';
const STORM = loadFixture('captures/corpus/syscall-storm/demo-signal-storm.txt');

/** The action ids of the buttons in a recorded message's blocks. */
const actionIdsOf = (blocks: unknown): string[] =>
  ((blocks ?? []) as { type: string; elements?: { action_id: string }[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements?.map((e) => e.action_id) ?? []);

describe('SlackNotifier: notices mapped to the cards’ views', () => {
  let server: SlackServer;

  const notifier = () =>
    new SlackNotifier({
      client: createSlackClient('xoxb-000000000000-111111111111-notarealtoken', {
        slackApiUrl: server.apiUrl,
      }),
      channel: CHANNEL,
    });

  beforeEach(async () => {
    server = await startSlackServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('updates a resolved card without Rerun and Deep capture (issue 9)', async () => {
    // Prepare
    const slack = notifier();
    const alarm = cpuAlarm();
    const handle = await slack.triageStarted({
      triageId: TRIAGE_ID,
      alarm,
      instances: [{ instanceId: INSTANCE, commandId: COMMAND_ID }],
      candidates: 1,
      seconds: 10,
    });
    const triage = classify(readCapture(STORM));
    await slack.triageDone({ triageId: TRIAGE_ID, alarm, instanceId: INSTANCE, triage, handle });

    // Act
    await slack.alarmResolved({
      triageId: TRIAGE_ID,
      alarm: cpuAlarm({ state: 'OK', previousState: 'ALARM', changedAt: '2026-11-22T10:42:00Z' }),
      durationMs: 17 * 60_000,
      last: { alarm, instanceId: INSTANCE, triage, commandId: COMMAND_ID },
      handle,
    });

    // Assess
    const [diagnosed, resolved] = server.calls('chat.update');
    expect(actionIdsOf(diagnosed?.body.blocks)).toContain(ACTION_IDS.deep);
    // Feedback stays open after the OK: that is when people know the cause.
    expect(actionIdsOf(resolved?.body.blocks)).toEqual([
      ACTION_IDS.mute,
      ACTION_IDS.openAlarm,
      ACTION_IDS.openCommand,
      ACTION_IDS.feedbackRight,
      ACTION_IDS.feedbackWrong,
    ]);
  });

  it('posts a hostile alarm name escaped in the notification text (issue 9)', async () => {
    // Prepare
    const slack = notifier();
    const alarm = cpuAlarm({ name: '<!channel> <https://evil.example|click>' });

    // Act
    const handle = await slack.triageStarted({
      triageId: TRIAGE_ID,
      alarm,
      instances: [{ instanceId: INSTANCE, commandId: COMMAND_ID }],
      candidates: 1,
      seconds: 10,
    });
    await slack.triageFailed({
      triageId: TRIAGE_ID,
      alarm,
      instanceId: INSTANCE,
      reason: { code: 'ssm_agent_offline', message: 'The SSM agent is offline.' },
      handle,
    });

    // Assess
    const texts = server.requests.map((r) => String(r.body.text));
    expect(texts).toHaveLength(2);
    for (const text of texts) {
      expect(text).toContain('&lt;!channel&gt; &lt;https://evil.example|click&gt;');
      expect(text).not.toMatch(/[<>]/);
    }
  });
});
