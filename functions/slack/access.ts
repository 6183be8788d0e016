/**
 * Who may press which button. The signature says a request is Slack's; this says whether the
 * person and the place may act:
 * - another workspace (when `SLACK_TEAM_ID` is set) or another channel than the cards' one;
 * - with `SLACK_ALLOWED_USERS` set, anyone not on it, for every button (Rerun, Deep, Mute);
 * - without it, Deep capture for everyone: it traces a process on a production host (ptrace
 *   through strace, perf), so the channel alone is not enough. Rerun and Mute stay open to the
 *   channel.
 */
import type { SlackConfig } from '../config.js';
import { ACTION_IDS } from '../render/slack/actions.js';
import type { ButtonClick } from './interaction.js';
import { REPLIES } from './replies.js';

export type Refusal =
  | 'other-workspace'
  | 'channel-not-allowed'
  | 'user-not-allowed'
  | 'deep-needs-allow-list';

export type AccessConfig = Pick<SlackConfig, 'channelId' | 'allowedUsers' | 'teamId'>;

/** Why this click may not act, or `undefined` when it may. */
export const refusalOf = (config: AccessConfig, click: ButtonClick): Refusal | undefined => {
  if (config.teamId !== undefined && click.teamId !== config.teamId) return 'other-workspace';
  if (click.channelId !== config.channelId) return 'channel-not-allowed';
  if (config.allowedUsers === undefined) {
    return click.actionId === ACTION_IDS.deep ? 'deep-needs-allow-list' : undefined;
  }
  return config.allowedUsers.includes(click.userId) ? undefined : 'user-not-allowed';
};

export const REFUSAL_REPLY: Record<Refusal, string> = {
  'other-workspace': REPLIES.otherWorkspace,
  'channel-not-allowed': REPLIES.channelNotAllowed,
  'user-not-allowed': REPLIES.userNotAllowed,
  'deep-needs-allow-list': REPLIES.deepNeedsAllowList,
};
