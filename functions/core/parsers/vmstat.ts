import { toNumber } from './sysstat.js';
import { fields, lines } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * `vmstat [delay [count]]` (plain, `-w`, `-t`, `-a`, `-S unit`) and `vmstat -s`; pasted from the column
 * row without the banner, wrapped by a terminal, or as ExaWatcher/OSWatcher record it (a clock column,
 * `zzz ***` sample lines). Memory figures are converted to KiB whatever `-S` asked for.
 */
export interface VmstatOutput {
  /** The rows, in order. Empty for `vmstat -s`. */
  samples: VmstatSample[];
  /**
   * `vmstat -s` as `name → value`, names as printed (`total memory`, `non-nice user cpu ticks`,
   * `forks`); amounts printed with a unit (`K`, `M`) are in KiB. Null for the table form.
   */
  stats: Record<string, number> | null;
  /** The time zone heading the `-t` timestamp column (`UTC`), when present. */
  timezone: string | null;
}

/**
 * One vmstat row. The **first row after a header that starts a run is the average since boot**
 * (`sinceBoot: true`), not the last interval; only the rows after it describe the present.
 */
export interface VmstatSample {
  sinceBoot: boolean;
  /** `r`: runnable tasks (running or waiting for a CPU). */
  runQueue: number;
  /** `b`: tasks in uninterruptible sleep (mostly waiting for I/O). */
  blocked: number;
  /** `swpd`. */
  swapUsedKiB: number;
  freeKiB: number;
  /** `buff`, absent with `-a`. */
  buffersKiB?: number;
  /** `cache`, absent with `-a`. */
  cacheKiB?: number;
  /** `inact`, with `-a`. */
  inactiveKiB?: number;
  /** `active`, with `-a`. */
  activeKiB?: number;
  /** `si`. */
  swapInKiBPerSec: number;
  /** `so`. */
  swapOutKiBPerSec: number;
  /** `bi`: blocks (1 KiB) read per second. */
  blocksInPerSec: number;
  /** `bo`. */
  blocksOutPerSec: number;
  /** `in`. */
  interruptsPerSec: number;
  /** `cs`. */
  contextSwitchesPerSec: number;
  /** CPU time in percent, 0–100. */
  us: number;
  sy: number;
  id: number;
  wa: number;
  /** Absent in vmstat builds that predate steal time. */
  st?: number;
  /** procps ≥ 4.0.1 on kernels with guest time. */
  gu?: number;
  /** `-t`: `2026-11-22 20:39:34` as printed. */
  timestamp?: string;
}

type Key = Exclude<keyof VmstatSample, 'sinceBoot' | 'timestamp'>;

const COLUMNS: Record<string, { key: Key; memory: boolean }> = {
  r: { key: 'runQueue', memory: false },
  b: { key: 'blocked', memory: false },
  swpd: { key: 'swapUsedKiB', memory: true },
  free: { key: 'freeKiB', memory: true },
  buff: { key: 'buffersKiB', memory: true },
  cache: { key: 'cacheKiB', memory: true },
  inact: { key: 'inactiveKiB', memory: true },
  active: { key: 'activeKiB', memory: true },
  si: { key: 'swapInKiBPerSec', memory: true },
  so: { key: 'swapOutKiBPerSec', memory: true },
  bi: { key: 'blocksInPerSec', memory: false },
  bo: { key: 'blocksOutPerSec', memory: false },
  in: { key: 'interruptsPerSec', memory: false },
  cs: { key: 'contextSwitchesPerSec', memory: false },
  us: { key: 'us', memory: false },
  sy: { key: 'sy', memory: false },
  id: { key: 'id', memory: false },
  wa: { key: 'wa', memory: false },
  st: { key: 'st', memory: false },
  gu: { key: 'gu', memory: false },
};

const REQUIRED: Key[] = [
  'runQueue',
  'blocked',
  'swapUsedKiB',
  'freeKiB',
  'swapInKiBPerSec',
  'swapOutKiBPerSec',
  'blocksInPerSec',
  'blocksOutPerSec',
  'interruptsPerSec',
  'contextSwitchesPerSec',
  'us',
  'sy',
  'id',
  'wa',
];

/** KiB per unit of `-S`: k = 1000 B, K = 1024 B, m = 10^6 B, M = 2^20 B. */
const KIB_PER_UNIT: Record<string, number> = { k: 1000 / 1024, K: 1, m: 1e6 / 1024, M: 1024 };

const unitFromCommand = (command: string | null): string => {
  const m = /(?:^|\s)(?:-[A-Za-z]*S\s*|--unit[= ]\s*)([kKmM])\b/.exec(command ?? '');
  return m?.[1] ?? 'K';
};

/** `procs ---memory---`, and ExaWatcher's `--time-- procs ---memory---`. */
const BANNER = /^\s*(?:-+time-+\s+)?-*procs-*\s+-+memory-*/;
/** The column row, where a paste that lost the banner line (or an OSWatcher sample) starts. */
const COLUMN_ROW = /^\s*r\s+b\s+swpd\s+free\s/;
/** ExaWatcher puts the sample's clock time before `r`. */
const CLOCK = /^\d{1,2}:\d{2}:\d{2}$/;

