/**
 * The action ids of the triage card's buttons: the card (render) and the listeners
 * (functions/slack) meet only here. A button's `value` is the opaque triage id and nothing
 * else: never a command, an instance id or anything the server would trust from the payload.
 * The one exception is the "Wrong cause" menu, whose options carry `<triageId>:<cause>`.
 */
import { type CauseId, PROBLEM_CAUSES } from '../../core/diagnosis.js';
import type { RemedyKind } from '../../core/remedy/offers.js';

export const ACTION_IDS = {
  rerun: 'rerun',
  deep: 'deep',
  mute: 'mute',
  unmute: 'unmute',
  openAlarm: 'open_alarm',
  openCommand: 'open_command',
  feedbackRight: 'feedback_right',
  feedbackWrong: 'feedback_wrong',
  remedyUnlimited: 'remedy_unlimited_credits',
  remedySetting: 'remedy_environment_setting',
  remedyRestart: 'remedy_restart_unit',
} as const;

export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

/** `tr-` and 16 hex digits, as `start-triage` derives it from the alarm transition. */
export const TRIAGE_ID = /^tr-[0-9a-f]{16}$/;

/** Whether a button value (or any untrusted string) is a well-formed triage id. */
export const isTriageId = (value: unknown): value is string =>
  typeof value === 'string' && TRIAGE_ID.test(value);

/** The causes a person may say it was: every cause the classifier can name. */
export const FEEDBACK_CAUSES: readonly CauseId[] = [...PROBLEM_CAUSES, 'healthy', 'inconclusive'];

/** The value of one "Wrong cause" option. */
export const feedbackOptionValue = (triageId: string, cause: CauseId): string =>
  `${triageId}:${cause}`;

/** A "Wrong cause" option's value read back, or `undefined` unless both parts are well formed. */
export const readFeedbackOption = (
  value: unknown,
): { triageId: string; cause: CauseId } | undefined => {
  if (typeof value !== 'string') return undefined;
  const at = value.indexOf(':');
  const triageId = value.slice(0, at);
  const cause = FEEDBACK_CAUSES.find((c) => c === value.slice(at + 1));
  return at > 0 && isTriageId(triageId) && cause ? { triageId, cause } : undefined;
};

/**
 * The fix buttons, one action id per kind of fix (Slack wants action ids unique within a
 * block). Their value is `<triageId>:<n>`, n the instance's place among the triage's captured
 * instances: which capture the offer came from, never what to change.
 */
export const REMEDY_ACTION_IDS: Readonly<Record<RemedyKind, string>> = {
  'unlimited-credits': ACTION_IDS.remedyUnlimited,
  'environment-setting': ACTION_IDS.remedySetting,
  'restart-unit': ACTION_IDS.remedyRestart,
};

/** The kind of fix a button's action id asks for. */
export const remedyKindOf = (actionId: string): RemedyKind | undefined =>
  (Object.keys(REMEDY_ACTION_IDS) as RemedyKind[]).find((k) => REMEDY_ACTION_IDS[k] === actionId);

const REMEDY_VALUE = /^(tr-[0-9a-f]{16}):(\d{1,2})$/;

export const remedyValue = (triageId: string, instanceOrdinal: number): string =>
  `${triageId}:${instanceOrdinal}`;

/** A fix button's value read back, or `undefined` when it is not one. */
export const readRemedyValue = (
  value: unknown,
): { triageId: string; instanceOrdinal: number } | undefined => {
  const match = typeof value === 'string' ? REMEDY_VALUE.exec(value) : null;
  return match?.[1] && match[2]
    ? { triageId: match[1], instanceOrdinal: Number(match[2]) }
    : undefined;
};
