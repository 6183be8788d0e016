/**
 * "Changed before the alarm": the lines the terminal and the Slack card share. Context beside
 * the diagnosis, never a cause: the title says so, and the lines only say what and when.
 */

import { duration } from '../core/causes/shared/words.js';
import { changeReference, secondsBefore } from '../core/facts/changes.js';
import type { Change, ChangeKind, Facts } from '../core/facts/types.js';

/** The most recent shown; the rest are counted. A card has room, a reader has less. */
export const MAX_CHANGES_SHOWN = 8;

const KIND_WORDS: Record<ChangeKind, string> = {
  deploy: 'deploy',
  config: 'configuration',
  scaling: 'scaling',
  launch: 'launch',
  'process-start': 'process start',
  'api-call': 'API call',
};

export interface ChangeLines {
  /** `Changed before the alarm` (or `before the capture`, when the alarm's time is unknown). */
  title: string;
  /** Newest last: `09:07 UTC deploy: app-v42: New application version … (5 min before)`. */
  lines: string[];
  /** Older changes not shown. */
  more: number;
}

const clock = (iso: string): string => `${new Date(iso).toISOString().slice(11, 16)} UTC`;

const line = (c: Change, before: number): string =>
  `${clock(c.at)} ${KIND_WORDS[c.kind]}: ${c.what}${c.by ? ` (by ${c.by})` : ''} — ${duration(before)} before`;

/**
 * The changes a capture's facts hold, judged against `alarmAt` (the alarm's own time, when the
 * caller has it), else the facts' alarm or capture time. Undefined when there are none.
 */
export const changeLines = (facts: Facts, alarmAt?: string): ChangeLines | undefined => {
  const changes = facts.changes ?? [];
  const known = alarmAt && Number.isFinite(Date.parse(alarmAt)) ? alarmAt : facts.alarmAt;
  const reference = changeReference({
    ...(known ? { alarmAt: known } : {}),
    ...(facts.capturedAt ? { capturedAt: facts.capturedAt } : {}),
  });
  if (!reference) return undefined;
  // Facts read again from a stored document were windowed on the capture: keep what came first.
  const before = changes.filter((c) => secondsBefore(c, reference) >= 0);
  if (before.length === 0) return undefined;
  const shown = before.slice(-MAX_CHANGES_SHOWN);
  return {
    title: `Changed before ${reference.what}`,
    lines: shown.map((c) => line(c, secondsBefore(c, reference))),
    more: before.length - shown.length,
  };
};
