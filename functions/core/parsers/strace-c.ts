import { lines, num } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * `strace -c` (and `-C`, `-w`, `-U …`): the per-syscall summary table strace prints when it
 * detaches. Layouts read:
 * - strace 4.x–5.5: `% time  seconds  usecs/call  calls  errors syscall`, with an empty
 *   `usecs/call` cell in the `total` row;
 * - strace 5.6+: the same, the total's `usecs/call` filled in; `-U` chooses and orders the
 *   columns (name first, `shortest`, `longest`); 7.1+ adds `wall-total`/`wall-min`/…;
 * - one table per personality, the later ones titled `System call usage summary for 32 bit
 *   mode:`. With `-f` strace keeps one aggregate table for all traced processes.
 * The `errors` cell is blank when a syscall never failed. Pastes whose line breaks were lost
 * (a whole table on one line) are read too: in the usual layout a row ends at its name.
 */

/** One row of the table. Times in seconds; fields strace was told not to print are absent. */
export interface SyscallSummaryRow {
  syscall: string;
  calls: number;
  /** 0 when the cell is blank (strace prints nothing for no errors). */
  errors: number;
  percentTime?: number;
  /** System CPU time in the syscall, or wall time with `-w` (see `timeBasis`). */
  seconds?: number;
  usecsPerCall?: number;
  minSeconds?: number;
  maxSeconds?: number;
  wallSeconds?: number;
  wallMinSeconds?: number;
  wallMaxSeconds?: number;
  wallUsecsPerCall?: number;
}

/** One table: strace prints one per personality (`64 bit`, then `32 bit`, `x32`). */
export interface SyscallSummaryTable {
  /** `null` for the first (native) table, else the mode named above it (`32 bit`). */
  mode: string | null;
  rows: SyscallSummaryRow[];
  /** The `total` row as printed, or null when the paste was cut off before it. */
  total: SyscallSummaryRow | null;
}

export interface SyscallSummary {
  /** Rows of the first table, in strace's order (by time unless `-S` said otherwise). */
  rows: SyscallSummaryRow[];
  total: SyscallSummaryRow | null;
  /** Every table, the first included. */
  tables: SyscallSummaryTable[];
  /** `wall` when the command had `-w`: `seconds` is then time inside calls, not CPU time. */
  timeBasis: 'system' | 'wall';
  /** PIDs given to `-p` in the command. */
  pids: number[];
  /** PIDs named by `strace: Process N attached` lines, when they were kept. */
  attachedPids: number[];
}

/** What a strace command line says about the output's layout. */
export interface StraceOptions {
  /** `-c`/`-C`/`--summary-only`/`--summary`: the output has a summary table. */
  summary: boolean;
  /** `-C`/`--summary`: the trace is printed as well as the summary. */
  traceToo: boolean;
  wallClock: boolean;
  followForks: boolean;
  pids: number[];
}

/** Short options that take a value (`-p 2872` or `-p2872`), strace 4.x–6.x. */
const SHORT_WITH_VALUE = new Set('abeEIoOpPsSuUX');
/** Long options that may take their value as the next word. */
const LONG_WITH_VALUE = new Set([
  '--attach',
  '--output',
  '--trace',
  '--signal',
  '--summary-columns',
  '--summary-sort-by',
  '--summary-syscall-overhead',
  '--string-limit',
  '--columns',
  '--env',
  '--user',
  '--trace-path',
  '--const-print-style',
  '--interruptible',
]);

const addPids = (value: string, into: number[]): void => {
  for (const part of value.split(/[\s,]+/)) {
    const pid = num(part);
    if (Number.isInteger(pid) && pid > 0) into.push(pid);
  }
};

/**
 * The words of a command as a shell splits them (quotes kept together, `"2872 2873"` is one
 * word), up to the first pipe, redirection or command separator.
 */
export const commandWords = (command: string): string[] => {
  const words: string[] = [];
  let word = '';
  let quote: string | null = null;
  let started = false;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i] as string;
    if (quote !== null) {
      if (ch === quote) quote = null;
      else word += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else if (ch === '|' || ch === ';' || ch === '&' || ch === '<' || ch === '>') {
      // `2>&1`: drop the descriptor number that belongs to the redirection.
      if (started && !(/^\d+$/.test(word) && (ch === '>' || ch === '<'))) words.push(word);
      return words;
    } else {
      word += ch;
      started = true;
    }
  }
  if (started) words.push(word);
  return words;
};