const readStats = (text: string): Record<string, number> | null => {
  const stats: Record<string, number> = {};
  let count = 0;
  for (const line of lines(text)) {
    const m = /^(\d{1,20})\s+(?:([KkMm])\s+)?([A-Za-z][\w /-]*)$/.exec(line.trim());
    if (!m) continue;
    const value = Number(m[1]) * (m[2] ? (KIB_PER_UNIT[m[2]] ?? 1) : 1);
    stats[(m[3] ?? '').trim()] = Math.round(value);
    count++;
  }
  return count >= 3 ? stats : null;
};

export const vmstatParser: ToolParser<VmstatOutput> = {
  tool: 'vmstat',
  matchCommand: (command) => /^vmstat(\s|$)/.test(command),
  banner: new RegExp(`${BANNER.source}|${COLUMN_ROW.source}`),
  parse(text, command) {
    const scale = KIB_PER_UNIT[unitFromCommand(command)] ?? 1;
    const samples: VmstatSample[] = [];
    let columns: string[] | null = null;
    let timezone: string | null = null;
    let lastLineWasRow = false;
    let nextSinceBoot = true;
    for (const line of unwrap(lines(text))) {
      if (BANNER.test(line)) continue;
      const tokens = fields(line);
      if (tokens.includes('r') && tokens.includes('b') && tokens.includes('free')) {
        const known = tokens.filter((t) => t in COLUMNS);
        columns = known;
        timezone = tokens.length > known.length ? tokens.slice(known.length).join(' ') : null;
        // vmstat repeats its header every screenful, right after a row: that is not a new run.
        nextSinceBoot = !lastLineWasRow;
        continue;
      }
      const row = columns ? readRow(tokens, columns, scale) : null;
      lastLineWasRow = row !== null;
      if (!row) continue;
      row.sinceBoot = nextSinceBoot;
      nextSinceBoot = false;
      samples.push(row);
    }
    if (samples.length > 0) return ok({ samples, stats: null, timezone });
    const stats = readStats(text);
    if (stats) return ok({ samples: [], stats, timezone: null });
    return fail(
      columns
        ? 'vmstat header found but no complete row under it'
        : 'no "procs ---memory---" table or "vmstat -s" list found',
    );
  },
  summarize(d) {
    if (d.stats) return `${Object.keys(d.stats).length} counters (vmstat -s)`;
    const last = d.samples.at(-1);
    if (!last) return 'no samples';
    const live = d.samples.filter((s) => !s.sinceBoot).length;
    const st = last.st === undefined ? '' : ` st ${last.st}`;
    return `${d.samples.length} samples (${live} live); last: r ${last.runQueue} b ${last.blocked}, us ${last.us} sy ${last.sy} id ${last.id} wa ${last.wa}${st}, cs ${last.contextSwitchesPerSec}/s`;
  },
};

/**
 * Joins the rows a terminal wrapped: a line as long as the longest one that is not whole by itself
 * (a column row without `wa`, a row with fewer figures than the column row names) goes on in the next
 * line, cut at that width, mid-number if need be.
 */
function unwrap(all: string[]): string[] {
  const width = Math.max(0, ...all.map((l) => l.length));
  if (width < 40) return all;
  const out: string[] = [];
  let expected = 0; // figures the last column row names
  for (let i = 0; i < all.length; i++) {
    let line = all[i] ?? '';
    // A wide row on a narrow terminal takes a few lines; more joins would only cost time.
    for (let joins = 0; joins < 6 && i + 1 < all.length; joins++) {
      if (line.length === 0 || line.length % width !== 0 || whole(line, expected)) break;
      line += all[++i] ?? '';
    }
    const tokens = fields(line);
    if (tokens.includes('r') && tokens.includes('free')) {
      expected = tokens.filter((t) => t in COLUMNS).length;
    }
    out.push(line);
  }
  return out;
}

function whole(line: string, expected: number): boolean {
  const tokens = fields(line);
  if (BANNER.test(line)) return /-+cpu-+/.test(line);
  if (tokens.includes('r') && tokens.includes('free')) return tokens.includes('wa');
  if (!tokens.every((t) => /^[\d:-]+$/.test(t))) return true;
  return expected === 0 || tokens.length >= expected;
}

/**
 * The first `columns.length` tokens are the figures; anything after them is the `-t` timestamp.
 * ExaWatcher's clock time may come first.
 */
function readRow(tokens: string[], columns: string[], scale: number): VmstatSample | null {
  let clock: string | undefined;
  if (CLOCK.test(tokens[0] ?? '') && tokens.length > columns.length) {
    clock = tokens[0];
    tokens = tokens.slice(1);
  }
  if (tokens.length < columns.length) return null;
  const values: Partial<Record<Key, number>> = {};
  for (let i = 0; i < columns.length; i++) {
    const column = COLUMNS[columns[i] ?? ''];
    const value = toNumber(tokens[i]);
    if (!column || !Number.isInteger(value) || value < 0) return null;
    values[column.key] = column.memory ? Math.round(value * scale) : value;
  }
  if (REQUIRED.some((key) => values[key] === undefined)) return null;
  const sample = { sinceBoot: false, ...values } as VmstatSample;
  if (tokens.length > columns.length) sample.timestamp = tokens.slice(columns.length).join(' ');
  else if (clock) sample.timestamp = clock;
  return sample;
}
