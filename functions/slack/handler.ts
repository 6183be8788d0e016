/**
 * The Slack Lambda, behind a Function URL: a signed interaction request → Bolt → the button's
 * listener → the HTTP response. Importing this module reads no environment and makes no call;
 * the app is built on the first invocation (after the secret is read) and kept for the life
 * of the container. The token and signing secret come from Secrets Manager (`SLACK_SECRET_ID`),
 * or from `SLACK_BOT_TOKEN` and `SLACK_SIGNING_SECRET` in tests and local runs.
 *
 * Slack wants its answer within 3 s, and Bolt's `AwsLambdaReceiver` answers only after the
 * listener finishes. The listeners stay inside that: a rerun is one SendCommand per instance
 * (the capture's result arrives later through SSM's status event and the capture-done Lambda).
 */
import type { Context } from 'aws-lambda';
import { readSlackSecret } from '../adapters/aws/slack-secret.js';
import { SsmExecutor } from '../adapters/aws/ssm-executor.js';
import { DynamoTriageStore } from '../adapters/aws/triage-store.js';
import { loadConfig } from '../config.js';
import { logger } from '../logger.js';
import { systemClock } from '../triage/ports.js';
import { type AwsHandler, createSlackApp, loadSlackConfig, loadSlackSecret } from './app.js';

type FunctionUrlEvent = Parameters<AwsHandler>[0];
type FunctionUrlResponse = Awaited<ReturnType<AwsHandler>>;

let built: Promise<AwsHandler> | undefined;

const build = async (): Promise<AwsHandler> => {
  const config = loadConfig();
  const slack = loadSlackConfig(process.env, await loadSlackSecret(process.env, readSlackSecret));
  const { handler: handle } = createSlackApp(slack, {
    store: new DynamoTriageStore({ tableName: config.tableName }),
    executor: new SsmExecutor({ documentName: config.captureDocument }),
    clock: systemClock,
    logger,
  });
  return handle;
};

export const handler = async (
  event: FunctionUrlEvent,
  context: Context,
): Promise<FunctionUrlResponse> => {
  logger.resetKeys();
  logger.addContext(context);
  // A failed build is not kept: the next invocation tries again.
  built ??= build().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  let handle: AwsHandler;
  try {
    handle = await built;
  } catch (error) {
    logger.error('Slack app not configured', {
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return { statusCode: 500, body: '' };
  }
  return handle(event, context);
};

/** Forgets the built app, so a test can change the environment between cases. */
export const resetSlackHandler = (): void => {
  built = undefined;
};