/**
 * Reads strace's options from a command (`strace -cf -p 2872`, `strace -c -w -p 1,2`,
 * `strace --summary-only --attach=2872`). Stops at the traced program's name. Returns null
 * when the command does not run strace.
 */
export const straceOptions = (command: string): StraceOptions | null => {
  const words = commandWords(command);
  if (!/^(?:.*\/)?strace$/.test(words[0] ?? '')) return null;
  const options: StraceOptions = {
    summary: false,
    traceToo: false,
    wallClock: false,
    followForks: false,
    pids: [],
  };
  for (let i = 1; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '--') break;
    if (word.startsWith('--')) {
      const [name = '', inline] = word.split(/=(.*)/s);
      const value = inline ?? (LONG_WITH_VALUE.has(name) ? words[++i] : undefined);
      if (name === '--summary-only') options.summary = true;
      if (name === '--summary') options.summary = options.traceToo = true;
      if (name === '--summary-wall-clock') options.wallClock = true;
      if (name === '--follow-forks') options.followForks = true;
      if (name === '--attach' && value !== undefined) addPids(value, options.pids);
      continue;
    }
    if (!word.startsWith('-') || word === '-') break; // the traced program starts here
    for (let j = 1; j < word.length; j++) {
      const flag = word[j] ?? '';
      if (SHORT_WITH_VALUE.has(flag)) {
        const value = j + 1 < word.length ? word.slice(j + 1) : words[++i];
        if (flag === 'p' && value !== undefined) addPids(value, options.pids);
        break;
      }
      if (flag === 'c') options.summary = true;
      if (flag === 'C') options.summary = options.traceToo = true;
      if (flag === 'w') options.wallClock = true;
      if (flag === 'f') options.followForks = true;
    }
  }
  return options;
};

type ColumnKey = keyof Omit<SyscallSummaryRow, 'syscall'> | 'syscall';

/** Column labels as strace prints them (`% time` is read as one word). */
const LABELS: Record<string, ColumnKey> = {
  '%time': 'percentTime',
  seconds: 'seconds',
  'usecs/call': 'usecsPerCall',
  calls: 'calls',
  errors: 'errors',
  syscall: 'syscall',
  shortest: 'minSeconds',
  longest: 'maxSeconds',
  'wall-total': 'wallSeconds',
  'wall-min': 'wallMinSeconds',
  'wall-max': 'wallMaxSeconds',
  'wall-avg': 'wallUsecsPerCall',
};

/** A word with the column it ends at, so aligned rows can be matched against the header. */
interface Word {
  text: string;
  end: number;
}

const words = (line: string): Word[] => {
  const out: Word[] = [];
  // `% time` is one label; joining it keeps "one word, one column".
  const re = /%\s?time|\S+/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    out.push({ text: m[0].replace(/\s/, ''), end: m.index + m[0].length });
  }
  return out;
};

interface Header {
  columns: { key: ColumnKey; end: number }[];
  /** Where the table's own words start on the header's line (a collapsed paste continues). */
  rest: Word[];
}

/** Finds the header in a line: a run of known labels that includes `syscall`. */
const findHeader = (line: string): Header | null => {
  if (!line.includes('syscall')) return null;
  const ws = words(line);
  for (let i = 0; i < ws.length; i++) {
    let j = i;
    while (j < ws.length && LABELS[ws[j]?.text ?? ''] !== undefined) j++;
    const run = ws.slice(i, j);
    if (run.length >= 2 && run.some((w) => w.text === 'syscall')) {
      const keys = run.map((w) => LABELS[w.text] as ColumnKey);
      if (new Set(keys).size !== keys.length) return null;
      return {
        columns: run.map((w, k) => ({ key: keys[k] as ColumnKey, end: w.end })),
        rest: ws.slice(j),
      };
    }
    i = j;
  }
  return null;
};

/**
 * A number as strace printed it. Under a locale with decimal commas (`66,75`, `0,003708`) the
 * time columns carry a comma followed by 2 or 6 digits, which no thousands grouping has.
 */
