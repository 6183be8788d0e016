import { fields, lines, num } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * `ps` in its common shapes (procps-ng 3.3 on Amazon Linux 2, 4.0 on AL2023/Debian 12/Ubuntu,
 * busybox): `ps aux`, `ps -ef`, `ps -eLf`, `ps -eT`, `ps -el`, `ps -eo <columns>`,
 * `ps -o pid,rss,etimes,comm -p 1,2`. The header decides the columns; the command's `-o`
 * list, when there is one, says what each column is (procps prints `COMMAND` for both `comm`
 * and `args`) and lets a header-less listing (`--no-headers`, `pid=`) be read.
 *
 * Values with spaces (`args` last, a `comm` such as `C2 CompilerThre` in the middle, `lstart`)
 * are split by where the header's labels sit, and by each column's kind when a paste lost
 * its alignment.
 */

/** One line of the listing; only the columns the listing had are set. Memory in KiB. */
export interface ProcessRow {
  pid?: number;
  ppid?: number;
  /** The thread id in thread listings (`LWP`, `SPID`, `TID`). */
  tid?: number;
  user?: string;
  cpuPercent?: number;
  memPercent?: number;
  rssKiB?: number;
  vszKiB?: number;
  /** Age of the process (`etimes`, or `etime` `[[dd-]hh:]mm:ss` converted). */
  elapsedSeconds?: number;
  /** CPU time used (`TIME`, `[dd-]hh:mm:ss` or BSD `mmm:ss`). */
  cpuTimeSeconds?: number;
  threads?: number;
  /** `STAT`/`S`: `R`, `Sl`, `S<Ll`, `Z`… */
  state?: string;
  tty?: string;
  /** Start time as printed (`20:40`, `Nov22`, `Sat Nov 22 20:32:53 2026`). */
  started?: string;
  nice?: number;
  priority?: number;
  processor?: number;
  /** The executable's name (at most 15 characters). */
  comm?: string;
  /** The full command line (redacted on the host by the capture script). */
  args?: string;
  /** Columns with no field above, by header label (`WCHAN`, `C`, `SZ`, …). */
  other?: Record<string, string>;
  /**
   * When the row was sampled, from a `date` line above it or a date printed before it
   * (`Thu Jul 30 15:58:53 UTC 2020 root 5494 …`), as `YYYY-MM-DDTHH:MM:SSZ`. The zone is
   * dropped: only the distance between samples of one paste is meant to be read.
   */
  at?: string;
}

export type ProcessField = Exclude<keyof ProcessRow, 'other' | 'at'>;

export interface ProcessColumn {
  /** The header label as printed (`%CPU`, `ELAPSED`, `COMMAND`). */
  label: string;
  /** What the column was read as; null for columns kept in `other`. */
  field: ProcessField | null;
}

export interface ProcessTable {
  columns: ProcessColumn[];
  rows: ProcessRow[];
  /** True when rows are threads (`-L`, `-T`, a `tid`/`lwp`/`spid` column). */
  threads: boolean;
  /** Lines under the header that could not be read as a row (cut-off lines, prompts). */
  skippedLines: number;
  /**
   * True when the rows came without their header (`ps aux | grep java`): the command's
   * options or the rows' own shape named the columns. Such pastes are usually filtered.
   */
  headerless: boolean;
}

