import { lines } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * `uptime` (procps, busybox, and the first line of `w`, whose user table is ignored):
 * ` 02:22:21 up 12 days,  4:50,  2 users,  load average: 2.95, 2.78, 2.70`.
 */
export interface Uptime {
  /** The clock time uptime printed, as printed (`02:22:21`). */
  clock?: string;
  /** Time since boot, to the minute (uptime prints no seconds); absent from a bare load line. */
  uptimeSeconds?: number;
  /** Logged-in users; busybox and some containers print none. */
  users?: number;
  load1: number;
  load5: number;
  load15: number;
}

const LOAD_LABEL = /\bload averages?\s*:/i;
// Locales with a decimal comma print `0,52, 0,58, 0,59`; macOS prints `1.21 2.88 0.80`.
const LOADS = /^\s*(\d+(?:[.,]\d+)?)\s*,?\s*(\d+(?:[.,]\d+)?)\s*,?\s*(\d+(?:[.,]\d+)?)/;
const CLOCK = /^\s*(\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]m)?)\s/i;
const UP = /\bup\s/i;

const UNIT_SECONDS: Record<string, number> = {
  sec: 1,
  min: 60,
  hr: 3600,
  hour: 3600,
  day: 86_400,
  week: 604_800,
  year: 31_536_000,
};

/** `12 days`, `3 hrs`, `20 min`, `1 week` → seconds; NaN when the part is something else. */
const durationPart = (part: string): number => {
  const hm = /^(\d+):(\d{2})$/.exec(part);
  if (hm) return Number(hm[1]) * 3600 + Number(hm[2]) * 60;
  const unit = /^(\d+)\s*(sec|min|hr|hour|day|week|year)[a-z]*$/i.exec(part);
  if (!unit) return Number.NaN;
  return Number(unit[1]) * (UNIT_SECONDS[(unit[2] ?? '').toLowerCase()] ?? Number.NaN);
};

const decimal = (token: string): number => Number(token.replace(',', '.'));

/** Reads one uptime line; undefined when the line is not one. */
const readLine = (raw: string): Uptime | undefined => {
  // Pastes through some input methods turn `,` and `:` into their full-width forms.
  const line = raw.replace(/，/g, ',').replace(/：/g, ':');
  const label = LOAD_LABEL.exec(line);
  if (!label) return undefined;
  const loads = LOADS.exec(line.slice(label.index + label[0].length));
  if (!loads) return undefined;
  const head = line.slice(0, label.index);
  const loadsOf = {
    load1: decimal(loads[1] ?? ''),
    load5: decimal(loads[2] ?? ''),
    load15: decimal(loads[3] ?? ''),
  };
  // `load average: 44.17, 35.29, 31.24` alone: the tail of top's or uptime's line, pasted.
  if (head.trim() === '') return loadsOf;
  const up = UP.exec(head);
  if (!up) return undefined;

  let seconds = 0;
  let understood = 0;
  let users: number | undefined;
  for (const piece of head.slice(up.index + up[0].length).split(',')) {
    const part = piece.trim();
    if (part === '') continue;
    const who = /^(\d+)\s+users?$/i.exec(part);
    if (who) {
      users = Number(who[1]);
      continue;
    }
    const s = durationPart(part);
    if (Number.isFinite(s)) {
      seconds += s;
      understood++;
    }
  }
  if (understood === 0) return undefined;

  const clock = CLOCK.exec(head)?.[1];
  return {
    ...(clock === undefined ? {} : { clock }),
    uptimeSeconds: seconds,
    ...(users === undefined ? {} : { users }),
    ...loadsOf,
  };
};

const formatDuration = (seconds: number): string => {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return days > 0 ? `${days}d ${hours}h ${minutes}m` : `${hours}h ${minutes}m`;
};

export const uptimeParser: ToolParser<Uptime> = {
  tool: 'uptime',
  // `w` prints the same line above its user table; `w -h` prints no such line.
  matchCommand: (command) => /^(?:uptime|w)(?:\s|$)/.test(command),
  banner:
    /^\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]m)?\s+up\s.*\bload averages?\s*[:：]|^\s*load averages?\s*[:：]\s*\d/i,
  parse(text, command) {
    if (command !== null && /^w\s+(?:.*\s)?-[a-zA-Z]*h/.test(command)) {
      return fail('w -h prints no "up …, load average" line; run plain `w` or `uptime`');
    }
    if (
      command !== null &&
      /^uptime\s+(?:.*\s)?-(?:[a-zA-Z]*[ps]|-pretty|-since)\b/.test(command)
    ) {
      return fail('uptime -p and -s print no load averages; run plain `uptime`');
    }
    // Several samples (`watch uptime`, a pasted history) report the latest.
    let found: Uptime | undefined;
    for (const line of lines(text)) found = readLine(line) ?? found;
    return found ? ok(found) : fail('no "up …, load average: 1.00, 0.50, 0.25" line found');
  },
  summarize: (d) =>
    `${d.uptimeSeconds === undefined ? 'uptime not shown' : `up ${formatDuration(d.uptimeSeconds)}`}${d.users === undefined ? '' : `, ${d.users} user${d.users === 1 ? '' : 's'}`}, load ${d.load1} ${d.load5} ${d.load15}`,
};
