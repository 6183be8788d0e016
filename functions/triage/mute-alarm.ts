/**
 * "Mute 1 h" and "Unmute" under a triage: the mute is on the triage's alarm, through the
 * store's mute item (`start-triage` skips a muted alarm). Unmuting writes a mute that has
 * already ended, so a muted alarm and an unmuted one read the same way.
 */
import type { Mute } from './model.js';
import type { Clock, Log, TriageStore } from './ports.js';

/** How long "Mute" silences an alarm. */
export const MUTE_DURATION_MS = 60 * 60_000;

export interface MuteAlarmDeps {
  store: TriageStore;
  clock: Clock;
  logger: Log;
}

export type MuteOutcome =
  | { kind: 'expired'; triageId: string }
  | { kind: 'muted'; triageId: string; alarmName: string; mute: Mute }
  | { kind: 'unmuted'; triageId: string; alarmName: string };

/** Mutes (`muted: true`) or unmutes the alarm a triage belongs to. */
export const setMute = async (
  request: { triageId: string; muted: boolean; by?: string },
  deps: MuteAlarmDeps,
): Promise<MuteOutcome> => {
  const { triageId } = request;
  const now = deps.clock.now();
  deps.logger.appendKeys({ triageId });
  const record = await deps.store.getTriage(triageId);
  if (!record) return { kind: 'expired', triageId };
  const alarmName = record.alarm.name;
  const until = request.muted ? new Date(now.getTime() + MUTE_DURATION_MS) : now;
  const mute: Mute = {
    alarmArn: record.alarm.arn,
    until: until.toISOString(),
    ...(request.by ? { by: request.by } : {}),
  };
  await deps.store.putMute(mute, now);
  deps.logger.info(request.muted ? 'alarm muted' : 'alarm unmuted', {
    alarmName,
    until: mute.until,
  });
  return request.muted
    ? { kind: 'muted', triageId, alarmName, mute }
    : { kind: 'unmuted', triageId, alarmName };
};
