/**
 * The action ids of the triage card's buttons: the card (render) and the listeners
 * (functions/slack) meet only here. A button's `value` is the opaque triage id and nothing
 * else: never a command, an instance id or anything the server would trust from the payload.
 */
export const ACTION_IDS = {
  rerun: 'rerun',
  deep: 'deep',
  mute: 'mute',
  unmute: 'unmute',
  openAlarm: 'open_alarm',
  openCommand: 'open_command',
} as const;

export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

/** `tr-` and 16 hex digits, as `start-triage` derives it from the alarm transition. */
export const TRIAGE_ID = /^tr-[0-9a-f]{16}$/;

/** Whether a button value (or any untrusted string) is a well-formed triage id. */
export const isTriageId = (value: unknown): value is string =>
  typeof value === 'string' && TRIAGE_ID.test(value);
