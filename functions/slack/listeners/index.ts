/**
 * The one place action ids meet functions: each button of the triage card and its listener.
 * The link buttons (alarm, SSM command) open a URL in the browser; Slack still sends their
 * click, which only needs acknowledging.
 */
import { ACTION_IDS, REMEDY_ACTION_IDS } from '../../render/slack/actions.js';
import type { GiveFeedbackDeps } from '../../triage/give-feedback.js';
import type { MuteAlarmDeps } from '../../triage/mute-alarm.js';
import type { RerunCaptureDeps } from '../../triage/rerun-capture.js';
import type { ButtonListener } from '../interaction.js';
import { deepCapture } from './deep-capture.js';
import { feedbackRight, feedbackWrong } from './feedback.js';
import { mute } from './mute.js';
import { type RemediationListenerDeps, remediate } from './remediate.js';
import { rerunCapture } from './rerun-capture.js';
import { unmute } from './unmute.js';

export type ListenerDeps = RerunCaptureDeps &
  MuteAlarmDeps &
  GiveFeedbackDeps &
  RemediationListenerDeps;

const acknowledge: ButtonListener = async () => undefined;

/** Every action id a listener answers; any other is logged and acknowledged, nothing more. */
export const listenersFor = (deps: ListenerDeps): ReadonlyMap<string, ButtonListener> =>
  new Map([
    [ACTION_IDS.rerun, rerunCapture(deps)],
    [ACTION_IDS.deep, deepCapture(deps)],
    [ACTION_IDS.mute, mute(deps)],
    [ACTION_IDS.unmute, unmute(deps)],
    [ACTION_IDS.openAlarm, acknowledge],
    [ACTION_IDS.openCommand, acknowledge],
    [ACTION_IDS.feedbackRight, feedbackRight(deps)],
    [ACTION_IDS.feedbackWrong, feedbackWrong(deps)],
    ...Object.values(REMEDY_ACTION_IDS).map((id) => [id, remediate(deps)] as const),
  ]);
