import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readSlackSecret, SlackSecretError } from '../../../functions/adapters/aws/slack-secret.js';

const secrets = mockClient(SecretsManagerClient);

describe('readSlackSecret', () => {
  beforeEach(() => secrets.reset());

  it('reads the token and signing secret once per container', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ botToken: 'xoxb-1-2-3', signingSecret: 's3cr3t' }),
    });
    const client = new SecretsManagerClient({});

    // Act
    const first = await readSlackSecret('once/slack', client);
    const second = await readSlackSecret('once/slack', client);

    // Assess
    expect(first).toEqual({ botToken: 'xoxb-1-2-3', signingSecret: 's3cr3t' });
    expect(second).toBe(first);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it.each([
    ['not JSON', /is not JSON/],
    [JSON.stringify({ token: 'xoxb-1' }), /no "botToken" starting with xoxb-/],
  ])(
    'refuses a secret string of %s with a clear reason, and reads again next time',
    async (text, why) => {
      secrets.on(GetSecretValueCommand).resolves({ SecretString: text });
      const client = new SecretsManagerClient({});

      await expect(readSlackSecret(`bad/${text.length}`, client)).rejects.toThrow(why);
      await expect(readSlackSecret(`bad/${text.length}`, client)).rejects.toBeInstanceOf(
        SlackSecretError,
      );
      expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    },
  );

  it('names the AWS error without its message details', async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejects(
        Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }),
      );

    await expect(readSlackSecret('denied/slack', new SecretsManagerClient({}))).rejects.toThrow(
      'cannot read secret denied/slack: AccessDeniedException',
    );
  });
});
