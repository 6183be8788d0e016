import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  MetricImageRequest,
  MetricImageSource,
} from '../../../functions/adapters/aws/metric-image.js';
import { createSlackClient, SlackCallError } from '../../../functions/adapters/slack/client.js';
import { SlackNotifier } from '../../../functions/adapters/slack/slack-notifier.js';
import { readCapture } from '../../../functions/core/capture/read.js';
import { classify } from '../../../functions/core/classify.js';
import { compare } from '../../../functions/core/compare.js';
import type { TriageDoneNotice, TriageStartedNotice } from '../../../functions/triage/ports.js';
import { loadFixture } from '../../helpers/fixtures.js';
import {
  type RecordedRequest,
  rateLimited,
  type SlackServer,
  slackError,
  startSlackServer,
} from '../../helpers/slack-server.js';
import { cpuAlarm, FakeClock, INSTANCE, MemoryLog } from '../../triage/fakes.js';

const TOKEN = 'xoxb-000000000000-111111111111-notarealtokenatall';
const CHANNEL = 'C0TRIAGE01';
const TRIAGE_ID = 'tr-0123456789abcdef';
const COMMAND_ID = '7f1e4c2a-1111-2222-3333-444455556666';

const STORM = loadFixture('captures/corpus/syscall-storm/demo-signal-storm.txt');
const HEALTHY = loadFixture('captures/corpus/healthy/demo-healthy.txt');
/** Secrets a process environment could hold; none may reach Slack. */
const PLANTED = {
  password: 'hunter2-planted-pw',
  slackToken: 'xoxb-9999-8888-plantedslacktoken',
  awsKey: 'AKIAPLANTED0SECRET12',
};
const WITH_SECRETS = `${STORM}==> cat /proc/13904/environ <==
DB_PASSWORD=${PLANTED.password}
SLACK_BOT_TOKEN=${PLANTED.slackToken}
AWS_ACCESS_KEY_ID=${PLANTED.awsKey}
`;
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

class FakeImages implements MetricImageSource {
  readonly requests: MetricImageRequest[] = [];
  async image(request: MetricImageRequest) {
    this.requests.push(request);
    return { png: PNG, description: 'CPU of the instance around the alarm' };
  }
}

const started = (instanceIds = [INSTANCE]): TriageStartedNotice => ({
  triageId: TRIAGE_ID,
  alarm: cpuAlarm(),
  instances: instanceIds.map((instanceId) => ({ instanceId, commandId: COMMAND_ID })),
  candidates: instanceIds.length,
  seconds: 10,
});

const done = (overrides: Partial<TriageDoneNotice> = {}): TriageDoneNotice => ({
  triageId: TRIAGE_ID,
  alarm: cpuAlarm(),
  instanceId: INSTANCE,
  triage: classify(readCapture(STORM)),
  commandId: COMMAND_ID,
  ...overrides,
});

/** Every recorded byte, to search for what must never leave. */
const everything = (requests: RecordedRequest[]) =>
  requests
    .map((r) =>
      JSON.stringify(r.body, (_key, value: unknown) =>
        value && typeof value === 'object' && 'type' in value && value.type === 'Buffer'
          ? Buffer.from((value as unknown as { data: number[] }).data).toString('utf8')
          : value,
      ),
    )
    .join('\n');

const uploads = (server: SlackServer) =>
  server.requests.filter((r) => r.path.startsWith('/upload/'));