/** `-o` keywords (procps-ng) → fields. */
const KEYWORDS: Record<string, ProcessField> = {
  pid: 'pid',
  tgid: 'pid',
  ppid: 'ppid',
  lwp: 'tid',
  spid: 'tid',
  tid: 'tid',
  user: 'user',
  euser: 'user',
  ruser: 'user',
  uname: 'user',
  uid: 'user',
  euid: 'user',
  ruid: 'user',
  pcpu: 'cpuPercent',
  '%cpu': 'cpuPercent',
  pmem: 'memPercent',
  '%mem': 'memPercent',
  rss: 'rssKiB',
  rssize: 'rssKiB',
  rsz: 'rssKiB',
  vsz: 'vszKiB',
  vsize: 'vszKiB',
  etimes: 'elapsedSeconds',
  etime: 'elapsedSeconds',
  time: 'cpuTimeSeconds',
  cputime: 'cpuTimeSeconds',
  cputimes: 'cpuTimeSeconds',
  bsdtime: 'cpuTimeSeconds',
  nlwp: 'threads',
  thcount: 'threads',
  stat: 'state',
  state: 'state',
  s: 'state',
  tty: 'tty',
  tt: 'tty',
  tname: 'tty',
  start: 'started',
  lstart: 'started',
  stime: 'started',
  start_time: 'started',
  bsdstart: 'started',
  ni: 'nice',
  nice: 'nice',
  pri: 'priority',
  psr: 'processor',
  comm: 'comm',
  ucmd: 'comm',
  ucomm: 'comm',
  fname: 'comm',
  args: 'args',
  cmd: 'args',
  command: 'args',
};

/** Header labels procps, busybox and BSD-style listings print → fields. `CMD`/`COMMAND` are settled later. */
const LABELS: Record<string, ProcessField | null> = {
  PID: 'pid',
  TGID: 'pid',
  PPID: 'ppid',
  LWP: 'tid',
  SPID: 'tid',
  TID: 'tid',
  USER: 'user',
  UID: 'user',
  RUSER: 'user',
  EUSER: 'user',
  RUID: 'user',
  EUID: 'user',
  '%CPU': 'cpuPercent',
  '%MEM': 'memPercent',
  RSS: 'rssKiB',
  RSZ: 'rssKiB',
  VSZ: 'vszKiB',
  VSS: 'vszKiB',
  ELAPSED: 'elapsedSeconds',
  TIME: 'cpuTimeSeconds',
  NLWP: 'threads',
  THCNT: 'threads',
  STAT: 'state',
  S: 'state',
  TTY: 'tty',
  TT: 'tty',
  START: 'started',
  STARTED: 'started',
  STIME: 'started',
  NI: 'nice',
  PRI: 'priority',
  PSR: 'processor',
  COMMAND: 'args',
  CMD: 'args',
  C: null,
  F: null,
  SZ: null,
  ADDR: null,
  WCHAN: null,
  CLS: null,
  RTPRIO: null,
  VIRT: null,
};

const PID_LABELS = new Set(['PID', 'TGID', 'LWP', 'SPID', 'TID']);

/** How a column's values look: decides how many words a value can take. */
type Kind = 'number' | 'clock' | 'word' | 'name' | 'text' | 'start';

const kindOf = (field: ProcessField | null): Kind => {
  switch (field) {
    case 'pid':
    case 'ppid':
    case 'tid':
    case 'cpuPercent':
    case 'memPercent':
    case 'rssKiB':
    case 'vszKiB':
    case 'threads':
    case 'nice':
    case 'priority':
    case 'processor':
      return 'number';
    case 'elapsedSeconds':
    case 'cpuTimeSeconds':
      return 'clock';
    case 'comm':
      return 'name';
    case 'args':
      return 'text';
    case 'started':
      return 'start';
    default:
      return 'word';
  }
};

/**
 * `[[dd-]hh:]mm:ss` (etime, TIME) or plain seconds (etimes) → seconds; NaN otherwise.
 * BSD TIME prints minutes past 59 (`231:24`), which reads the same way.
 */
export const clockSeconds = (token: string): number => {
  const m = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(token);
  if (!m) return /^\d+$/.test(token) ? Number(token) : Number.NaN;
  const [, d = '0', h = '0', min = '0', s = '0'] = m;
  return Number(d) * 86_400 + Number(h) * 3600 + Number(min) * 60 + Number(s);
};

interface Word {
  text: string;
  start: number;
  end: number;
}

