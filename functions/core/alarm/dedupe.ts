import type { Alarm } from './types.js';

/**
 * The key of one state change: alarm ARN + when it changed, the time normalised to UTC ISO so
 * the same change delivered twice (EventBridge and the Lambda action, or Lambda's async retry)
 * gives the same key. CloudWatch writes `+0000`; `Date.parse` reads it (Node 20).
 */
export const transitionKey = (alarm: Pick<Alarm, 'arn' | 'changedAt'>): string => {
  const ms = Date.parse(alarm.changedAt);
  // An unreadable time still makes a key that is unique per change, just not normalised.
  const at = Number.isNaN(ms) ? alarm.changedAt.trim() : new Date(ms).toISOString();
  return `${alarm.arn}#${at}`;
};
