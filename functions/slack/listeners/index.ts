/**
 * The one place action ids meet functions: each button of the triage card and its listener.
 * The link buttons (alarm, SSM command) open a URL in the browser; Slack still sends their
 * click, which only needs acknowledging.
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../../render/slack/actions.js';
import type { MuteAlarmDeps } from '../../triage/mute-alarm.js';
import type { RerunCaptureDeps } from '../../triage/rerun-capture.js';
import { deepCapture } from './deep-capture.js';
import { mute } from './mute.js';
import { rerunCapture } from './rerun-capture.js';
import { unmute } from './unmute.js';

export type ListenerDeps = RerunCaptureDeps & MuteAlarmDeps;

/** Every action id a listener answers; any other is logged and acknowledged, nothing more. */
export const KNOWN_ACTION_IDS: ReadonlySet<string> = new Set(Object.values(ACTION_IDS));

export const registerListeners = (app: App, deps: ListenerDeps): void => {
  app.action<BlockButtonAction>(ACTION_IDS.rerun, rerunCapture(deps));
  app.action<BlockButtonAction>(ACTION_IDS.deep, deepCapture(deps));
  app.action<BlockButtonAction>(ACTION_IDS.mute, mute(deps));
  app.action<BlockButtonAction>(ACTION_IDS.unmute, unmute(deps));
  for (const link of [ACTION_IDS.openAlarm, ACTION_IDS.openCommand]) {
    app.action(link, async ({ ack }) => {
      await ack();
    });
  }
};
