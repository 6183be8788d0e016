/**
 * The weekly schedule's event on the capture-done function: a constant input (the rule's
 * target sets it, `lib/weekly-digest.ts`) → the weekly digest. Its own wiring, built on the
 * first digest only: the function's other invocations never pay for it.
 */
import { DynamoFeedbackStore } from '../adapters/aws/feedback-store.js';
import { DynamoTriageStore } from '../adapters/aws/triage-store.js';
import { defaultNotifier } from '../adapters/slack/default-notifier.js';
import { loadConfig } from '../config.js';
import { logger } from '../logger.js';
import { systemClock } from '../triage/ports.js';
import {
  postWeeklyDigest,
  WEEKLY_DIGEST_INPUT,
  type WeeklyDigestDeps,
} from '../triage/weekly-digest.js';

let deps: WeeklyDigestDeps | undefined;

const defaultDeps = (): WeeklyDigestDeps => {
  const config = loadConfig();
  return {
    store: new DynamoTriageStore({ tableName: config.tableName }),
    feedback: new DynamoFeedbackStore({ tableName: config.tableName }),
    notifier: defaultNotifier(config, logger),
    clock: systemClock,
    logger,
  };
};

/** Posts the digest when `event` is the weekly rule's; `false` for any other event. */
export const weeklyDigestIf = async (event: unknown): Promise<boolean> => {
  const input = event as { alertTriage?: unknown } | null;
  if (input?.alertTriage !== WEEKLY_DIGEST_INPUT.alertTriage) return false;
  deps ??= defaultDeps();
  await postWeeklyDigest(deps);
  return true;
};
