/**
 * The weekly digest as a Slack message: the week's triages, how often each cause shown was
 * right by the feedback, the median time to OK, and the targets that alarmed more than once.
 */
import type { CauseId } from '../../core/diagnosis.js';
import type { SlackMessage } from './blocks.js';
import { escapeMrkdwn } from './escape.js';
import { joinWithin, LIMITS } from './limits.js';

export interface WeeklyDigestView {
  week: string;
  /** ISO dates: the week's Monday and the Monday after. */
  from: string;
  to: string;
  triages: number;
  resolved: number;
  medianTimeToOkMs?: number;
  feedback: number;
  precision: { cause: CauseId; right: number; wrong: number }[];
  /** Named as a person reads them ("web-prod (Beanstalk environment)"). */
  recurrentTargets: { name: string; triages: number }[];
}

/** `40 s`, `17 min`, `2 h 5 min` */
const duration = (ms: number): string => {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  return min % 60 === 0 ? `${Math.floor(min / 60)} h` : `${Math.floor(min / 60)} h ${min % 60} min`;
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const precisionLine = (p: WeeklyDigestView['precision'][number]): string => {
  const judged = p.right + p.wrong;
  const pct = Math.round((100 * p.right) / judged);
  return `• \`${p.cause}\`: ${pct}% right (${p.right} of ${judged})`;
};

export const renderWeeklyDigest = (view: WeeklyDigestView): SlackMessage => {
  const head = `alert-triage, week ${view.week}: ${plural(view.triages, 'triage')}`;
  const ok =
    view.medianTimeToOkMs === undefined
      ? `no alarm went back to OK`
      : `median time to OK ${duration(view.medianTimeToOkMs)} (${view.resolved} resolved)`;
  const precision =
    view.precision.length > 0
      ? [
          `*Right cause, by ${plural(view.feedback, 'answer')}*`,
          ...view.precision.map(precisionLine),
        ]
      : ['*Right cause*', '_no feedback on this week’s cards_'];
  const targets =
    view.recurrentTargets.length > 0
      ? [
          '*Alarmed more than once*',
          ...view.recurrentTargets.map((t) => `• ${escapeMrkdwn(t.name)}: ${t.triages} triages`),
        ]
      : ['*Alarmed more than once*', '_no target_'];
  const section = (lines: string[]) => ({
    type: 'section' as const,
    text: { type: 'mrkdwn' as const, text: joinWithin(lines, LIMITS.sectionText), verbatim: true },
  });
  return {
    text: `${head}, ${ok}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: head, emoji: true } },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `${view.from} to ${view.to} (UTC), ${ok}`, verbatim: true },
        ],
      },
      section(precision),
      section(targets),
    ],
  };
};
