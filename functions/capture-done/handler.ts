/**
 * The capture-done Lambda: SSM's "EC2 Command Invocation Status-change Notification" → read
 * the capture, classify it and notify; and, once a minute (EventBridge's Scheduled Event), the
 * sweep that finishes what no event finished.
 */
import type { Context } from 'aws-lambda';
import { AwsCloudContext } from '../adapters/aws/aws-context.js';
import { ChangeHistory } from '../adapters/aws/change-history.js';
import { SsmExecutor } from '../adapters/aws/ssm-executor.js';
import { parseCaptureStatusEvent } from '../adapters/aws/ssm-status.js';
import { DynamoTriageStore } from '../adapters/aws/triage-store.js';
import { defaultNotifier } from '../adapters/slack/default-notifier.js';
import { loadConfig } from '../config.js';
import { logger } from '../logger.js';
import { type FinishTriageDeps, finishTriage } from '../triage/finish-triage.js';
import { systemClock } from '../triage/ports.js';
import { sweep } from '../triage/sweep.js';
import { weeklyDigestIf } from './weekly-digest.js';

let deps: FinishTriageDeps | undefined;

const defaultDeps = (): FinishTriageDeps => {
  const config = loadConfig();
  return {
    store: new DynamoTriageStore({ tableName: config.tableName }),
    executor: new SsmExecutor({ documentName: config.captureDocument }),
    awsContext: new AwsCloudContext({ changes: new ChangeHistory() }),
    notifier: defaultNotifier(config, logger),
    clock: systemClock,
    logger,
    optIn: config.optIn,
  };
};

/** EventBridge's scheduled rule event (`detail-type: "Scheduled Event"`). */
const isSchedule = (event: unknown): boolean => {
  const e = event as { source?: unknown; 'detail-type'?: unknown } | null;
  return e?.source === 'aws.events' && e['detail-type'] === 'Scheduled Event';
};

export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.resetKeys();
  logger.addContext(context);
  if (await weeklyDigestIf(event)) return;
  if (isSchedule(event)) {
    deps ??= defaultDeps();
    await sweep(deps);
    return;
  }
  const parsed = parseCaptureStatusEvent(event);
  if (!parsed.success) {
    // A malformed event is reported once and acknowledged: throwing would only retry it.
    logger.warn('capture status event ignored', { reason: parsed.error });
    return;
  }
  const { commandId, instanceId, status } = parsed.data;
  logger.appendKeys({ instanceId, commandId, ssmEventStatus: status });
  deps ??= defaultDeps();
  await finishTriage(parsed.data, deps);
};
