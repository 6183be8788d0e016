import '../setup-aws.js';
import { SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SsmExecutor } from '../../functions/adapters/aws/ssm-executor.js';
import { ACTION_IDS } from '../../functions/render/slack/actions.js';
import { refusalOf } from '../../functions/slack/access.js';
import { createSlackApp, type SlackAppConfig } from '../../functions/slack/app.js';
import type { ButtonClick } from '../../functions/slack/interaction.js';
import type { TriageRecord } from '../../functions/triage/model.js';
import { sendCommandOutput } from '../adapters/aws/responses.js';
import {
  blockActionsPayload,
  formBody,
  type RequestOptions,
  slackRequest,
} from '../helpers/slack-request.js';
import { type SlackServer, startSlackServer } from '../helpers/slack-server.js';
import { cpuAlarm, FakeClock, INSTANCE, MemoryLog, MemoryStore } from '../triage/fakes.js';
import { MemoryFeedbackStore } from '../triage/feedback-fakes.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
/** The sample payload's own team, user and channel. */
const TEAM = 'T9TK3CUKW';
const USER = 'UA8RXUSPL';
const CHANNEL = 'CBR2V3XEX';
const TRIAGE_ID = 'tr-0123456789abcdef';
const FIRST_COMMAND = '11111111-2222-4333-8444-555555555555';
const CAPTURE_DOCUMENT = 'AlertTriage-CaptureDocument-1A2B3C4D';

const ssm = mockClient(SSMClient);

const record = (overrides: Partial<TriageRecord> = {}): TriageRecord => ({
  triageId: TRIAGE_ID,
  transitionKey: `${cpuAlarm().arn}#2026-11-22T09:10:40.989Z`,
  alarm: cpuAlarm(),
  targets: [{ kind: 'instance', instanceId: INSTANCE }],
  instances: [
    {
      instanceId: INSTANCE,
      instanceType: 't3.micro',
      commandId: FIRST_COMMAND,
      status: 'capturing',
    },
  ],
  startedAt: '2026-11-22T09:10:45.000Z',
  status: 'capturing',
  seconds: 10,
  deep: 'auto',
  notification: { channel: CHANNEL, ts: '1548261231.000200' },
  ...overrides,
});

let server: SlackServer;

beforeAll(async () => {
  server = await startSlackServer();
});

afterAll(async () => {
  await server.close();
});

