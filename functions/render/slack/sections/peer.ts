/**
 * The card's "against a healthy peer" section: what differs between the sick instance and a
 * healthy one of its group (each with both values and why), then one short line of what is the
 * same there (each a cause the peer rules out). Kept within one section's text limit.
 */
import { redactSecrets } from '../../../core/redact.js';
import type { Block } from '../blocks.js';
import { escapeMrkdwn } from '../escape.js';
import { joinWithin, LIMITS, truncate } from '../limits.js';
import type { PeerView } from '../view.js';

/** Differing rows shown in full; the rest are counted in the section's "… N more". */
const MAX_DIFFERS = 8;
/** The "same on the healthy peer" line, at most. */
const SAME_LINE = 400;

/** Redacted (the second layer: flags are redacted on the host already) and escaped. */
const md = (text: string): string => escapeMrkdwn(redactSecrets(text));

export const peerSection = (peer: PeerView | undefined): Block[] => {
  if (!peer) return [];
  const who = `${peer.host ? md(peer.host) : 'a healthy peer'} (${md(peer.cause)})`;
  const differs = peer.differs
    .slice(0, MAX_DIFFERS)
    .map(
      (d) =>
        `• *${md(d.label)}*: ${md(d.sick)} here, ${md(d.healthy)} on the peer — ${md(d.reason)}`,
    );
  const lines = [
    `*Against ${who}*`,
    ...(differs.length > 0 ? differs : ['_Nothing measured differs from the healthy peer._']),
    ...(peer.differs.length > MAX_DIFFERS
      ? [`… ${peer.differs.length - MAX_DIFFERS} more differ`]
      : []),
    ...(peer.same.length > 0
      ? [truncate(`_Same on the healthy peer:_ ${md(peer.same.join(', '))}`, SAME_LINE)]
      : []),
    ...(peer.notCompared > 0 ? [`_${peer.notCompared} measures only one capture showed_`] : []),
  ];
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: joinWithin(lines, LIMITS.sectionText), verbatim: true },
    },
  ];
};
