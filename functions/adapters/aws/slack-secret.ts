/**
 * The Slack app's credentials, from Secrets Manager, each read once per container and never
 * logged. They live in two secrets so that each function can read only what it uses:
 * - `SLACK_SECRET_ID`: `{"botToken": "xoxb-…"}`, read by every function that posts;
 * - `SLACK_SIGNING_SECRET_ID`: `{"signingSecret": "…"}`, read only by the Slack function, the
 *   one behind a public URL (a leaked signing secret lets anyone forge a button click).
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsManagerClient } from './clients.js';

export interface SlackSecret {
  botToken: string;
}

/** The secret is missing, unreadable, or not the JSON the README asks for. */
export class SlackSecretError extends Error {
  override readonly name = 'SlackSecretError';
  readonly code = 'slack_secret_unreadable';
}

/** Each value read, by `field@secretId`; only successful reads stay. */
const cache = new Map<string, Promise<string>>();

const parse = (secretId: string, text: string | undefined): Record<string, unknown> => {
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    throw new SlackSecretError(`secret ${secretId} is not JSON`);
  }
  if (!value || typeof value !== 'object') {
    throw new SlackSecretError(`secret ${secretId} is not a JSON object`);
  }
  return value as Record<string, unknown>;
};

/**
 * One string field of a secret's JSON, read once per container. A failed read, or a secret
 * without the field, is not cached: the next call reads again (the secret may have been fixed).
 */
const readField = (
  secretId: string,
  field: string,
  valid: (value: string) => boolean,
  problem: string,
  client: SecretsManagerClient,
): Promise<string> => {
  const key = `${field}@${secretId}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = client
      .send(new GetSecretValueCommand({ SecretId: secretId }))
      .then((out) => {
        const value = parse(secretId, out.SecretString)[field];
        if (typeof value !== 'string' || !valid(value)) {
          throw new SlackSecretError(`secret ${secretId} has no ${problem}`);
        }
        return value;
      })
      .catch((error: unknown) => {
        cache.delete(key);
        if (error instanceof SlackSecretError) throw error;
        throw new SlackSecretError(
          `cannot read secret ${secretId}: ${(error as Error).name ?? 'error'}`,
          { cause: error },
        );
      });
    cache.set(key, pending);
  }
  return pending;
};

/** The bot token from the secret named by `SLACK_SECRET_ID`. */
export const readSlackSecret = async (
  secretId: string,
  client: SecretsManagerClient = secretsManagerClient(),
): Promise<SlackSecret> => ({
  botToken: await readField(
    secretId,
    'botToken',
    (token) => token.startsWith('xoxb-'),
    '"botToken" starting with xoxb-',
    client,
  ),
});

/** The signing secret from the secret named by `SLACK_SIGNING_SECRET_ID`. */
export const readSigningSecret = (
  secretId: string,
  client: SecretsManagerClient = secretsManagerClient(),
): Promise<string> =>
  readField(secretId, 'signingSecret', (secret) => secret.trim() !== '', '"signingSecret"', client);