describe('SlackNotifier', () => {
  let server: SlackServer;
  let log: MemoryLog;

  const notifier = (options: { images?: MetricImageSource } = {}) =>
    new SlackNotifier({
      client: createSlackClient(TOKEN, { slackApiUrl: server.apiUrl }),
      channel: CHANNEL,
      ...(options.images ? { imageSource: options.images } : {}),
      log,
      clock: new FakeClock(new Date('2026-11-22T09:12:30Z')),
    });

  beforeEach(async () => {
    server = await startSlackServer();
    log = new MemoryLog();
  });

  afterEach(async () => {
    await server.close();
  });

  it('posts the card when the capture starts and updates it in place with the diagnosis', async () => {
    // Prepare
    const slack = notifier();

    // Act
    const handle = await slack.triageStarted(started());
    await slack.triageDone(done({ handle }));

    // Assess
    const [post] = server.calls('chat.postMessage');
    const [update] = server.calls('chat.update');
    expect(handle).toEqual({ channel: CHANNEL, ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    expect(post?.body).toMatchObject({
      channel: CHANNEL,
      text: expect.stringContaining('Triaging ServerCpuTooHigh'),
    });
    expect(update?.body).toMatchObject({ channel: CHANNEL, ts: handle.ts });
    expect(update?.body.blocks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'header',
          text: expect.objectContaining({ text: expect.stringContaining('syscall-storm') }),
        }),
      ]),
    );
    expect(server.calls('chat.postMessage')).toHaveLength(1);
    expect(server.requests.every((r) => r.authorized)).toBe(true);
    expect(JSON.stringify(server.requests)).not.toContain(TOKEN);
  });

  it('uploads the capture into the thread as a file, with planted secrets masked', async () => {
    // Prepare
    const slack = notifier();
    const handle = await slack.triageStarted(started());

    // Act
    await slack.triageDone(done({ handle, capture: WITH_SECRETS }));

    // Assess
    const [ask] = server.calls('files.getUploadURLExternal');
    const [complete] = server.calls('files.completeUploadExternal');
    const [upload] = uploads(server);
    expect(ask?.body).toMatchObject({ filename: `capture-${INSTANCE}-${COMMAND_ID}.txt` });
    expect(complete?.body).toMatchObject({ channel_id: CHANNEL, thread_ts: handle.ts });
    const text = String(upload?.body.body);
    expect(text).toContain('==> cat /proc/13904/environ <==');
    expect(text).toContain('DB_PASSWORD=***');
    const sent = everything(server.requests);
    for (const secret of Object.values(PLANTED)) expect(sent).not.toContain(secret);
    expect(sent).not.toContain(TOKEN);
  });

  it('puts the metric picture of the alarm window into the thread', async () => {
    // Prepare
    const images = new FakeImages();
    const slack = notifier({ images });
    const handle = await slack.triageStarted(started());

    // Act
    await slack.triageDone(done({ handle }));

    // Assess
    expect(images.requests).toEqual([
      expect.objectContaining({
        instanceId: INSTANCE,
        region: 'us-east-1',
        alarmAt: new Date('2026-11-22T09:10:40.989Z'),
        end: new Date('2026-11-22T09:12:30Z'),
      }),
    ]);
    const [ask] = server.calls('files.getUploadURLExternal');
    expect(ask?.body).toMatchObject({
      filename: `metrics-${INSTANCE}.png`,
      alt_text: 'CPU of the instance around the alarm',
    });
    const [upload] = uploads(server);
    expect(new Uint8Array((upload?.body.body ?? []) as Buffer)).toEqual(PNG);
    expect(server.calls('files.completeUploadExternal')[0]?.body).toMatchObject({
      channel_id: CHANNEL,
      thread_ts: handle.ts,
    });
  });

  it('answers a rerun in the thread with the comparison and puts the verdict on the card', async () => {
    // Prepare
    const slack = notifier();
    const handle = await slack.triageStarted(started());
    const before = classify(readCapture(STORM));
    const after = classify(readCapture(HEALTHY));
    const comparison = compare(before, after);

    // Act
    await slack.triageDone(done({ handle, triage: after, comparison }));

    // Assess
    const reply = server.calls('chat.postMessage')[1];
    const [update] = server.calls('chat.update');
    expect(reply?.body).toMatchObject({ channel: CHANNEL, thread_ts: handle.ts });
    expect(JSON.stringify(reply?.body.blocks)).toContain('Before → after');
    expect(reply?.body.text).toContain(comparison.summary.slice(0, 20));
    expect(update?.body).toMatchObject({ channel: CHANNEL, ts: handle.ts });
    const [status] = (update?.body.blocks ?? []) as { text?: { text: string } }[];
    expect(status?.text?.text).toContain(comparison.summary.slice(0, 20));
  });

  it('updates the card when the alarm resolves', async () => {
    // Prepare
    const slack = notifier();
    const handle = await slack.triageStarted(started());

    // Act
    await slack.alarmResolved({
      triageId: TRIAGE_ID,
      alarm: cpuAlarm({ state: 'OK', previousState: 'ALARM', changedAt: '2026-11-22T10:42:00Z' }),
      durationMs: 17 * 60_000,
      handle,
    });

    // Assess
    const [update] = server.calls('chat.update');
    expect(update?.body).toMatchObject({ channel: CHANNEL, ts: handle.ts });
    expect(update?.body.text).toMatch(/resolved at 10:42.*17 min/);
    // No stored diagnosis: today's resolved message, no card body.
    expect(JSON.stringify(update?.body.blocks)).not.toContain('"header"');
  });

  it('keeps the diagnosis on the card under the resolved line when the alarm resolves', async () => {
    // Prepare
    const slack = notifier();
    const handle = await slack.triageStarted(started());
    const { triage } = done();

    // Act
    await slack.alarmResolved({
      triageId: TRIAGE_ID,
      alarm: cpuAlarm({ state: 'OK', previousState: 'ALARM', changedAt: '2026-11-22T10:42:00Z' }),
      durationMs: 17 * 60_000,
      last: { alarm: cpuAlarm(), instanceId: INSTANCE, triage, commandId: COMMAND_ID },
      handle,
    });

    // Assess
    const updates = server.calls('chat.update');
    expect(updates).toHaveLength(1);
    const [update] = updates;
    expect(update?.body).toMatchObject({ channel: CHANNEL, ts: handle.ts });
    const blocks = (update?.body.blocks ?? []) as { type: string; text?: { text: string } }[];
    expect(blocks[0]?.text?.text).toMatch(/resolved at 10:42 UTC after 17 min/);
    expect(blocks[1]).toMatchObject({
      type: 'header',
      text: { text: expect.stringContaining('syscall-storm') },
    });
    expect(JSON.stringify(blocks)).toContain(triage.headline.slice(0, 30));
    expect(update?.body.text).toMatch(/resolved at 10:42.*17 min/);
    expect(server.calls('chat.postMessage')).toHaveLength(1);
    expect(uploads(server)).toHaveLength(0);
  });

  it('answers a rerun with nothing to compare in the thread and updates the card', async () => {
    // Prepare
    const slack = notifier();
    const handle = await slack.triageStarted(started());
    const after = classify(readCapture(HEALTHY));

    // Act
    await slack.triageDone(done({ handle, triage: after, rerun: true }));

    // Assess
    const posts = server.calls('chat.postMessage');
    expect(posts).toHaveLength(2);
    const reply = posts[1];
    expect(reply?.body).toMatchObject({ channel: CHANNEL, thread_ts: handle.ts });
    expect(reply?.body.text).toContain(`rerun: ${after.cause} (no earlier capture to compare)`);
    const [update] = server.calls('chat.update');
    expect(update?.body).toMatchObject({ channel: CHANNEL, ts: handle.ts });
    const [status, header] = (update?.body.blocks ?? []) as {
      type: string;
      text?: { text: string };
    }[];
    expect(status?.text?.text).toContain(`rerun: ${after.cause}`);
    expect(status?.text?.text).toContain('no earlier capture to compare');
    expect(header?.type).toBe('header');
  });

  it('turns a failure into a message on the card', async () => {
    // Prepare
    const slack = notifier();
    const handle = await slack.triageStarted(started());

    // Act
    await slack.triageFailed({
      triageId: TRIAGE_ID,
      alarm: cpuAlarm(),
      instanceId: INSTANCE,
      reason: { code: 'ssm_agent_offline', message: 'The SSM agent on the instance is offline.' },
      handle,
    });

    // Assess
    const [update] = server.calls('chat.update');
    expect(update?.body).toMatchObject({ ts: handle.ts });
    expect(update?.body.text).toContain('The SSM agent on the instance is offline.');
  });

  it('posts the failure as a new message when there is no card to update', async () => {
    // Prepare
    const slack = notifier();

    // Act
    await slack.triageFailed({
      triageId: TRIAGE_ID,
      alarm: cpuAlarm(),
      reason: { code: 'no_targets', message: 'The alarm names no instance.' },
    });

    // Assess
    expect(server.requests.map((r) => r.method)).toEqual(['chat.postMessage']);
    expect(server.calls('chat.postMessage')[0]?.body).toMatchObject({
      channel: CHANNEL,
      text: expect.stringContaining('The alarm names no instance.'),
    });
  });

  it('answers each instance of a fleet in the thread instead of overwriting the card', async () => {
    // Prepare
    const slack = notifier();
    const handle = await slack.triageStarted(started([INSTANCE, 'i-0fedcba9876543210']));

    // Act
    await slack.triageDone(done({ handle }));

    // Assess
    expect(handle).toMatchObject({ fleet: 'true' });
    expect(server.calls('chat.update')).toHaveLength(0);
    expect(server.calls('chat.postMessage')[1]?.body).toMatchObject({ thread_ts: handle.ts });
  });

  it('keeps a fleet card as one message with a section per instance as they finish', async () => {
    // Prepare
    const slack = notifier();
    const other = 'i-0fedcba9876543210';
    const handle = await slack.triageStarted(started([INSTANCE, other]));
    const notice = done({ handle });
    const { facts: _facts, ...triage } = notice.triage;

    // Act
    await slack.triageDone({
      ...notice,
      fleet: [
        { instanceId: INSTANCE, triage },
        { instanceId: other, capturing: true },
      ],
    });

    // Assess
    const card = JSON.stringify(server.calls('chat.update')[0]?.body);
    expect(server.calls('chat.update')).toHaveLength(1);
    expect(card).toContain(INSTANCE);
    expect(card).toContain(`${other}* — capturing`);
    expect(server.calls('chat.postMessage')[1]?.body).toMatchObject({ thread_ts: handle.ts });
  });

  it('posts a new card when the old one is gone', async () => {
    // Prepare
    const slack = notifier();
    const handle = await slack.triageStarted(started());
    server.reply('chat.update', slackError('message_not_found'));

    // Act
    await slack.triageDone(done({ handle }));

    // Assess
    expect(server.requests.map((r) => r.method)).toEqual([
      'chat.postMessage',
      'chat.update',
      'chat.postMessage',
    ]);
  });

  it('rejects a 429 at once with slack_rate_limited and its Retry-After, after one request', async () => {
    // Prepare
    const slack = notifier();
    server.reply('chat.postMessage', rateLimited(7));
    const startedAt = Date.now();

    // Act
    const error = await slack.triageStarted(started()).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SlackCallError);
    expect(error).toMatchObject({
      name: 'SlackCallError',
      code: 'slack_rate_limited',
      method: 'chat.postMessage',
      retryAfterSeconds: 7,
    });
    expect(server.calls('chat.postMessage')).toHaveLength(1);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(log.lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        attributes: expect.objectContaining({ code: 'slack_rate_limited', retryAfterSeconds: 7 }),
      }),
    ]);
    expect(JSON.stringify(log.lines)).not.toContain(TOKEN);
  });

  it('names a Slack ok:false answer slack_api_error with Slack’s error, without retrying', async () => {
    // Prepare
    const slack = notifier();
    server.reply('chat.postMessage', slackError('channel_not_found'));

    // Act
    const error = await slack.triageStarted(started()).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      code: 'slack_api_error',
      slackError: 'channel_not_found',
      message: 'chat.postMessage: Slack said channel_not_found',
    });
    expect(server.calls('chat.postMessage')).toHaveLength(1);
  });

  it('gives up on a failing server after two quick retries', async () => {
    // Prepare
    const slack = notifier();
    server.reply('chat.postMessage', { status: 503, body: { ok: false } });

    // Act
    const error = await slack.triageStarted(started()).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: 'slack_request_failed' });
    expect(server.calls('chat.postMessage')).toHaveLength(3);
  });

  it('keeps the card when a thread upload is rate limited, and skips the rest', async () => {
    // Prepare
    const images = new FakeImages();
    const slack = notifier({ images });
    const handle = await slack.triageStarted(started());
    server.reply('files.getUploadURLExternal', rateLimited(30));

    // Act
    await slack.triageDone(done({ handle, capture: STORM }));

    // Assess
    expect(server.calls('chat.update')).toHaveLength(1);
    expect(server.calls('files.getUploadURLExternal')).toHaveLength(1);
    expect(images.requests).toHaveLength(0);
    expect(log.lines.at(-1)?.attributes).toMatchObject({
      code: 'slack_rate_limited',
      method: 'files.uploadV2',
      retryAfterSeconds: 30,
    });
  });
});