/** The app over a store holding one triage, SSM mocked, replies to the loopback server. */
const setup = async (
  overrides: Partial<SlackAppConfig> = {},
  stored: Partial<TriageRecord> = {},
) => {
  const store = new MemoryStore();
  await store.saveTriage(record(stored));
  const clock = new FakeClock();
  const log = new MemoryLog();
  const config: SlackAppConfig = { signingSecret: SECRET, channelId: CHANNEL, ...overrides };
  const executor = new SsmExecutor({
    client: new SSMClient({ region: 'us-east-1' }),
    documentName: CAPTURE_DOCUMENT,
  });
  const app = createSlackApp(config, {
    store,
    executor,
    clock,
    logger: log,
    feedback: new MemoryFeedbackStore(),
  });
  /** A Function URL request signed at the app's clock unless told otherwise. */
  const request = (body: string, options: Partial<RequestOptions> = {}) =>
    slackRequest(body, {
      secret: SECRET,
      timestamp: Math.floor(clock.now().getTime() / 1000),
      ...options,
    });
  const send = (body: string, options: Partial<RequestOptions> = {}) =>
    app.handle(request(body, options));
  return { store, clock, log, app, request, send };
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

describe('Slack app', () => {
  beforeEach(() => {
    ssm.reset();
    ssm.on(SendCommandCommand).resolves(sendCommandOutput(INSTANCE));
    server.requests.length = 0;
    server.reply('/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209', { body: { ok: true } });
  });

  it('makes no call when it is built', async () => {
    // Act
    const { store } = await setup();

    // Assess
    expect(server.requests).toEqual([]);
    expect(store.claims.size).toBe(0);
  });

  describe('signature', () => {
    it.each([
      ['forged', { secret: 'not-the-signing-secret' }],
      ['unsigned', { secret: null }],
      ['stale (signed 5 min 1 s ago)', { timestamp: Date.parse('2026-11-22T09:07:29Z') / 1000 }],
    ])('answers a %s request 401 and does nothing else', async (_, options) => {
      // Prepare
      const { store, send } = await setup();

      // Act
      const response = await send(click(ACTION_IDS.rerun), options);

      // Assess
      expect(response).toEqual({ statusCode: 401, body: '' });
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
      expect(server.requests).toEqual([]);
      expect((await store.getTriage(TRIAGE_ID))?.instances).toHaveLength(1);
      expect(store.claims.size).toBe(0);
    });

    it('acts on a request signed 5 minutes ago, the edge of the window', async () => {
      // Prepare
      const { send } = await setup();

      // Act
      const response = await send(click(ACTION_IDS.rerun), {
        timestamp: Date.parse('2026-11-22T09:07:30Z') / 1000,
      });

      // Assess
      expect(response.statusCode).toBe(200);
      expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
    });

    it('answers 401 when the body was changed after signing', async () => {
      // Prepare
      const { app, request } = await setup();
      const event = request(click(ACTION_IDS.rerun), { base64: false });
      event.body = click(ACTION_IDS.rerun, 'tr-ffffffffffffffff');

      // Act
      const response = await app.handle(event);

      // Assess
      expect(response.statusCode).toBe(401);
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
      expect(server.requests).toEqual([]);
    });
  });

  describe('a malformed body (issue 9: 401 unsigned, 400 signed, never 5xx)', () => {
    const MALFORMED: [string, string, Partial<RequestOptions>][] = [
      ['a payload that is not JSON', 'payload=%7B%22type%22%3A', {}],
      [
        'a JSON body',
        '{"type":"block_actions"',
        { headers: { 'content-type': 'application/json' } },
      ],
      ['no payload field', 'token=x&type=block_actions', {}],
      ['a click without actions', formBody({ ...blockActionsPayload(), actions: [] }), {}],
      ['bytes that are not text', '\u0000\u00ff\ud800', { base64: false }],
    ];

    it.each(MALFORMED)('answers 401 to an unsigned request with %s', async (_, body, options) => {
      // Prepare
      const { send, log, store } = await setup();

      // Act
      const response = await send(body, { ...options, secret: null });

      // Assess
      expect(response).toEqual({ statusCode: 401, body: '' });
      expect(log.messages()).toEqual([
        'Slack request refused: signature missing, wrong or too old',
      ]);
      expect(server.requests).toEqual([]);
      expect(store.claims.size).toBe(0);
    });

    it.each([
      ['a base64 body that is not base64', '%%%not base64%%%'],
      ['no body at all', undefined],
    ])('answers 401 to an unsigned request with %s', async (_, body) => {
      // Prepare
      const { app, request } = await setup();
      const event = { ...request('', { secret: null }), body };

      // Act
      const response = await app.handle(event);

      // Assess
      expect(event.isBase64Encoded).toBe(true);
      expect(response).toEqual({ statusCode: 401, body: '' });
    });

    it.each(MALFORMED)(
      'answers 400 to a signed request with %s, doing nothing',
      async (_, body, options) => {
        // Prepare
        const { send, log, store } = await setup();

        // Act
        const response = await send(body, options);

        // Assess
        expect(response).toEqual({ statusCode: 400, body: '' });
        expect(log.messages()).toEqual(['signed Slack request malformed']);
        expect(ssm).not.toHaveReceivedAnyCommand();
        expect(server.requests).toEqual([]);
        expect(store.claims.size).toBe(0);
      },
    );
  });

  describe('rerun', () => {
    it('sends the capture once, to the triage’s own instance, and replies ephemerally', async () => {
      // Prepare
      const { store, send } = await setup();

      // Act
      const response = await send(click(ACTION_IDS.rerun));

      // Assess
      expect(response).toEqual({ statusCode: 200, body: '' });
      expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
      expect(ssm).toHaveReceivedCommandWith(SendCommandCommand, {
        DocumentName: CAPTURE_DOCUMENT,
        InstanceIds: [INSTANCE],
      });
      const saved = (await store.getTriage(TRIAGE_ID)) as TriageRecord;
      expect(saved.reruns).toEqual([
        expect.objectContaining({ by: USER, deep: 'auto', commandIds: [expect.any(String)] }),
      ]);
      expect(replies()).toEqual([
        {
          response_type: 'ephemeral',
          replace_original: false,
          text: expect.stringContaining(`running again on ${INSTANCE}`),
        },
      ]);
    });

    it('refuses a second rerun within 2 minutes with an ephemeral message', async () => {
      // Prepare
      const { send, clock } = await setup();
      await send(click(ACTION_IDS.rerun));
      clock.at = new Date(clock.at.getTime() + 30_000);
      server.requests.length = 0;

      // Act
      const response = await send(click(ACTION_IDS.rerun));

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

    it('tells the user a triage id it does not know has expired', async () => {
      // Prepare
      const { send } = await setup();

      // Act
      await send(click(ACTION_IDS.rerun, 'tr-ffffffffffffffff'));

      // Assess
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
      expect(replies()).toEqual([
        expect.objectContaining({ text: expect.stringContaining('This triage has expired') }),
      ]);
    });

    it('treats a value that is not a triage id as expired, without a lookup', async () => {
      // Prepare
      const { send, log } = await setup();

      // Act
      await send(click(ACTION_IDS.rerun, 'click_me_123'));

      // Assess
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
      expect(replies()).toEqual([
        expect.objectContaining({ text: expect.stringContaining('expired') }),
      ]);
      expect(log.messages()).toContain('button value is not a triage id');
    });

    it('still acknowledges the click when the reply cannot be delivered', async () => {
      // Prepare
      const { send, log } = await setup();
      server.reply('/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209', {
        status: 500,
        body: { ok: false },
      });

      // Act
      const response = await send(click(ACTION_IDS.rerun));

      // Assess
      expect(response.statusCode).toBe(200);
      expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
      expect(log.lines).toContainEqual(
        expect.objectContaining({
          message: 'ephemeral reply not delivered',
          attributes: expect.objectContaining({ error: expect.stringContaining('HTTP 500') }),
        }),
      );
    });
  });

  describe('a resolved triage (issue 9: buttons disabled once the alarm resolves)', () => {
    it.each([
      ['Rerun', ACTION_IDS.rerun],
      ['Deep capture', ACTION_IDS.deep],
    ])('refuses %s on its old card and runs nothing', async (_, actionId) => {
      // Prepare
      const { send, store } = await setup(
        { allowedUsers: [USER] },
        { status: 'resolved', resolvedAt: '2026-11-22T09:40:00.000Z' },
      );

      // Act
      const response = await send(click(actionId));

      // Assess
      expect(response.statusCode).toBe(200);
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
      expect(store.claims.size).toBe(0);
      expect(replies()).toEqual([
        expect.objectContaining({
          response_type: 'ephemeral',
          text: expect.stringContaining('This alarm has resolved and its triage is closed'),
        }),
      ]);
    });
  });

  describe('deep capture (issue 9: needs the allow-list)', () => {
    it('runs with --deep always and a 30-second window for a user on the list', async () => {
      // Prepare
      const { send } = await setup({ allowedUsers: [USER] });

      // Act
      await send(click(ACTION_IDS.deep));

      // Assess
      const parameters = ssm.commandCalls(SendCommandCommand)[0]?.args[0].input.Parameters;
      expect(parameters).toMatchObject({ seconds: ['30'], deep: ['always'] });
    });

    it('is refused to everyone when no allow-list is set, saying how to set one', async () => {
      // Prepare
      const { send, store, log } = await setup();

      // Act
      const response = await send(click(ACTION_IDS.deep));

      // Assess
      expect(response.statusCode).toBe(200);
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
      expect(store.claims.size).toBe(0);
      expect(replies()).toEqual([
        expect.objectContaining({
          response_type: 'ephemeral',
          text: expect.stringContaining('slackAllowedUsers'),
        }),
      ]);
      expect(log.lines).toContainEqual(
        expect.objectContaining({
          message: 'button refused',
          attributes: expect.objectContaining({ refusal: 'deep-needs-allow-list' }),
        }),
      );
    });

    it('leaves Rerun open to the channel when no allow-list is set', async () => {
      // Prepare
      const { send } = await setup();

      // Act
      await send(click(ACTION_IDS.rerun));

      // Assess
      expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
    });
  });

  describe('authorisation', () => {
    it.each([
      [
        'Rerun by a user not on the allowed list',
        ACTION_IDS.rerun,
        { allowedUsers: ['U0SOMEONE1'] },
        undefined,
        /not on the list of people allowed/,
      ],
      [
        'Deep capture by a user not on the allowed list',
        ACTION_IDS.deep,
        { allowedUsers: ['U0SOMEONE1'] },
        undefined,
        /not on the list of people allowed/,
      ],
      [
        'Mute by a user not on the allowed list',
        ACTION_IDS.mute,
        { allowedUsers: ['U0SOMEONE1'] },
        undefined,
        /not on the list of people allowed/,
      ],
      [
        'a channel not allowed',
        ACTION_IDS.rerun,
        {},
        (p: Payload) => {
          p.channel.id = 'C0NOTOURS1';
          p.container.channel_id = 'C0NOTOURS1';
        },
        /work only in the channel/,
      ],
      [
        'another workspace',
        ACTION_IDS.rerun,
        { teamId: 'T0OURS0001' },
        undefined,
        /only in the workspace it was installed for/,
      ],
    ])(
      'refuses %s with an ephemeral message and runs nothing',
      async (_, actionId, config, change, text) => {
        // Prepare
        const { send, store } = await setup(config);

        // Act
        const response = await send(click(actionId, TRIAGE_ID, change));

        // Assess
        expect(response.statusCode).toBe(200);
        expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
        expect(store.claims.size).toBe(0);
        expect(await store.mute(cpuAlarm().arn, new Date('2026-11-22T09:12:30Z'))).toBeUndefined();
        expect(replies()).toEqual([
          expect.objectContaining({
            response_type: 'ephemeral',
            text: expect.stringMatching(text),
          }),
        ]);
      },
    );

    it('lets an allowed user in the cards’ channel of the right workspace press Deep capture', () => {
      // Prepare
      const config = { channelId: CHANNEL, allowedUsers: [USER], teamId: TEAM };
      const deep: ButtonClick = {
        actionId: ACTION_IDS.deep,
        userId: USER,
        teamId: TEAM,
        channelId: CHANNEL,
        responseUrl: 'https://hooks.slack.com/actions/x',
      };

      // Act / Assess
      expect(refusalOf(config, deep)).toBeUndefined();
    });
  });

  describe('anything else', () => {
    it('logs an unknown action id, acknowledges it and does nothing else', async () => {
      // Prepare
      const { send, log } = await setup();

      // Act
      const response = await send(click('WaXA'));

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
      const { send } = await setup();

      // Act
      const response = await send(click(ACTION_IDS.rerun), {
        headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
      });

      // Assess
      expect(response.statusCode).toBe(200);
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
      expect(replies()).toEqual([]);
    });

    it('acknowledges the link buttons without doing anything', async () => {
      // Prepare
      const { send } = await setup();

      // Act
      const response = await send(click(ACTION_IDS.openAlarm));

      // Assess
      expect(response.statusCode).toBe(200);
      expect(replies()).toEqual([]);
      expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
    });

    it('acknowledges a payload that is not a button click and does nothing', async () => {
      // Prepare
      const { send, log } = await setup();

      // Act
      const response = await send(formBody({ type: 'view_submission' }));

      // Assess
      expect(response).toEqual({ statusCode: 200, body: '' });
      expect(log.messages()).toEqual(['Slack request ignored: not a button click']);
    });
  });

  describe('mute', () => {
    it('mutes the triage’s alarm for an hour, then unmutes it, open to the channel', async () => {
      // Prepare
      const { send, store, clock } = await setup();

      // Act
      await send(click(ACTION_IDS.mute));
      const muted = await store.mute(cpuAlarm().arn, clock.now());
      await send(click(ACTION_IDS.unmute));
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

    it('escapes the alarm name it quotes in the reply (issue 9)', async () => {
      // Prepare
      const { send } = await setup(
        {},
        { alarm: cpuAlarm({ name: '<!channel> <https://evil|x>' }) },
      );

      // Act
      await send(click(ACTION_IDS.mute));

      // Assess
      const [reply] = replies();
      expect(reply?.text).toContain('"&lt;!channel&gt; &lt;https://evil|x&gt;" is muted');
      expect(reply?.text).not.toMatch(/[<>]/);
    });
  });
});
