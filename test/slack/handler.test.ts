import '../setup-aws.js';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../functions/logger.js';
import { ACTION_IDS } from '../../functions/render/slack/actions.js';
import { handler, resetSlackHandler } from '../../functions/slack/handler.js';
import { lambdaContext } from '../helpers/lambda-context.js';
import { blockActionsPayload, formBody, slackRequest } from '../helpers/slack-request.js';
import { type SlackServer, startSlackServer } from '../helpers/slack-server.js';

const SECRET = 'e0c1b5f1a7d94e2c8b6f3a2d1c0b9a88';
const ssm = mockClient(SSMClient);
const dynamo = mockClient(DynamoDBDocumentClient);
const secrets = mockClient(SecretsManagerClient);

const context = lambdaContext('SlackFunction', 10_000);

let server: SlackServer;

const rerunClick = (value: string): string => {
  const payload = blockActionsPayload();
  const [action] = payload.actions;
  if (action) {
    action.action_id = ACTION_IDS.rerun;
    action.value = value;
  }
  payload.response_url = `${server.url}/actions/AABA1ABCD/1/x`;
  return formBody(payload);
};

describe('slack handler', () => {
  beforeAll(async () => {
    server = await startSlackServer();
    logger.setLogLevel('SILENT');
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    ssm.reset();
    dynamo.reset();
    secrets.reset();
    dynamo.on(GetCommand).resolves({});
    server.requests.length = 0;
    resetSlackHandler();
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('TABLE_NAME', 'AlertTriage-TriageTable-1A2B3C4D');
    vi.stubEnv('CAPTURE_DOCUMENT_NAME', 'AlertTriage-CaptureDocument-1A2B3C4D');
    vi.stubEnv('SLACK_CHANNEL_ID', 'CBR2V3XEX');
    vi.stubEnv('SLACK_SIGNING_SECRET', SECRET);
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('can be imported with no environment and calls nothing until invoked', async () => {
    // Prepare
    vi.unstubAllEnvs();
    vi.resetModules();

    // Act
    const module = await import('../../functions/slack/handler.js');

    // Assess
    expect(module.handler).toBeTypeOf('function');
    expect(server.requests).toEqual([]);
    expect(dynamo).not.toHaveReceivedAnyCommand();
  });

  it('is a 2-argument async handler (Node 24 refuses callback handlers)', () => {
    // Assess
    expect(handler).toHaveLength(2);
  });

  it('answers a signed click on an expired triage with an ephemeral message', async () => {
    // Act
    const response = await handler(
      slackRequest(rerunClick('tr-ffffffffffffffff'), { secret: SECRET }),
      context,
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      TableName: 'AlertTriage-TriageTable-1A2B3C4D',
      Key: { pk: 'TRIAGE#tr-ffffffffffffffff', sk: 'TRIAGE' },
    });
    expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
    const [reply] = server.requests.filter((r) => r.path.startsWith('/actions/'));
    expect(reply?.body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('This triage has expired'),
    });
  });

  it('answers an unsigned request 401 without touching AWS or Slack', async () => {
    // Act
    const response = await handler(
      slackRequest(rerunClick('tr-ffffffffffffffff'), { secret: null }),
      context,
    );

    // Assess
    expect(response.statusCode).toBe(401);
    expect(dynamo).not.toHaveReceivedAnyCommand();
    expect(ssm).not.toHaveReceivedAnyCommand();
    expect(server.requests).toEqual([]);
  });

  it.each([
    ['a payload that is not JSON', () => slackRequest('payload=%7B%22type', { secret: null })],
    [
      'a JSON body that is not JSON',
      () =>
        slackRequest('{"type":', {
          secret: null,
          base64: false,
          headers: { 'content-type': 'application/json' },
        }),
    ],
    [
      'a base64 flag on text that is not base64',
      () => ({ ...slackRequest('', { secret: null }), body: '%%%' }),
    ],
  ])('answers an unsigned request with %s 401, never 5xx (issue 9)', async (_, event) => {
    // Act
    const response = await handler(event(), context);

    // Assess
    expect(response).toEqual({ statusCode: 401, body: '' });
    expect(dynamo).not.toHaveReceivedAnyCommand();
    expect(server.requests).toEqual([]);
  });

  it('answers a signed request with a malformed payload 400 and does nothing', async () => {
    // Act
    const response = await handler(slackRequest('payload=%7B%22type', { secret: SECRET }), context);

    // Assess
    expect(response).toEqual({ statusCode: 400, body: '' });
    expect(dynamo).not.toHaveReceivedAnyCommand();
    expect(ssm).not.toHaveReceivedAnyCommand();
  });

  it('reads only the signing secret, from SLACK_SIGNING_SECRET_ID, never the bot token’s secret', async () => {
    // Prepare
    vi.stubEnv('SLACK_SIGNING_SECRET', '');
    vi.stubEnv('SLACK_SECRET_ID', 'alert-triage/slack-bot-token');
    vi.stubEnv('SLACK_SIGNING_SECRET_ID', 'alert-triage/slack-signing-test-handler');
    secrets.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ signingSecret: SECRET }),
    });

    // Act
    const signed = await handler(
      slackRequest(rerunClick('tr-ffffffffffffffff'), { secret: SECRET }),
      context,
    );
    const forged = await handler(
      slackRequest(rerunClick('tr-ffffffffffffffff'), { secret: 'xoxb-0000000000-sm' }),
      context,
    );

    // Assess
    expect(secrets.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input)).toEqual([
      { SecretId: 'alert-triage/slack-signing-test-handler' },
    ]);
    expect(signed.statusCode).toBe(200);
    expect(forged.statusCode).toBe(401);
  });

  it('answers 500 and logs why when the signing secret is missing, and builds again later', async () => {
    // Prepare
    vi.stubEnv('SLACK_SIGNING_SECRET', '');

    // Act
    const first = await handler(
      slackRequest(rerunClick('tr-ffffffffffffffff'), { secret: SECRET }),
      context,
    );
    vi.stubEnv('SLACK_SIGNING_SECRET', SECRET);
    const second = await handler(
      slackRequest(rerunClick('tr-ffffffffffffffff'), { secret: SECRET }),
      context,
    );

    // Assess
    expect(first).toEqual({ statusCode: 500, body: '' });
    expect(second.statusCode).toBe(200);
  });

  it('refuses to start with a comma-separated SLACK_CHANNEL_ID, saying so in the log', async () => {
    // Prepare
    vi.stubEnv('SLACK_CHANNEL_ID', 'CBR2V3XEX,C0987654321');
    const error = vi.spyOn(logger, 'error');

    // Act
    const response = await handler(
      slackRequest(rerunClick('tr-ffffffffffffffff'), { secret: SECRET }),
      context,
    );

    // Assess
    expect(response).toEqual({ statusCode: 500, body: '' });
    expect(error).toHaveBeenCalledWith('Slack app not configured', {
      error: expect.stringMatching(/SLACK_CHANNEL_ID: must be one channel id/),
    });
    expect(dynamo).not.toHaveReceivedAnyCommand();
    error.mockRestore();
  });
});
