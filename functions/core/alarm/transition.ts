import type { Alarm, Transition } from './types.js';

/**
 * ALARM → ALARM arrives as an alarm *action* (SNS, Lambda action) when a composite alarm's
 * actions suppressor lets the held-back action through: the AWS sample in
 * test/fixtures/events/lambda-action/composite-alarm.json changes 12:54:46 → 12:56:46, its
 * `actionsSuppressorWaitPeriod` of 120 s later, and CloudWatch invokes actions only when they
 * run. EventBridge sees every change, so there it repeats a change already triaged.
 */
const actionReleased = (alarm: Alarm): boolean =>
  alarm.state === 'ALARM' && alarm.previousState === 'ALARM' && alarm.delivery !== 'eventbridge';

/**
 * What to do with a state change: into ALARM → `triage`; ALARM → OK → `resolve`; anything else
 * (INSUFFICIENT_DATA ↔ OK, → INSUFFICIENT_DATA, ALARM → ALARM on EventBridge) → `ignore`.
 */
export const transitionOf = (alarm: Alarm): Transition => {
  if (alarm.state === 'ALARM') {
    return alarm.previousState !== 'ALARM' || actionReleased(alarm) ? 'triage' : 'ignore';
  }
  if (alarm.state === 'OK' && alarm.previousState === 'ALARM') return 'resolve';
  return 'ignore';
};

/** One line for the log saying what `transitionOf` decided and why. */
export const why = (alarm: Alarm): string => {
  const change = `${alarm.previousState ?? 'unknown'} → ${alarm.state}`;
  switch (transitionOf(alarm)) {
    case 'triage':
      return actionReleased(alarm)
        ? `${change} (${alarm.delivery}): triage, the alarm action was held back by a suppressor and now runs`
        : `${change}: triage, the alarm went into ALARM`;
    case 'resolve':
      return `${change}: resolve, the alarm recovered`;
    case 'ignore':
      return alarm.state === 'ALARM'
        ? `${change} (${alarm.delivery}): ignored, already in ALARM and triaged when it went in`
        : `${change}: ignored, only a change into ALARM is triaged and only ALARM → OK resolves`;
  }
};
