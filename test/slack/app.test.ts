import '../setup-aws.js';
import { SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SsmExecutor } from '../../functions/adapters/aws/ssm-executor.js';
import { ACTION_IDS } from '../../functions/render/slack/actions.js';
import { createSlackApp, refusalOf, type SlackConfig } from '../../functions/slack/app.js';
import type { TriageRecord } from '../../functions/triage/ports.js';
import type { RerunnableRecord } from '../../functions/triage/rerun-capture.js';
import { sendCommandOutput } from '../adapters/aws/responses.js';
import { blockActionsPayload, formBody, slackRequest } from '../helpers/slack-request.js';
import { type SlackServer, startSlackServer } from '../helpers/slack-server.js';
import { cpuAlarm, FakeClock, INSTANCE, MemoryLog, MemoryStore } from '../triage/fakes.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
/** The sample payload's own team, user and channel. */
const TEAM = 'T9TK3CUKW';
const USER = 'UA8RXUSPL';
const CHANNEL = 'CBR2V3XEX';
const TRIAGE_ID = 'tr-0123456789abcdef';
const FIRST_COMMAND = '11111111-2222-4333-8444-555555555555';
const CAPTURE_DOCUMENT = 'AlertTriage-CaptureDocument-1A2B3C4D';

const ssm = mockClient(SSMClient);

const record = (): TriageRecord => ({
  triageId: TRIAGE_ID,
  transitionKey: `${cpuAlarm().arn}#2026-11-22T09:10:40.989Z`,
  alarm: cpuAlarm(),
  targets: [{ kind: 'instance', instanceId: INSTANCE }],
  instances: [
    { instanceId: INSTANCE, instanceType: 't3.micro', commandId: FIRST_COMMAND, status: 'done' },
  ],
  startedAt: '2026-11-22T09:10:45.000Z',
  status: 'finished',
  seconds: 10,
  deep: 'auto',
  notification: { channel: CHANNEL, ts: '1548261231.000200' },
});

let server: SlackServer;

beforeAll(async () => {
  server = await startSlackServer();
});

afterAll(async () => {
  await server.close();
});

/** The app over a store holding one triage, SSM mocked, Slack on the loopback server. */
const setup = async (overrides: Partial<SlackConfig> = {}) => {
  const store = new MemoryStore();
  await store.saveTriage(record());
  const clock = new FakeClock();
  const log = new MemoryLog();
  const config: SlackConfig = {
    botToken: 'xoxb-0000000000-test',
    signingSecret: SECRET,
    channelIds: ['C0OTHER000', CHANNEL],
    apiUrl: server.apiUrl,
    ...overrides,
  };
  const executor = new SsmExecutor({
    client: new SSMClient({ region: 'us-east-1' }),
    documentName: CAPTURE_DOCUMENT,
  });
  const { handler } = createSlackApp(config, { store, executor, clock, logger: log });
  return { store, clock, log, handler };
};

type Payload = ReturnType<typeof blockActionsPayload>;

/** A click on `actionId` with `value`, answering to the loopback server's response_url. */
const click = (actionId: string, value = TRIAGE_ID, change?: (p: Payload) => void): string => {
  const payload = blockActionsPayload();
  const [action] = payload.actions;
  if (!action) throw new Error('the sample has an action');
  action.action_id = actionId;
  action.value = value;
  payload.response_url = `${server.url}/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209`;
  change?.(payload);
  return formBody(payload);
};

/** What reached the payload's response_url: the ephemeral replies. */
const replies = () =>
  server.requests
    .filter((r) => r.path.startsWith('/actions/'))
    .map((r) => r.body as { text: string; response_type: string; replace_original: boolean });

const context = {} as Parameters<Awaited<ReturnType<typeof setup>>['handler']>[1];

