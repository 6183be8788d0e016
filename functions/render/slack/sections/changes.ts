/**
 * The card's "Changed before the alarm" section (render/changes.ts): deploys, configuration
 * and scaling, API calls, the launch and process starts of the 2 hours before. Context, never
 * the cause: the diagnosis above says what the host shows.
 */
import type { Facts } from '../../../core/facts/types.js';
import { redactSecrets } from '../../../core/redact.js';
import { changeLines } from '../../changes.js';
import type { Block } from '../blocks.js';
import { escapeMrkdwn } from '../escape.js';
import { joinWithin, LIMITS } from '../limits.js';

/** One section, or none when nothing changed (or nothing was looked at). */
export const changesSection = (facts: Facts, alarmAt?: string): Block[] => {
  const found = changeLines(facts, alarmAt);
  if (!found) return [];
  const md = (text: string) => escapeMrkdwn(redactSecrets(text));
  const lines = [
    `*${found.title}* _(context, not the cause)_`,
    ...found.lines.map((l) => `• ${md(l)}`),
    ...(found.more > 0 ? [`_… ${found.more} earlier_`] : []),
  ];
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: joinWithin(lines, LIMITS.sectionText), verbatim: true },
    },
  ];
};
