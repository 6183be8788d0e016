/** "Unmute": ends the mute on the triage's alarm at once. */
import type { MuteAlarmDeps } from '../../triage/mute-alarm.js';
import type { ButtonListener } from '../interaction.js';
import { muteListener } from './mute.js';

/** "Unmute" (`ACTION_IDS.unmute`). */
export const unmute = (deps: MuteAlarmDeps): ButtonListener => muteListener(deps, false);
