/** "Mute 1 h" and "Unmute": the mute is on the triage's alarm, looked up server-side. */
import { isTriageId } from '../../render/slack/actions.js';
import { type MuteAlarmDeps, type MuteOutcome, setMute } from '../../triage/mute-alarm.js';
import type { ButtonListener } from '../interaction.js';
import { REPLIES } from '../replies.js';

const replyFor = (outcome: MuteOutcome): string => {
  switch (outcome.kind) {
    case 'expired':
      return REPLIES.expired;
    case 'muted':
      return REPLIES.muted(outcome.alarmName, outcome.mute.until);
    case 'unmuted':
      return REPLIES.unmuted(outcome.alarmName);
  }
};

/** The listener for Mute (`muted: true`) or Unmute. */
export const muteListener =
  (deps: MuteAlarmDeps, muted: boolean): ButtonListener =>
  async ({ actionId, value, userId }) => {
    if (!isTriageId(value)) {
      deps.logger.warn('button value is not a triage id', { actionId });
      return REPLIES.expired;
    }
    try {
      return replyFor(await setMute({ triageId: value, muted, by: userId }, deps));
    } catch (error) {
      deps.logger.error(muted ? 'mute failed' : 'unmute failed', {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return REPLIES.failed;
    }
  };

/** "Mute 1 h" (`ACTION_IDS.mute`). */
export const mute = (deps: MuteAlarmDeps): ButtonListener => muteListener(deps, true);
