/** "Deep capture": a rerun with `--deep always` and a longer window (`DEEP_RERUN_SECONDS`). */
import type { RerunCaptureDeps } from '../../triage/rerun-capture.js';
import type { ButtonListener } from '../interaction.js';
import { rerunListener } from './rerun-capture.js';

export const deepCapture = (deps: RerunCaptureDeps): ButtonListener => rerunListener(deps, true);