const value = (text: string): number =>
  /^\d+,(?:\d{2}|\d{6})$/.test(text) ? Number(text.replace(',', '.')) : num(text);

const isRule = (text: string): boolean => /^-+$/.test(text);
const isName = (text: string): boolean => /^[A-Za-z_?][\w?():.-]*$/.test(text) && !isRule(text);
const isNumber = (text: string): boolean => Number.isFinite(value(text));

/** Columns that strace leaves blank: `errors` always when 0, `usecs/call` in old total rows. */
const BLANKABLE: ColumnKey[] = ['errors', 'usecsPerCall'];

/**
 * Assigns a row's numbers to the header's numeric columns. When cells are blank, the
 * numbers' end columns decide (aligned output), then the row's own arithmetic.
 */
const assign = (
  numeric: { key: ColumnKey; end: number }[],
  values: Word[],
  aligned: boolean,
  callsSoFar: number,
  isTotal: boolean,
): Map<ColumnKey, number> | null => {
  const missing = numeric.length - values.length;
  if (missing < 0) return null;
  const candidates: ColumnKey[][] = [];
  if (missing === 0) candidates.push([]);
  else {
    const blankable = numeric.map((c) => c.key).filter((k) => BLANKABLE.includes(k));
    const allowed = isTotal ? blankable : blankable.filter((k) => k === 'errors');
    if (missing === 1) for (const k of allowed) candidates.push([k]);
    else if (missing === 2 && allowed.length === 2) candidates.push(allowed);
  }
  const build = (skip: ColumnKey[]): Map<ColumnKey, number> => {
    const out = new Map<ColumnKey, number>();
    let v = 0;
    for (const c of numeric) {
      if (skip.includes(c.key)) continue;
      out.set(c.key, value(values[v++]?.text ?? ''));
    }
    return out;
  };
  if (candidates.length === 0) return null;
  if (candidates.length === 1) return build(candidates[0] ?? []);

  // Aligned output: each number ends where its column's label ends.
  if (aligned) {
    for (const skip of candidates) {
      const kept = numeric.filter((c) => !skip.includes(c.key));
      if (kept.every((c, k) => values[k]?.end === c.end)) return build(skip);
    }
  }
  // Whitespace lost: the total's calls are the rows' calls added up; failing that, its
  // usecs/call is seconds / calls.
  const scored = candidates.map((skip) => {
    const m = build(skip);
    const calls = m.get('calls');
    const seconds = m.get('seconds');
    const usecs = m.get('usecsPerCall');
    let score = 0;
    if (calls !== undefined && callsSoFar > 0 && calls === callsSoFar) score += 2;
    if (usecs !== undefined && seconds !== undefined && calls) {
      if (Math.abs(usecs - Math.floor((seconds * 1e6) / calls)) <= 1) score += 1;
    }
    return { m, score };
  });
  scored.sort((a, b) => b.score - a.score);
  return scored[0]?.m ?? null;
};

const toRow = (name: string, m: Map<ColumnKey, number>): SyscallSummaryRow | null => {
  const calls = m.get('calls');
  if (calls === undefined || !Number.isFinite(calls)) return null;
  const row: SyscallSummaryRow = { syscall: name, calls, errors: m.get('errors') ?? 0 };
  for (const [key, value] of m) {
    if (key === 'syscall' || key === 'calls' || key === 'errors') continue;
    if (Number.isFinite(value)) row[key] = value;
  }
  if (!Number.isFinite(row.errors)) row.errors = 0;
  return row;
};

const MODE = /^System call usage summary for (.+?) mode:/;
const ATTACHED = /^(?:\^C)?strace: Process (\d+) attached/;

interface TableBuilder extends SyscallSummaryTable {
  header: Header;
  /** The rows' calls added up, to check a total row against. */
  callsSoFar: number;
}

