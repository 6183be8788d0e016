/**
 * The Slack app's credentials, from the Secrets Manager secret named by `SLACK_SECRET_ID`
 * (`{"botToken": "xoxb-…", "signingSecret": "…"}`), read once per container. Never logged.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsManagerClient } from './clients.js';

export interface SlackSecret {
  botToken: string;
  signingSecret?: string;
}

/** The secret is missing, unreadable, or not the JSON the README asks for. */
export class SlackSecretError extends Error {
  override readonly name = 'SlackSecretError';
  readonly code = 'slack_secret_unreadable';
}

const cache = new Map<string, Promise<SlackSecret>>();

const parse = (secretId: string, text: string | undefined): SlackSecret => {
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    throw new SlackSecretError(`secret ${secretId} is not JSON`);
  }
  const { botToken, signingSecret } = (value ?? {}) as Record<string, unknown>;
  if (typeof botToken !== 'string' || !botToken.startsWith('xoxb-')) {
    throw new SlackSecretError(`secret ${secretId} has no "botToken" starting with xoxb-`);
  }
  return typeof signingSecret === 'string' ? { botToken, signingSecret } : { botToken };
};

/** Reads the secret once per container; a failed read is not cached, so the next call retries. */
export const readSlackSecret = (
  secretId: string,
  client: SecretsManagerClient = secretsManagerClient(),
): Promise<SlackSecret> => {
  let pending = cache.get(secretId);
  if (!pending) {
    pending = client
      .send(new GetSecretValueCommand({ SecretId: secretId }))
      .then((out) => parse(secretId, out.SecretString))
      .catch((error: unknown) => {
        cache.delete(secretId);
        if (error instanceof SlackSecretError) throw error;
        throw new SlackSecretError(
          `cannot read secret ${secretId}: ${(error as Error).name ?? 'error'}`,
          { cause: error },
        );
      });
    cache.set(secretId, pending);
  }
  return pending;
};
