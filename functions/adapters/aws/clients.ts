/**
 * One SDK client per service, created on first use and kept for the life of the container
 * (a cold start pays for each client once, and only for the clients its Lambda uses). Every
 * adapter's constructor takes its client and defaults to the shared one here, so tests can
 * pass their own or intercept these with `mockClient(SSMClient)`.
 *
 * Retries are bounded: a Lambda that retries for minutes only hides the problem until its
 * own timeout. `adaptive` mode adds client-side rate limiting on top of the standard
 * exponential backoff, which is what throttled Describe* calls across a fleet want.
 */
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import {
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { AdapterError, type AdapterErrorCode } from '../../triage/ports.js';

/** At most this many tries of one call, the first included. */
export const MAX_ATTEMPTS = 3;

/** Options every client gets; `overrides` lets tests supply credentials and an HTTP handler. */
export const clientConfig = <T extends object>(overrides?: T) => ({
  maxAttempts: MAX_ATTEMPTS,
  retryMode: 'adaptive',
  ...overrides,
});

const once = <T>(make: () => T): (() => T) => {
  let made: T | undefined;
  return () => {
    made ??= make();
    return made;
  };
};

// `@__PURE__`: a Lambda that never uses a client must not carry it (esbuild drops it then).
export const ssmClient = /* @__PURE__ */ once(() => new SSMClient(clientConfig()));
export const ec2Client = /* @__PURE__ */ once(() => new EC2Client(clientConfig()));
export const cloudWatchClient = /* @__PURE__ */ once(() => new CloudWatchClient(clientConfig()));
export const elasticBeanstalkClient = /* @__PURE__ */ once(
  () => new ElasticBeanstalkClient(clientConfig()),
);
export const autoScalingClient = /* @__PURE__ */ once(() => new AutoScalingClient(clientConfig()));
export const cloudTrailClient = /* @__PURE__ */ once(() => new CloudTrailClient(clientConfig()));
export const secretsManagerClient = /* @__PURE__ */ once(
  () => new SecretsManagerClient(clientConfig()),
);
/** The document client marshals plain objects; `undefined` fields are dropped, not refused. */
export const dynamoDocumentClient = /* @__PURE__ */ once(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()), {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  }),
);

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded', // EC2
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException', // DynamoDB
  'LimitExceededException',
]);
const DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation', // EC2
  'UnrecognizedClientException',
]);

/** The SDK's error name (`ThrottlingException`, `InvocationDoesNotExist`), or undefined. */
export const errorName = (error: unknown): string | undefined =>
  error instanceof Error ? error.name : undefined;

/**
 * Wraps an SDK error in an {@link AdapterError}: `throttled` and `access_denied` keep their
 * meaning whatever the call; anything else takes the caller's code. Our own errors pass
 * through unchanged.
 */
export const wrapAwsError = (
  error: unknown,
  code: AdapterErrorCode,
  doing: string,
): AdapterError => {
  if (error instanceof AdapterError) return error;
  const name = errorName(error) ?? 'Error';
  const detail = error instanceof Error ? error.message : String(error);
  if (THROTTLING.has(name)) {
    return new AdapterError('throttled', `${doing}: AWS kept throttling (${name})`, {
      cause: error,
    });
  }
  if (DENIED.has(name)) {
    return new AdapterError('access_denied', `${doing}: not allowed (${name}: ${detail})`, {
      cause: error,
    });
  }
  return new AdapterError(code, `${doing}: ${name}: ${detail}`, { cause: error });
};

/**
 * Every item a Query gives, page after page (a filter drops items after a page is read, so one
 * page may hold none), stopping once `enough` are in.
 */
export const queryPages = async (
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
  doing: string,
  enough = Number.POSITIVE_INFINITY,
): Promise<Record<string, unknown>[]> => {
  const found: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  try {
    do {
      const answer = await client.send(
        new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      found.push(...(answer.Items ?? []));
      start = answer.LastEvaluatedKey;
    } while (start && found.length < enough);
  } catch (error) {
    throw wrapAwsError(error, 'store_failed', doing);
  }
  return found;
};
