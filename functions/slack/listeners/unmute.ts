/** "Unmute": ends the mute on the triage's alarm at once. */
import type { MuteAlarmDeps } from '../../triage/mute-alarm.js';
import { muteListener } from './mute.js';
import type { ButtonListener } from './rerun-capture.js';

/** "Unmute" (`ACTION_IDS.unmute`). */
export const unmute = (deps: MuteAlarmDeps): ButtonListener => muteListener(deps, false);
