import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  readSigningSecret,
  readSlackSecret,
  SlackSecretError,
} from '../../../functions/adapters/aws/slack-secret.js';

const secrets = mockClient(SecretsManagerClient);

describe('readSlackSecret', () => {
  beforeEach(() => secrets.reset());

  it('reads the bot token once per container', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ botToken: 'xoxb-1-2-3' }),
    });
    const client = new SecretsManagerClient({});

    // Act
    const first = await readSlackSecret('once/slack', client);
    const second = await readSlackSecret('once/slack', client);

    // Assess
    expect(first).toEqual({ botToken: 'xoxb-1-2-3' });
    expect(second).toEqual(first);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it.each([
    ['not JSON', /is not JSON/],
    ['"a string"', /is not a JSON object/],
    [JSON.stringify({ token: 'xoxb-1' }), /no "botToken" starting with xoxb-/],
  ])(
    'refuses a secret string of %s with a clear reason, and reads again next time',
    async (text, why) => {
      // Prepare
      secrets.on(GetSecretValueCommand).resolves({ SecretString: text });
      const client = new SecretsManagerClient({});

      // Act / Assess
      await expect(readSlackSecret(`bad/${text}`, client)).rejects.toThrow(why);
      await expect(readSlackSecret(`bad/${text}`, client)).rejects.toBeInstanceOf(SlackSecretError);
      expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    },
  );

  it('names the AWS error without its message details', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand)
      .rejects(
        Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }),
      );

    // Act / Assess
    await expect(readSlackSecret('denied/slack', new SecretsManagerClient({}))).rejects.toThrow(
      'cannot read secret denied/slack: AccessDeniedException',
    );
  });
});

describe('readSigningSecret (issue 9: only the Slack function reads it)', () => {
  beforeEach(() => secrets.reset());

  it('reads the signing secret from its own secret, once per container', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand, { SecretId: 'alert-triage/slack-signing' })
      .resolves({ SecretString: JSON.stringify({ signingSecret: 's3cr3t' }) });
    const client = new SecretsManagerClient({});

    // Act
    const first = await readSigningSecret('alert-triage/slack-signing', client);
    const second = await readSigningSecret('alert-triage/slack-signing', client);

    // Assess
    expect([first, second]).toEqual(['s3cr3t', 's3cr3t']);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it.each([
    ['a bot token secret', { botToken: 'xoxb-1-2-3' }],
    ['an empty signing secret', { signingSecret: ' ' }],
  ])('refuses %s: it holds no signing secret', async (_, value) => {
    // Prepare
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(value) });

    // Act / Assess
    await expect(
      readSigningSecret(`signing/${JSON.stringify(value)}`, new SecretsManagerClient({})),
    ).rejects.toThrow(/has no "signingSecret"/);
  });
});