const wordsOf = (line: string): Word[] => {
  const out: Word[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
};

interface Column extends ProcessColumn {
  kind: Kind;
  /** Label position on the header line; null when there was no header. */
  start: number | null;
  end: number | null;
}

/** The fewest and most words a column of this kind takes (a `text` column: no most). */
const RANGE: Record<Kind, [number, number]> = {
  number: [1, 1],
  clock: [1, 1],
  word: [1, 1],
  name: [1, 8],
  start: [1, 5],
  text: [0, Number.POSITIVE_INFINITY],
};

/** Scratch space for `splitRow`, grown as rows need and reused across the rows of a listing. */
interface Scratch {
  reach: Uint8Array;
  best: Float64Array;
  choice: Int32Array;
}

const newScratch = (): Scratch => ({
  reach: new Uint8Array(0),
  best: new Float64Array(0),
  choice: new Int32Array(0),
});

/**
 * Splits a row's words among the columns: every column gets a number of words its kind
 * allows, numbers go to number columns, and among the splits that fit, the one whose words
 * sit under their labels wins (then the one with the shortest `comm`). A dynamic programme
 * over (column, word) cells, visiting only the cells the columns before can reach; a column
 * takes a bounded number of words, so a row costs time linear in its length.
 */
const splitRow = (columns: Column[], ws: Word[], scratch: Scratch): Word[][] | null => {
  const n = columns.length;
  const m = ws.length;
  const W = m + 1;
  const size = (n + 1) * W;
  if (scratch.reach.length < size) {
    scratch.reach = new Uint8Array(size * 2);
    scratch.best = new Float64Array(size * 2);
    scratch.choice = new Int32Array(size * 2);
  }
  const { reach, best, choice } = scratch;
  reach.fill(0, 0, size);
  best.fill(-1, 0, size);

  // What the columns from i on need, fewest and most words.
  const needMin: number[] = new Array(n + 1).fill(0);
  const needMax: number[] = new Array(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    const [min, max] = RANGE[(columns[i] as Column).kind];
    needMin[i] = min + (needMin[i + 1] as number);
    needMax[i] = max + (needMax[i + 1] as number);
  }
  /** The fewest words column i may take from word j on (the most is `hiOf`). */
  const loOf = (i: number, j: number, kind: Kind): number => {
    const left = m - j;
    if (i === n - 1) return left;
    return Math.max(kind === 'text' ? 1 : RANGE[kind][0], left - (needMax[i + 1] as number));
  };
  const hiOf = (i: number, j: number, kind: Kind, lo: number): number => {
    const left = m - j;
    if (i === n - 1) return kind === 'text' || (left >= 1 && left <= RANGE[kind][1]) ? left : -1;
    return Math.min(RANGE[kind][1], left - (needMin[i + 1] as number), lo + 63);
  };
  const allowed = (kind: Kind, k: number): boolean =>
    kind !== 'start' || k === 1 || k === 2 || k === 5;

  // Which words each column can start at, given the columns before it.
  reach[0] = 1;
  for (let i = 0; i < n; i++) {
    const kind = (columns[i] as Column).kind;
    for (let j = 0; j <= m; j++) {
      if (reach[i * W + j] === 0) continue;
      const lo = loOf(i, j, kind);
      const hi = hiOf(i, j, kind, lo);
      for (let k = lo; k <= hi; k++) if (allowed(kind, k)) reach[(i + 1) * W + j + k] = 1;
    }
  }
  if (reach[n * W + m] === 0) return null;

  // Whether word j reads as a number / a clock: 0 not asked yet, 1 yes, 2 no.
  const numeric = new Uint8Array(m);
  const clock = new Uint8Array(m);
  const isNumber = (j: number): boolean => {
    if (numeric[j] === 0) {
      const text = (ws[j] as Word).text;
      numeric[j] = text === '-' || Number.isFinite(num(text)) ? 1 : 2;
    }
    return numeric[j] === 1;
  };
  const isClock = (j: number): boolean => {
    if (clock[j] === 0) {
      const text = (ws[j] as Word).text;
      clock[j] = text === '-' || Number.isFinite(clockSeconds(text)) ? 1 : 2;
    }
    return clock[j] === 1;
  };

  best[n * W + m] = 0;
  for (let i = n - 1; i >= 0; i--) {
    const col = columns[i] as Column;
    const kind = col.kind;
    const nextIsText = columns[i + 1]?.kind === 'text';
    for (let j = m; j >= 0; j--) {
      if (reach[i * W + j] === 0) continue;
      const lo = loOf(i, j, kind);
      const hi = hiOf(i, j, kind, lo);
      let top = -1;
      let pick = 0;
      for (let k = lo; k <= hi; k++) {
        if (!allowed(kind, k)) continue;
        const after = best[(i + 1) * W + j + k] as number;
        if (after < 0) continue;
        if (kind === 'number' && !isNumber(j)) continue;
        if (kind === 'clock' && !isClock(j)) continue;
        const first = k > 0 ? ws[j] : undefined;
        const lastWord = k > 0 ? ws[j + k - 1] : undefined;
        // A `comm` is at most 15 characters (TASK_COMM_LEN).
        if (kind === 'name' && k > 1 && first && lastWord && lastWord.end - first.start > 15) {
          continue;
        }
        let score = after;
        if (col.start !== null && first && first.start === col.start) score += 2;
        if (col.end !== null && lastWord && lastWord.end === col.end) score += 2;
        // Without alignment, `comm` then `args`: args usually starts with a path or comm itself.
        const next = ws[j + k];
        if (kind === 'name' && nextIsText && first && next) {
          const slash = next.text.lastIndexOf('/');
          const base = slash < 0 ? next.text : next.text.slice(slash + 1);
          if (next.text[0] === '/' || next.text[0] === '[' || base.startsWith(first.text)) {
            score += 1;
          }
        }
        if (score > top) {
          top = score;
          pick = k;
        }
      }
      best[i * W + j] = top;
      choice[i * W + j] = pick;
    }
  }
  if ((best[0] as number) < 0) return null;
  const out: Word[][] = [];
  let j = 0;
  for (let i = 0; i < n; i++) {
    const k = choice[i * W + j] as number;
    out.push(ws.slice(j, j + k));
    j += k;
  }
  return out;
};

const setField = (row: ProcessRow, col: Column, value: string, line: string, ws: Word[]): void => {
  if (col.field === null) {
    row.other = { ...row.other, [col.label]: value };
    return;
  }
  if (value === '-' && col.kind !== 'text') return;
  switch (col.kind) {
    case 'number': {
      const v = num(value);
      if (Number.isFinite(v)) (row as Record<string, unknown>)[col.field] = v;
      return;
    }
    case 'clock': {
      const v = clockSeconds(value);
      if (Number.isFinite(v)) (row as Record<string, unknown>)[col.field] = v;
      return;
    }
    default: {
      // Keep the command line's own spacing: take the text from the line, not the words.
      const first = ws[0];
      const last = ws[ws.length - 1];
      const text = first && last ? line.slice(first.start, last.end) : value;
      (row as Record<string, unknown>)[col.field] = text;
    }
  }
};

interface PsOptions {
  /** `-o`/`o`/`--format` keywords with their custom headers (`comm=NAME`). */
  format: { keyword: string; header: string | null }[] | null;
  /** `-f`/`-F`: full listing (`CMD` is the command line). */
  full: boolean;
  /** UNIX-style options (`-e`) rather than BSD (`aux`): a lone `CMD` is `comm`. */
  unix: boolean;
  threads: boolean;
  noHeaders: boolean;
  /** The BSD (`aux`) and UNIX (`-ef`) option letters, option arguments left out. */
  bsdFlags: string;
  unixFlags: string;
}

const psOptions = (command: string | null): PsOptions | null => {
  if (command === null) return null;
  const words: string[] = [];
  // The pipeline's first command only, also when the pipe has no spaces (`ps aux|grep x`).
  const first = /^(?:[^|;&'"]|'[^']*'|"[^"]*"|&(?!&))*/.exec(command)?.[0] ?? command;
  for (const w of fields(first)) {
    if (/^(?:\||\|\||&&|;)$/.test(w) || /^\d*[<>]/.test(w)) break;
    words.push(w.replace(/^(['"])(.*)\1$/, '$2'));
  }
  if (!/^(?:.*\/)?ps$/.test(words[0] ?? '')) return null;
  const opts: PsOptions = {
    format: null,
    full: false,
    unix: false,
    threads: false,
    noHeaders: false,
    bsdFlags: '',
    unixFlags: '',
  };
  const addFormat = (list: string): void => {
    opts.format ??= [];
    for (const item of list.split(/[,\s]+/)) {
      if (item === '') continue;
      // `user:20=Owner`: a keyword, an optional width, an optional header.
      const eq = item.indexOf('=');
      const spec = (eq < 0 ? item : item.slice(0, eq)).toLowerCase().replace(/:\d+$/, '');
      opts.format.push({ keyword: spec, header: eq < 0 ? null : item.slice(eq + 1) });
    }
  };
  for (let i = 1; i < words.length; i++) {
    // procps reads `ps -aux` as `ps aux` (a user named `x` aside): people type it so.
    const w = (words[i] ?? '').replace(/^-(?=[afwx]*u[afwx]*$)(?=.*x)/, '');
    if (w.startsWith('--')) {
      const [name = '', inline] = w.split(/=(.*)/s);
      if (name === '--format' || name === '-o') addFormat(inline ?? words[++i] ?? '');
      else if (name === '--no-headers' || name === '--no-heading') opts.noHeaders = true;
      else if (
        inline === undefined &&
        /^--(?:sort|pid|ppid|user|group|cols|columns|width|rows)$/.test(name)
      )
        i++;
      continue;
    }
    const unix = w.startsWith('-');
    const flags = unix ? w.slice(1) : w;
    if (unix) opts.unix = true;
    for (let j = 0; j < flags.length; j++) {
      const f = flags[j] ?? '';
      if (unix) opts.unixFlags += f;
      else opts.bsdFlags += f;
      if (f === 'o' || f === 'O') {
        // `O` prepends a default set whose header still names the columns.
        const list = j + 1 < flags.length ? flags.slice(j + 1) : (words[++i] ?? '');
        if (f === 'o') addFormat(list);
        break;
      }
      if ('pCuUgGtq'.includes(f) && unix) {
        if (j + 1 === flags.length) i++;
        break;
      }
      if (f === 'f' || f === 'F') opts.full = true;
      if (f === 'L' || f === 'T' || (f === 'H' && !unix) || f === 'm') opts.threads = true;
      if (f === 'h' && !unix) opts.noHeaders = true;
    }
  }
  return opts;
};

/** The header a listing has: its words, mostly known labels, one of them a PID. */
const isHeader = (ws: Word[]): boolean => {
  if (ws.length < 2) return false;
  let known = 0;
  let pid = false;
  for (const w of ws) {
    if (w.text in LABELS) known++;
    if (PID_LABELS.has(w.text)) pid = true;
  }
  return pid && known * 10 >= ws.length * 6;
};

const columnsFromHeader = (ws: Word[], opts: PsOptions | null): Column[] => {
  const format = opts?.format;
  if (format && format.length === ws.length) {
    return ws.map((w, i) => {
      const field = KEYWORDS[format[i]?.keyword ?? ''] ?? null;
      return { label: w.text, field, kind: kindOf(field), start: w.start, end: w.end };
    });
  }
  const labels = ws.map((w) => w.text);
  const commands = labels.filter((l) => l === 'COMMAND' || l === 'CMD').length;
  // `CMD` is the command line only in full listings (`-f`, `-F`: they have STIME); `ps -e`,
  // `-eT`, `-l` print the name there.
  const full = opts?.full === true || labels.includes('STIME');
  let seenCommand = 0;
  return ws.map((w) => {
    let field = LABELS[w.text] ?? null;
    if (w.text === 'COMMAND' || w.text === 'CMD') {
      seenCommand++;
      if (commands > 1) field = seenCommand < commands ? 'comm' : 'args';
      else if (w.text === 'CMD' && !full) field = 'comm';
    }
    return { label: w.text, field, kind: kindOf(field), start: w.start, end: w.end };
  });
};

const columnsFromFormat = (opts: PsOptions): Column[] =>
  (opts.format ?? []).map((f) => {
    const field = KEYWORDS[f.keyword] ?? null;
    return {
      label: f.header || f.keyword.toUpperCase(),
      field,
      kind: kindOf(field),
      start: null,
      end: null,
    };
  });

/**
 * The columns procps prints for an option set, for rows pasted without their header
 * (`ps aux | grep java`). Only layouts the options fix: BSD `u` (user format) and `ax`,
 * UNIX `-f`/`-Lf` and plain `-e`; `l`, `j`, `v`, `-l`, `-F`, `-j` and mixed sets return null.
 */
const defaultLabels = (opts: PsOptions): string[] | null => {
  const { bsdFlags: bsd, unixFlags: unix } = opts;
  if (bsd !== '' && unix !== '') return null;
  if (unix === '') {
    if (/[jlvsXZm]/.test(bsd)) return null;
    if (bsd.includes('u')) return BSD_USER;
    return ['PID', 'TTY', 'STAT', 'TIME', 'COMMAND'];
  }
  if (/[lFjOyMZcPT]/.test(unix)) return null;
  if (unix.includes('f')) return unix.includes('L') ? UNIX_FULL_THREADS : UNIX_FULL;
  return unix.includes('L') ? ['PID', 'LWP', 'TTY', 'TIME', 'CMD'] : ['PID', 'TTY', 'TIME', 'CMD'];
};

/** `ps aux`'s header (procps, busybox with `-o` aside, BSD). */
const BSD_USER = [
  'USER',
  'PID',
  '%CPU',
  '%MEM',
  'VSZ',
  'RSS',
  'TTY',
  'STAT',
  'START',
  'TIME',
  'COMMAND',
];
/** `ps -ef`'s and `ps -eLf`'s headers. */
const UNIX_FULL = ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'];
const UNIX_FULL_THREADS = ['UID', 'PID', 'PPID', 'LWP', 'C', 'NLWP', 'STIME', 'TTY', 'TIME', 'CMD'];

/**
 * One `ps aux` row, header-less: user, pid, two percentages, VSZ and RSS, tty, a process
 * state, start, CPU time, then the command. Eleven typed columns in this order is
 * what lets rows with no command and no header be read as `aux`.
 */
const AUX_ROW =
  /^[\w.+-]+ +\d+ +\d+(?:\.\d+)? +\d+(?:\.\d+)? +\d+ +\d+ +\S+ +[DIRSTtWXZ][<NLsl+]* +\S+ +(?:\d+-)?\d+:\d\d(?::\d\d)? +\S/;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/**
 * `date`'s line (`Mon Oct  5 10:00:01 UTC 2020`, C locale) or an ISO stamp, alone on its line
 * or before a row: it times the rows that follow.
 */
const DATE_STAMP =
  /^ *(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\d{1,2}) +(\d{1,2}:\d{2}:\d{2})(?: +[A-Z]{1,5}(?:[+-]\d{1,4})?)? +(\d{4})|(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}))(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?(?= |$)/;

/** The stamp at the start of a line as `YYYY-MM-DDTHH:MM:SSZ`, and where it ends; null if none. */
const dateStamp = (line: string): { at: string; end: number } | null => {
  const m = DATE_STAMP.exec(line);
  if (!m) return null;
  const [whole, month, day, clock, year, isoDay, isoClock] = m;
  const date =
    isoDay ??
    `${year}-${String(MONTHS.indexOf(month ?? '') + 1).padStart(2, '0')}-${(day ?? '').padStart(2, '0')}`;
  const time = (isoClock ?? clock ?? '').padStart(8, '0');
  return { at: `${date}T${time}Z`, end: whole.length };
};

/** `ps f`'s tree drawing before a command (`|   \_ sshd: …`): not part of the command line. */
const FOREST = /^(?:(?:\||\\_) +)+(?=\S)/;

/**
 * Without a command, a lone `COMMAND` is ambiguous: `ps aux` prints the command line there,
 * `ps -o pid,rss,comm` the name. Short listings (no USER/STAT/TTY) whose every value fits
 * a name (15 characters, no path, no `[kthread]`) are read as names.
 */
const settleLoneCommand = (columns: Column[], rows: ProcessRow[]): void => {
  const commands = columns.filter((c) => c.label === 'COMMAND');
  const lone = commands[0];
  if (commands.length !== 1 || !lone || lone.field !== 'args') return;
  if (columns.some((c) => c.label === 'USER' || c.label === 'STAT' || c.label === 'TTY')) return;
  const names = rows.every((r) => r.args === undefined || /^[^/[].{0,14}$/.test(r.args));
  if (!names) return;
  lone.field = 'comm';
  for (const r of rows) {
    if (r.args === undefined) continue;
    r.comm = r.args;
    delete r.args;
  }
};

/**
 * The PID header line of a listing (`USER  PID %CPU`, `UID  PID  PPID`, `  PID TTY`), but not
 * top's (`PID USER PR NI VIRT RES SHR S %CPU %MEM TIME+ COMMAND`).
 */
const BANNER =
  /^(?!.*\b(?:VIRT|SHR)\b)(?!.*TIME\+) *(?:[A-Z%]+ +){0,4}(?:PID|TGID)(?: +[A-Z%]+)+ *$/;

/** A header-less `ps aux` row, after a date stamp or not: the text's own banner. */
const ROW_BANNER = new RegExp(`^(?:${DATE_STAMP.source.slice(1)} +)?${AUX_ROW.source.slice(1)}`);

const columnsFromLabels = (labels: string[], opts: PsOptions | null): Column[] =>
  columnsFromHeader(
    labels.map((text) => ({ text, start: 0, end: 0 })),
    opts,
  ).map((c) => ({ ...c, start: null, end: null }));

/**
 * Rows with neither header nor command are read as `ps aux` only when most of them have its
 * eleven typed columns, the first one included.
 */
const looksAux = (all: string[]): boolean => {
  const rows = all
    .map((l) => {
      const stamp = dateStamp(l);
      return (stamp ? l.slice(stamp.end) : l).trim();
    })
    .filter((l) => l !== '');
  const aux = rows.filter((l) => AUX_ROW.test(l)).length;
  return rows.length > 0 && AUX_ROW.test(rows[0] ?? '') && aux * 2 > rows.length;
};

export const psParser: ToolParser<ProcessTable> = {
  tool: 'ps',
  matchCommand: (command) => psOptions(command) !== null,
  banner: new RegExp(`${BANNER.source}|${ROW_BANNER.source}`),
  parse(text, command) {
    const opts = psOptions(command);
    const all = lines(text);
    let columns: Column[] | null = null;
    let from = 0;
    // `--no-headers` with an `-o` list: the list names the columns.
    if (opts?.noHeaders && opts.format) columns = columnsFromFormat(opts);
    for (let i = 0; i < all.length && columns === null; i++) {
      const ws = wordsOf((all[i] ?? '').replace(/\t/g, ' '));
      if (
        isHeader(ws) ||
        (opts?.format?.some((f) => f.header) &&
          ws.length === opts.format.length &&
          ws.every((w) => !Number.isFinite(num(w.text))))
      ) {
        columns = columnsFromHeader(ws, opts);
        from = i + 1;
        break;
      }
    }
    if (!columns && opts?.format && opts.format.length > 0) columns = columnsFromFormat(opts);
    // Rows pasted without their header (`ps aux | grep java`): the options fix the layout,
    // or with no command, the rows' own `aux` shape does.
    if (!columns && opts && !opts.format) {
      const labels = defaultLabels(opts);
      if (labels) columns = columnsFromLabels(labels, opts);
    }
    if (!columns && opts === null && looksAux(all)) columns = columnsFromLabels(BSD_USER, null);
    if (!columns) return fail('no ps header (`PID …`) found');
    const headerless = from === 0 && !opts?.format;

    const rows: ProcessRow[] = [];
    const scratch = newScratch();
    let skippedLines = 0;
    const pidAt = columns.findIndex((c) => c.field === 'pid' || c.field === 'tid');
    const labels = columns.map((c) => c.label).join(' ');
    // The date line just above the header times the first sample.
    let at: string | undefined;
    for (let i = from - 2; i >= 0 && i >= from - 3; i--) {
      const stamp = dateStamp(all[i] ?? '');
      if (stamp && (all[i] ?? '').slice(stamp.end).trim() === '') {
        at = stamp.at;
        break;
      }
    }
    let dated = at !== undefined;
    for (let i = from; i < all.length; i++) {
      let line = (all[i] ?? '').replace(/\t/g, ' ');
      const stamp = dateStamp(line);
      if (stamp) {
        at = stamp.at;
        dated = true;
        // Blank the stamp out rather than cut it: the row's words keep their positions.
        line = ' '.repeat(stamp.end) + line.slice(stamp.end);
      }
      const ws = wordsOf(line);
      if (ws.length === 0) continue;
      // A second header (a repeated `ps`) ends this listing, unless dates make the
      // listings samples of one series (`date; ps aux` in a loop).
      if (i > from && !/\d/.test(ws[0]?.text ?? '') && isHeader(ws)) {
        if (dated && ws.map((w) => w.text).join(' ') === labels) continue;
        break;
      }
      const split = splitRow(columns, ws, scratch);
      if (!split || (pidAt >= 0 && !Number.isInteger(num(split[pidAt]?.[0]?.text)))) {
        skippedLines++;
        continue;
      }
      const row: ProcessRow = {};
      columns.forEach((col, c) => {
        const taken = split[c] ?? [];
        if (taken.length > 0) setField(row, col, taken.map((w) => w.text).join(' '), line, taken);
      });
      if (row.args !== undefined) row.args = row.args.replace(FOREST, '');
      if (at !== undefined) row.at = at;
      rows.push(row);
    }
    if (rows.length === 0) return fail('ps header found but no process rows under it');
    if (opts === null) settleLoneCommand(columns, rows);
    return ok({
      columns: columns.map(({ label, field }) => ({ label, field })),
      rows,
      threads: opts?.threads === true || columns.some((c) => c.field === 'tid'),
      skippedLines,
      headerless,
    });
  },
  summarize(d) {
    const byCpu = d.rows
      .filter((r) => r.cpuPercent !== undefined)
      .sort((a, b) => (b.cpuPercent ?? 0) - (a.cpuPercent ?? 0))[0];
    const top = byCpu
      ? `; top %CPU ${byCpu.cpuPercent} ${byCpu.comm ?? byCpu.args ?? byCpu.pid}`
      : '';
    return `${d.rows.length} ${d.threads ? 'threads' : 'processes'}, ${d.columns.length} columns${top}`;
  },
};
