/**
 * The Slack Lambda, behind a Function URL: a signed interaction request → the button's
 * listener → the HTTP answer. Importing this module reads no environment and makes no call;
 * the app is built on the first invocation (after the signing secret is read) and kept for the
 * life of the container. The signing secret comes from the Secrets Manager secret named by
 * `SLACK_SIGNING_SECRET_ID`, or from `SLACK_SIGNING_SECRET` in tests and local runs. This
 * function needs no bot token: it answers through each click's `response_url`.
 */
import type { Context } from 'aws-lambda';
import { DynamoFeedbackStore } from '../adapters/aws/feedback-store.js';
import { AwsRemedies } from '../adapters/aws/remedies.js';
import { DynamoRemedyLedger } from '../adapters/aws/remedy-ledger.js';
import { readSigningSecret } from '../adapters/aws/slack-secret.js';
import { SsmExecutor } from '../adapters/aws/ssm-executor.js';
import { DynamoTriageStore } from '../adapters/aws/triage-store.js';
import { type Config, ConfigError, loadConfig, loadSlackConfig } from '../config.js';
import { logger } from '../logger.js';
import { systemClock } from '../triage/ports.js';
import { createSlackApp, type SlackApp } from './app.js';
import type { FunctionUrlRequest, FunctionUrlResponse } from './request.js';

let built: Promise<SlackApp> | undefined;

const build = async (): Promise<SlackApp> => {
  const config = loadConfig();
  const slack = loadSlackConfig();
  const signingSecret =
    'value' in slack.signingSecret
      ? slack.signingSecret.value
      : await readSigningSecret(slack.signingSecret.secretId);
  return createSlackApp(
    { ...slack, signingSecret },
    {
      store: new DynamoTriageStore({ tableName: config.tableName }),
      feedback: new DynamoFeedbackStore({ tableName: config.tableName }),
      executor: new SsmExecutor({ documentName: config.captureDocument }),
      clock: systemClock,
      logger,
      ...remediationOf(config),
    },
  );
};

/** The fix buttons' wiring, when remediation is enabled (`REMEDIATION_APPROVERS` set). */
const remediationOf = (config: Config) => {
  const approvers = config.remediationApprovers;
  if (!approvers) return {};
  if (!config.restartDocument) {
    throw new ConfigError(
      'REMEDIATION_APPROVERS needs RESTART_DOCUMENT_NAME (the restart document)',
    );
  }
  return {
    remediation: {
      approvers,
      remedies: new AwsRemedies({ restartDocument: config.restartDocument }),
      ledger: new DynamoRemedyLedger({ tableName: config.tableName }),
    },
  };
};

export const handler = async (
  event: FunctionUrlRequest,
  context: Context,
): Promise<FunctionUrlResponse> => {
  logger.resetKeys();
  logger.addContext(context);
  // A failed build is not kept: the next invocation tries again.
  built ??= build().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  let app: SlackApp;
  try {
    app = await built;
  } catch (error) {
    logger.error('Slack app not configured', {
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return { statusCode: 500, body: '' };
  }
  return app.handle(event);
};

/** Forgets the built app, so a test can change the environment between cases. */
export const resetSlackHandler = (): void => {
  built = undefined;
};
