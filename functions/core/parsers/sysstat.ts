/**
 * Pieces shared by the sysstat parsers (mpstat, pidstat, sar, iostat). sysstat tables all look
 * alike: an optional `Linux 5.10.0 (host) 11/22/26 _x86_64_ (2 CPU)` line, then a header whose
 * first tokens are a time (`07:38:49 PM`, `20:39:39`, `15时31分47秒`) or `Average:`, then rows
 * with the same prefix. sysstat forces `LC_NUMERIC=C`, so numbers never carry decimal commas.
 */
import { num, type TokenSpan, tokenSpans } from './text.js';

/** The first line every sysstat tool prints. */
export interface SysstatBanner {
  kernel: string;
  host: string;
  /** As printed: `11/22/26`, `07/14/2015`, `2026-11-22`, `2019年05月04日`. */
  date: string;
  arch: string | null;
  cpuCount: number | null;
}

/** A token of a line and where it starts, so a free-text last column keeps its spaces. */
/** Reads `Linux 6.1.0-13-amd64 (host) \t11/22/26 \t_x86_64_\t(2 CPU)`; null for anything else. */
export const readSysstatBanner = (line: string): SysstatBanner | null => {
  const m = /^\s*Linux\s+(\S+)\s+\(([^)]*)\)\s+(.*)$/.exec(line);
  if (!m) return null;
  const rest = (m[3] ?? '').split(/\s+/).filter(Boolean);
  const archAt = rest.findIndex((t) => /^_\w+_$/.test(t));
  const cpusAt = rest.findIndex((t) => /^\(\d+$/.test(t));
  const end = archAt >= 0 ? archAt : cpusAt >= 0 ? cpusAt : rest.length;
  const cpus = cpusAt >= 0 ? Number((rest[cpusAt] ?? '').slice(1)) : Number.NaN;
  return {
    kernel: m[1] ?? '',
    host: m[2] ?? '',
    date: rest.slice(0, end).join(' '),
    arch: archAt >= 0 ? (rest[archAt] ?? '').slice(1, -1) : null,
    cpuCount: Number.isFinite(cpus) ? cpus : null,
  };
};

/**
 * What the tokens before the first column say: a time (`07:38:50 PM`, `20:39:40`) or the
 * `Average:` summary, in any language sysstat is translated to (`平均时间:`, `Moyenne :`): the
 * summary label is the one that ends with a colon.
 */
export const readTimeLabel = (prefix: string[]): { time: string | null; average: boolean } => {
  const joined = prefix.join(' ');
  if (joined === '') return { time: null, average: false };
  if (/:$/.test(joined) || /^average\b/i.test(joined)) return { time: null, average: true };
  return { time: joined, average: false };
};

/** True for a token a sysstat header uses as a column name. */
export const looksLikeColumnName = (token: string): boolean =>
  /^%|\/s$|^kb|^(CPU|UID|USER|PID|TGID|TID|Command|Device:?|IFACE|DEV|tps|INTR)$/.test(token);

/**
 * Splits a row whose columns are all single tokens (mpstat, sar) into its time prefix and its
 * `count` values, counting from the right so any time format works.
 */
export const splitFromRight = (
  tokens: string[],
  count: number,
): { prefix: string[]; values: string[] } | null => {
  if (tokens.length < count) return null;
  return { prefix: tokens.slice(0, tokens.length - count), values: tokens.slice(-count) };
};

/**
 * `num`, for tokens of a sane length only: no figure these tools print is longer, and `num`'s
 * pattern backtracks quadratically on a long run of digits, so a garbage token must not reach it.
 */
export const MAX_NUMBER_TOKEN = 32;
export const toNumber = (token: string | undefined): number =>
  token !== undefined && token.length <= MAX_NUMBER_TOKEN ? num(token) : Number.NaN;

/** A number, or undefined when the token is `-` or not a number. */
export const optionalNumber = (token: string | undefined): number | undefined => {
  const n = toNumber(token);
  return Number.isFinite(n) ? n : undefined;
};

/** `all` or a CPU number; null when the token is neither. */
export const readCpuId = (token: string | undefined): 'all' | number | null => {
  if (token === 'all') return 'all';
  if (token !== undefined && /^\d+$/.test(token)) return Number(token);
  return null;
};

/** A data line under a wanted header, with that header's columns (time prefix excluded). */
export interface SysstatLine {
  columns: string[];
  /** How many tokens the header spent on its time prefix (`07:38:49 PM` is 2). */
  headerPrefix: number;
  spans: TokenSpan[];
  line: string;
}

/**
 * A header starts with a time or `Average:` (any language) and carries no number; a data row
 * always carries numbers. Prose, prompts and `^C` start with neither, so they neither open nor
 * close a table.
 */
const isHeaderLike = (tokens: string[]): boolean => {
  const first = tokens[0] ?? '';
  const startsLikeTable = /^\d/.test(first) || /:$/.test(first) || first === '#';
  return (
    startsLikeTable && tokens.length >= 3 && tokens.every((t) => !Number.isFinite(toNumber(t)))
  );
};

/**
 * Walks a sysstat report. `anchor` looks at a header's tokens and returns the index of its
 * first column when the table is one the caller reads, or -1; rows under other tables are
 * skipped. Linear in the text.
 */
export const readSysstat = (
  text: string,
  anchor: (tokens: string[]) => number,
): { banner: SysstatBanner | null; rows: SysstatLine[] } => {
  let banner: SysstatBanner | null = null;
  const rows: SysstatLine[] = [];
  let columns: string[] | null = null;
  let headerPrefix = 0;
  for (const line of text.split(/\r?\n|\r/)) {
    const spans = tokenSpans(line);
    if (spans.length === 0) continue;
    const tokens = spans.map((s) => s.text);
    if (banner === null && tokens[0] === 'Linux') {
      banner = readSysstatBanner(line);
      if (banner) continue;
    }
    if (isHeaderLike(tokens)) {
      const at = anchor(tokens);
      columns = at >= 0 ? tokens.slice(at) : null;
      headerPrefix = Math.max(at, 0);
      continue;
    }
    if (columns) rows.push({ columns, headerPrefix, spans, line });
  }
  return { banner, rows };
};