describe('Slack app', () => {
  beforeEach(() => {
    ssm.reset();
    ssm.on(SendCommandCommand).resolves(sendCommandOutput(INSTANCE));
    server.requests.length = 0;
  });

  it('makes no Slack call when it is built', async () => {
    // Act
    await setup();

    // Assess
    expect(server.requests).toEqual([]);
  });

  describe('signature', () => {
    it.each([
      ['forged', { secret: 'not-the-signing-secret' }],
      ['unsigned', { secret: null }],
      [
        'stale (signed 5 min 1 s ago)',
        { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 301 },
      ],
    ])('answers a %s request 401 and does nothing else', async (_, options) => {
      // Prepare
      const { store, handler } = await setup();

      // Act
      const response = await handler(slackRequest(click(ACTION_IDS.rerun), options), context);

      // Assess
      expect(response.statusCode).toBe(401);
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
      expect(server.requests).toEqual([]);
      expect((await store.getTriage(TRIAGE_ID))?.instances).toHaveLength(1);
      expect(store.claims.size).toBe(0);
    });

    it('answers 401 when the body was changed after signing', async () => {
      // Prepare
      const { handler } = await setup();
      const event = slackRequest(click(ACTION_IDS.rerun), { secret: SECRET, base64: false });
      event.body = click(ACTION_IDS.rerun, 'tr-ffffffffffffffff');

      // Act
      const response = await handler(event, context);

      // Assess
      expect(response.statusCode).toBe(401);
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
      expect(server.requests).toEqual([]);
    });
  });

  describe('rerun', () => {
    it('sends the capture once, to the triage’s own instance, and answers within the call', async () => {
      // Prepare
      const { store, handler } = await setup();
      const started = performance.now();

      // Act
      const response = await handler(
        slackRequest(click(ACTION_IDS.rerun), { secret: SECRET }),
        context,
      );

      // Assess
      expect(response.statusCode).toBe(200);
      expect(performance.now() - started).toBeLessThan(3000);
      expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
      expect(ssm).toHaveReceivedCommandWith(SendCommandCommand, {
        DocumentName: CAPTURE_DOCUMENT,
        InstanceIds: [INSTANCE],
      });
      const saved = (await store.getTriage(TRIAGE_ID)) as RerunnableRecord;
      expect(saved.reruns).toEqual([
        expect.objectContaining({ by: USER, deep: 'auto', commandIds: [expect.any(String)] }),
      ]);
      expect(replies()).toEqual([
        expect.objectContaining({
          response_type: 'ephemeral',
          replace_original: false,
          text: expect.stringContaining(`running again on ${INSTANCE}`),
        }),
      ]);
    });

    it('refuses a second rerun within 2 minutes with an ephemeral message', async () => {
      // Prepare
      const { handler, clock } = await setup();
      await handler(slackRequest(click(ACTION_IDS.rerun), { secret: SECRET }), context);
      clock.at = new Date(clock.at.getTime() + 30_000);
      server.requests.length = 0;

      // Act
      const response = await handler(
        slackRequest(click(ACTION_IDS.rerun), { secret: SECRET }),
        context,
      );

      // Assess
      expect(response.statusCode).toBe(200);
      expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
      expect(replies()).toEqual([
        expect.objectContaining({
          response_type: 'ephemeral',
          text: expect.stringMatching(/less than 2 minutes ago: try again in 90 s/),
        }),
      ]);
    });

    it('runs a deep capture with --deep always and a 30-second window', async () => {
      // Prepare
      const { handler } = await setup();

      // Act
      await handler(slackRequest(click(ACTION_IDS.deep), { secret: SECRET }), context);

      // Assess
      const parameters = ssm.commandCalls(SendCommandCommand)[0]?.args[0].input.Parameters;
      expect(parameters).toMatchObject({ seconds: ['30'], deep: ['always'] });
    });

    it('tells the user a triage id it does not know has expired', async () => {
      // Prepare
      const { handler } = await setup();

      // Act
      await handler(
        slackRequest(click(ACTION_IDS.rerun, 'tr-ffffffffffffffff'), { secret: SECRET }),
        context,
      );

      // Assess
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
      expect(replies()).toEqual([
        expect.objectContaining({
          response_type: 'ephemeral',
          text: expect.stringContaining('This triage has expired'),
        }),
      ]);
    });

    it('treats a value that is not a triage id as expired, without a lookup', async () => {
      // Prepare
      const { handler, log } = await setup();

      // Act
      await handler(
        slackRequest(click(ACTION_IDS.rerun, 'click_me_123'), { secret: SECRET }),
        context,
      );

      // Assess
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
      expect(replies()).toEqual([
        expect.objectContaining({ text: expect.stringContaining('expired') }),
      ]);
      expect(log.messages()).toContain('button value is not a triage id');
    });
  });

  describe('authorisation', () => {
    it.each([
      [
        'a user not on the allowed list',
        { allowedUsers: ['U0SOMEONE1'] },
        undefined,
        /not on the list of people allowed/,
      ],
      [
        'a channel not allowed',
        {},
        (p: Payload) => {
          p.channel.id = 'C0NOTOURS1';
          p.container.channel_id = 'C0NOTOURS1';
        },
        /work only in the channel/,
      ],
      [
        'another workspace',
        { teamId: 'T0OURS0001' },
        undefined,
        /only in the workspace it was installed for/,
      ],
    ])('refuses %s with an ephemeral message and runs nothing', async (_, config, change, text) => {
      // Prepare
      const { handler, store } = await setup(config);

      // Act
      const response = await handler(
        slackRequest(click(ACTION_IDS.rerun, TRIAGE_ID, change), { secret: SECRET }),
        context,
      );

      // Assess
      expect(response.statusCode).toBe(200);
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
      expect(store.claims.size).toBe(0);
      expect(replies()).toEqual([
        expect.objectContaining({ response_type: 'ephemeral', text: expect.stringMatching(text) }),
      ]);
    });

    it('lets an allowed user in an allowed channel of the right workspace act', () => {
      // Prepare
      const config = {
        botToken: 'x',
        signingSecret: 'y',
        channelIds: [CHANNEL],
        allowedUsers: [USER],
        teamId: TEAM,
      };

      // Act / Assess
      expect(refusalOf(config, blockActionsPayload())).toBeUndefined();
    });
  });

  describe('anything else', () => {
    it('logs an unknown action id, acknowledges it and does nothing else', async () => {
      // Prepare
      const { handler, log } = await setup();

      // Act
      const response = await handler(slackRequest(click('WaXA'), { secret: SECRET }), context);

      // Assess
      expect(response).toEqual({ statusCode: 200, body: '' });
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
      expect(replies()).toEqual([]);
      expect(log.lines).toContainEqual(
        expect.objectContaining({
          message: 'unknown action id: acknowledged, nothing done',
          attributes: expect.objectContaining({ actionId: 'WaXA' }),
        }),
      );
    });

    it('acknowledges a Slack retry and runs nothing twice', async () => {
      // Prepare
      const { handler } = await setup();

      // Act
      const response = await handler(
        slackRequest(click(ACTION_IDS.rerun), {
          secret: SECRET,
          headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
        }),
        context,
      );

      // Assess
      expect(response.statusCode).toBe(200);
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
      expect(replies()).toEqual([]);
    });

    it('acknowledges the link buttons without doing anything', async () => {
      // Prepare
      const { handler } = await setup();

      // Act
      const response = await handler(
        slackRequest(click(ACTION_IDS.openAlarm), { secret: SECRET }),
        context,
      );

      // Assess
      expect(response.statusCode).toBe(200);
      expect(replies()).toEqual([]);
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
    });
  });

  describe('mute', () => {
    it('mutes the triage’s alarm for an hour, then unmutes it', async () => {
      // Prepare
      const { handler, store, clock } = await setup();

      // Act
      await handler(slackRequest(click(ACTION_IDS.mute), { secret: SECRET }), context);
      const muted = await store.mute(cpuAlarm().arn, clock.now());
      await handler(slackRequest(click(ACTION_IDS.unmute), { secret: SECRET }), context);
      const after = await store.mute(cpuAlarm().arn, clock.now());

      // Assess
      expect(muted).toEqual({
        alarmArn: cpuAlarm().arn,
        until: '2026-11-22T10:12:30.000Z',
        by: USER,
      });
      expect(after).toBeUndefined();
      expect(replies().map((r) => r.text)).toEqual([
        expect.stringContaining('"ServerCpuTooHigh" is muted until 10:12 UTC'),
        expect.stringContaining('"ServerCpuTooHigh" is unmuted'),
      ]);
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
    });
  });
});