/** Reads every summary table in the text. */
const readTables = (text: string): { tables: TableBuilder[]; attached: number[] } => {
  const tables: TableBuilder[] = [];
  const attached: number[] = [];
  let mode: string | null = null;
  let table: TableBuilder | null = null;

  const takeWords = (ws: Word[], aligned: boolean): void => {
    if (!table) return;
    const { columns } = table.header;
    const nameAt = columns.findIndex((c) => c.key === 'syscall');
    const numeric = columns.filter((c) => c.key !== 'syscall');
    const nameLast = nameAt === columns.length - 1;
    // Split the words into rows at syscall names (several rows when line breaks were lost).
    let pending: Word[] = [];
    const flush = (name: string, nums: Word[], before: Word[]): void => {
      if (!table) return;
      const isTotal = name === 'total';
      const callsSoFar = table.callsSoFar;
      // A name in the middle (`-U calls,name,errors`) only reads on an unbroken line.
      const ordered = nameLast || nameAt === 0 ? nums : [...before, ...nums];
      const m = assign(numeric, ordered, aligned, callsSoFar, isTotal);
      const row = m ? toRow(name, m) : null;
      if (!row) return;
      if (isTotal) table.total = row;
      else if (table.total === null) {
        table.rows.push(row);
        table.callsSoFar += row.calls;
      }
    };
    if (nameLast || nameAt > 0) {
      for (const w of ws) {
        if (isRule(w.text)) pending = [];
        else if (isNumber(w.text)) pending.push(w);
        else if (isName(w.text)) {
          if (nameLast) flush(w.text, pending, []);
          else {
            const before = pending;
            const after = ws.slice(ws.indexOf(w) + 1).filter((x) => isNumber(x.text));
            flush(w.text, after, before);
            return;
          }
          pending = [];
        } else pending = [];
      }
    } else {
      let name: string | null = null;
      for (const w of ws) {
        if (isRule(w.text)) {
          if (name !== null) flush(name, pending, []);
          name = null;
          pending = [];
        } else if (isNumber(w.text) && name !== null) pending.push(w);
        else if (isName(w.text)) {
          if (name !== null) flush(name, pending, []);
          name = w.text;
          pending = [];
        }
      }
      if (name !== null) flush(name, pending, []);
    }
  };

  for (const raw of lines(text)) {
    const line = raw.replace(/\t/g, ' ');
    const att = ATTACHED.exec(line.trim());
    if (att) {
      attached.push(Number(att[1]));
      continue;
    }
    const modeLine = MODE.exec(line.trim());
    if (modeLine) {
      mode = modeLine[1] ?? null;
      continue;
    }
    const header = findHeader(line);
    if (header) {
      table = { mode, rows: [], total: null, header, callsSoFar: 0 };
      tables.push(table);
      mode = null;
      takeWords(header.rest, false);
      continue;
    }
    if (!table || table.total !== null) continue;
    const ws = words(line);
    if (ws.length === 0) continue;
    // A line that is neither a rule nor a row ends nothing: pastes carry `...` and prompts.
    takeWords(ws, true);
  }
  return { tables, attached };
};

export const straceSummaryParser: ToolParser<SyscallSummary> = {
  tool: 'strace-c',
  matchCommand: (command) => straceOptions(command)?.summary === true,
  banner:
    /^\s*%\s?time\s+(?:seconds|calls)\b|^\s*%\s?time\s+\S.*\bsyscall\b|^\s*syscall\s+(?:calls|errors|seconds|%\s?time|shortest|longest)\b/,
  parse(text, command) {
    const { tables, attached } = readTables(text);
    const found = tables.filter((t) => t.rows.length > 0 || t.total !== null);
    const first = found[0];
    if (!first) {
      return fail(
        tables.length > 0
          ? 'strace summary header found but no syscall rows under it'
          : 'no "% time     seconds  usecs/call     calls    errors syscall" header found',
      );
    }
    const options = command === null ? null : straceOptions(command);
    const out = found.map(({ mode, rows, total }) => ({ mode, rows, total }));
    return ok({
      rows: first.rows,
      total: first.total,
      tables: out,
      timeBasis: options?.wallClock ? 'wall' : 'system',
      pids: options?.pids ?? [],
      attachedPids: [...new Set(attached)],
    });
  },
  summarize(d) {
    const top = d.rows
      .slice(0, 3)
      .map((r) => `${r.syscall} ${r.calls}${r.errors ? ` (${r.errors} errors)` : ''}`)
      .join(', ');
    const calls = d.total?.calls ?? d.rows.reduce((s, r) => s + r.calls, 0);
    return `${d.rows.length} syscalls, ${calls} calls${top ? `; top: ${top}` : ''}`;
  },
};
