/**
 * The alarm Lambda: a CloudWatch alarm state change (EventBridge, SNS or the Lambda alarm
 * action) → start a triage (→ ALARM) or resolve one (ALARM → OK).
 */
import type { Context } from 'aws-lambda';
import { CloudWatchAlarmChildren } from '../adapters/aws/alarm-children.js';
import { CloudWatchAlarmStates } from '../adapters/aws/alarm-state.js';
import { AwsCloudContext } from '../adapters/aws/aws-context.js';
import { SsmReachability } from '../adapters/aws/reachability.js';
import { SsmExecutor } from '../adapters/aws/ssm-executor.js';
import { AwsTargetResolver } from '../adapters/aws/targets.js';
import { DynamoTriageStore } from '../adapters/aws/triage-store.js';
import { defaultNotifier } from '../adapters/slack/default-notifier.js';
import { loadConfig } from '../config.js';
import { parseAlarmEvent } from '../core/alarm/parse.js';
import { transitionOf, why } from '../core/alarm/transition.js';
import { logger } from '../logger.js';
import { systemClock } from '../triage/ports.js';
import { resolveAlarm } from '../triage/resolve-alarm.js';
import { type StartTriageDeps, startTriage, triageIdOf } from '../triage/start-triage.js';

let deps: StartTriageDeps | undefined;

const defaultDeps = (): StartTriageDeps => {
  const config = loadConfig();
  return {
    store: new DynamoTriageStore({ tableName: config.tableName }),
    targets: new AwsTargetResolver(),
    children: new CloudWatchAlarmChildren(),
    alarms: new CloudWatchAlarmStates(),
    reachability: new SsmReachability(),
    executor: new SsmExecutor({ documentName: config.captureDocument }),
    awsContext: new AwsCloudContext(),
    notifier: defaultNotifier(config, logger),
    clock: systemClock,
    logger,
    settings: {
      hottest: config.hottest,
      ...config.capture,
      optIn: config.optIn,
      cooldownSeconds: config.cooldownSeconds,
      stormWindowMs: config.stormWindowSeconds * 1000,
      peer: config.capturePeer,
    },
  };
};

export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.resetKeys();
  logger.addContext(context);
  const parsed = parseAlarmEvent(event);
  if (!parsed.success) {
    // A malformed event is reported once and acknowledged: throwing would only retry it.
    logger.warn('alarm event ignored', { reason: parsed.error, kind: parsed.kind });
    return;
  }
  deps ??= defaultDeps();
  for (const alarm of parsed.data) {
    const [instanceId] = alarm.metrics.flatMap((m) => m.dimensions.InstanceId ?? []);
    logger.appendKeys({ triageId: triageIdOf(alarm), alarmName: alarm.name, instanceId });
    const transition = transitionOf(alarm);
    if (transition === 'triage') await startTriage(alarm, deps);
    else if (transition === 'resolve') await resolveAlarm(alarm, deps);
    else logger.info('alarm change ignored', { why: why(alarm) });
  }
};
