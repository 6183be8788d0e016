import { fields, lines, round2 } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/** One row of a `perf report` / `perf top` profile: a symbol and its share of the samples. */
export interface PerfProfileRow {
  /**
   * Percent of all samples spent in this symbol itself: the `Overhead` column, or `Self` in the
   * children layout (`Children  Self`, the default after `perf record -g`).
   */
  overheadPercent: number;
  /** The `Children` column: this symbol plus everything it called. Only in the children layout. */
  childrenPercent?: number;
  /** The `Command` column (the thread's comm, at most 15 characters: `C2 CompilerThre`). */
  command?: string;
  /** The `Shared Object` column: `[kernel.kallsyms]`, `[kernel]`, `libc.so.6`, `[JIT] tid 9537`. */
  object?: string;
  /** `[k]`: the sample was taken in the kernel. `[.]` (user space) and the rest are `false`. */
  kernel: boolean;
  /** As printed: `el0_svc_common.constprop.0`, a hex address when unresolved, or cut short. */
  symbol: string;
}

/** What `perf report --stdio`, the interactive report pasted as text, or `perf top` showed. */
export interface PerfProfile {
  /** `top` when the text came from `perf top` (`PerfTop:` lines or the header command). */
  source: 'report' | 'top';
  /** The sampled event, as perf names it: `cycles`, `cpu-clock:ppp`, `cycles:P`. */
  event?: string;
  /**
   * Samples behind the percentages. perf rounds large counts (`Samples: 522K`), so this is
   * 522000 then, not an exact count.
   */
  sampleCount?: number;
  /** `perf top`'s own `kernel:26.5%` figure: the share of all samples taken in the kernel. */
  topKernelPercent?: number;
  /** Rows in the order printed. Call-graph lines (`|`, `---`, `--12.3%--`) are not rows. */
  rows: PerfProfileRow[];
  /** Sum of `overheadPercent` over the listed `[k]` rows: the kernel's share of what is shown. */
  kernelPercent: number;
  /** Sum of `overheadPercent` over all listed rows (below 100 when perf cut the list short). */
  listedPercent: number;
  /** Further `# Samples: … of event '…'` sections (multi-event recordings); only the first is read. */
  otherEvents: string[];
  /**
   * The sort keys when the profile has no Symbol column (`--sort comm,dso`, `-s pid,comm`):
   * its rows then have an empty `symbol`, and `kernel` is known only from a `[kernel…]` object.
   */
  sortedBy?: string[];
}

const NUMERIC_COLUMNS = new Set(['Children', 'Self', 'Overhead', 'Samples', 'Period']);

// biome-ignore lint/suspicious/noControlCharactersInRegex: perf top clears the screen with ESC[H ESC[2J between refreshes
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[A-Za-z]/g;
const SAMPLES = /^#?\s*Samples:\s+(\d+(?:\.\d+)?)\s*([KMGT])?\s+of event '([^']*)'/;
const HEADER = /^#?\s*(?:Children\s+Self|Overhead)\s+\S/;
const HEADER_NAME =
  /\s*(Shared Object|Children|Self|Overhead|Samples|Period|Pid:Command|Command|Sym\w*|\S+)/y;
const DOTS = /\.+/g;
const PERCENT = /^\s*(\d+(?:\.\d+)?)%/;
const SECOND_PERCENT = /\s+(\d+(?:\.\d+)?)%(?=\s)/y;
const MARKER = /\s\[([k.guH])\]\s/;
const PERF_TOP = /^\s*PerfTop:/;
const TUI_FOLD = /^[+-](?=\s+\d{1,3}\.\d{2}%)/;
const UNIT = { K: 1e3, M: 1e6, G: 1e9, T: 1e12 } as const;

/** `# Overhead  Command  Shared Object  Symbol` → the column names (`Symbo`, cut short, → `Symbol`). */
const headerColumns = (line: string): string[] => {
  const text = line.replace(/^#/, '');
  const columns: string[] = [];
  HEADER_NAME.lastIndex = 0;
  for (let m = HEADER_NAME.exec(text); m; m = HEADER_NAME.exec(text)) {
    const name = m[1] ?? '';
    columns.push(/^Sym/.test(name) ? 'Symbol' : name);
  }
  return columns;
};

/** `# ........  .......` under the header: where each column starts. */
const dotColumns = (line: string): number[] => [...line.matchAll(DOTS)].map((m) => m.index);

const percent = (cell: string): number | undefined => {
  const m = /^(\d+(?:\.\d+)?)%$/.exec(cell);
  return m ? Number(m[1]) : undefined;
};

const looksLikeObject = (token: string): boolean =>
  /^\[.*\]$/.test(token) || /\.so\b|\.ko\b|\//.test(token);

/** `perf report …`, `perf --no-pager top …`; not `perf record -o top.data`. */
const PERF_COMMAND = /^perf\s+(?:-\S+\s+)*(report|top)(?:\s|$)/;

interface Layout {
  columns?: string[];
  starts?: number[];
  top: boolean;
}

/** Splits the text between the percentages and the `[k]` marker into the middle columns. */
const assignMiddle = (row: PerfProfileRow, middle: string, layout: Layout): void => {
  const named = layout.columns?.filter((c) => !NUMERIC_COLUMNS.has(c) && c !== 'Symbol');
  const skip = layout.columns?.filter((c) => c === 'Samples' || c === 'Period').length ?? 0;
  const tokens = fields(middle).slice(skip);
  const wanted = named ?? (layout.top ? ['Shared Object'] : ['Command', 'Shared Object']);
  if (wanted.length === 0) return; // `--sort sym`: nothing between the percentages and `[k]`
  const values: (string | undefined)[] = [];
  if (tokens.length >= wanted.length) {
    // Commands may hold spaces (`C2 CompilerThre`); objects rarely do: later columns take one token.
    const tail = tokens.splice(tokens.length - (wanted.length - 1), wanted.length - 1);
    values.push(tokens.join(' ') || undefined, ...tail);
  } else if (tokens.length === 1 && wanted.join() === 'Command,Shared Object') {
    const only = tokens[0];
    values.push(...(only && looksLikeObject(only) ? [undefined, only] : [only, undefined]));
  } else {
    values.push(...tokens);
  }
  wanted.forEach((column, i) => {
    const value = values[i];
    if (!value) return;
    if (column === 'Shared Object') row.object = value;
    if (column === 'Command' || column === 'Pid:Command') row.command = value;
  });
};

/** A row read by the column positions of the `# ....` line: exact even with spaces in cells. */
const rowByPosition = (
  line: string,
  columns: string[],
  starts: number[],
): PerfProfileRow | null => {
  const cells = starts.map((start, i) => line.slice(start, starts[i + 1]).trim());
  const row: PerfProfileRow = { overheadPercent: Number.NaN, kernel: false, symbol: '' };
  for (const [i, column] of columns.entries()) {
    const cell = cells[i] ?? '';
    if (column === 'Overhead' || column === 'Self')
      row.overheadPercent = percent(cell) ?? Number.NaN;
    else if (column === 'Children') row.childrenPercent = percent(cell);
    else if (column === 'Command' || column === 'Pid:Command') row.command = cell || undefined;
    else if (column === 'Shared Object') row.object = cell || undefined;
    else if (column === 'Symbol') {
      const m = /^\[([k.guH])\]\s+(\S.*)$/.exec(cell);
      if (!m) return null;
      row.kernel = m[1] === 'k';
      row.symbol = m[2] ?? '';
    }
  }
  if (!Number.isFinite(row.overheadPercent) || !row.symbol) return null;
  if (columns.includes('Children') && row.childrenPercent === undefined) return null;
  if (row.command === undefined) delete row.command;
  if (row.object === undefined) delete row.object;
  if (row.childrenPercent === undefined) delete row.childrenPercent;
  return row;
};

/** A row read token by token: for pasted text whose spacing is lost (seed 000's blog paste). */
const rowByTokens = (line: string, layout: Layout): PerfProfileRow | null => {
  const first = PERCENT.exec(line);
  if (!first) return null;
  let offset = first[0].length;
  SECOND_PERCENT.lastIndex = offset;
  const second = SECOND_PERCENT.exec(line);
  if (second) offset = SECOND_PERCENT.lastIndex;
  const marker = MARKER.exec(line.slice(offset - 1));
  if (!marker) return null;
  const markerAt = offset - 1 + marker.index;
  const symbol = line.slice(markerAt + marker[0].length).trim();
  if (!symbol) return null;
  const row: PerfProfileRow = second
    ? {
        overheadPercent: Number(second[1]),
        childrenPercent: Number(first[1]),
        kernel: false,
        symbol,
      }
    : { overheadPercent: Number(first[1]), kernel: false, symbol };
  row.kernel = marker[1] === 'k';
  assignMiddle(row, line.slice(offset, markerAt), layout);
  return row;
};

/** A row of a profile sorted without symbols: one token a column, the last takes the rest. */
const rowWithoutSymbol = (line: string, columns: string[]): PerfProfileRow | null => {
  // perf top's TUI draws its scroll bar (`◆`, `▒`) at the right edge.
  const tokens = fields(line.replace(/[^\x20-\x7e]+\s*$/, ''));
  const row: PerfProfileRow = { overheadPercent: Number.NaN, kernel: false, symbol: '' };
  for (const [i, column] of columns.entries()) {
    const cell = i === columns.length - 1 ? tokens.slice(i).join(' ') : (tokens[i] ?? '');
    if (column === 'Overhead' || column === 'Self')
      row.overheadPercent = percent(cell) ?? Number.NaN;
    else if (column === 'Children') row.childrenPercent = percent(cell);
    else if (column === 'Command' && cell) row.command = cell;
    else if (column === 'Pid:Command' && cell && row.command === undefined)
      row.command = cell.replace(/^\d+:/, '');
    else if (column === 'Shared Object' && cell) {
      row.object = cell;
      row.kernel = /^\[kernel/.test(cell);
    }
  }
  return Number.isFinite(row.overheadPercent) ? row : null;
};

const parseRow = (line: string, layout: Layout): PerfProfileRow | null => {
  if (!PERCENT.test(line)) return null;
  const { columns, starts } = layout;
  if (columns && !columns.includes('Symbol')) return rowWithoutSymbol(line, columns);
  if (columns && starts && starts.length === columns.length) {
    const row = rowByPosition(line, columns, starts);
    if (row) return row;
  }
  return rowByTokens(line, layout);
};

const firstWords = (text: string): string => {
  const line = lines(text).find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 80);
};

export const perfReportParser: ToolParser<PerfProfile> = {
  tool: 'perf-report',
  matchCommand: (command) => PERF_COMMAND.test(command),
  banner:
    /^#?\s*Samples:\s+\d+(?:\.\d+)?\s*[KMGT]?\s+of event '|^#\s*(?:Children\s+Self|Overhead)\s{2,}\S|^\s*PerfTop:\s+\d|^[+-]?\s*\d{1,3}\.\d{2}%\s+(?:\d{1,3}\.\d{2}%\s+)?\S.*\s\[[k.]\]\s+\S/,
  parse(text, command) {
    const profile: PerfProfile = {
      source: PERF_COMMAND.exec(command ?? '')?.[1] === 'top' ? 'top' : 'report',
      rows: [],
      kernelPercent: 0,
      listedPercent: 0,
      otherEvents: [],
    };
    const layout: Layout = { top: profile.source === 'top' };
    let rows: PerfProfileRow[] = [];
    let lastFrame: PerfProfileRow[] = [];
    let sectionDone = false;

    for (const raw of lines(text)) {
      // The TUI's fold markers (`+`, `-`) before a row of the children layout.
      const line = raw.replace(ANSI_ESCAPE, '').replace(TUI_FOLD, ' ');
      if (PERF_TOP.test(line)) {
        // Each refresh of `perf top --stdio` starts with this line; the last full frame counts.
        profile.source = 'top';
        layout.top = true;
        if (rows.length > 0) lastFrame = rows;
        rows = [];
        const event = /\[(?:\d+\s*Hz\s+)?([^\]\s]+)\]/.exec(line);
        if (event) profile.event = event[1];
        const kernel = /kernel:\s*(\d+(?:\.\d+)?)%/.exec(line);
        if (kernel) profile.topKernelPercent = Number(kernel[1]);
        continue;
      }
      const samples = SAMPLES.exec(line);
      if (samples) {
        const event = samples[3] ?? '';
        if (profile.event !== undefined && rows.length > 0) {
          profile.otherEvents.push(event);
          sectionDone = true;
        } else {
          profile.event = event;
          const unit = samples[2] as keyof typeof UNIT | undefined;
          profile.sampleCount = Number(samples[1]) * (unit ? UNIT[unit] : 1);
        }
        continue;
      }
      if (HEADER.test(line)) {
        layout.columns = headerColumns(line);
        layout.starts = undefined;
        continue;
      }
      if (/^#\s*\.{2,}/.test(line)) {
        layout.starts = dotColumns(line);
        continue;
      }
      if (sectionDone || line.startsWith('#')) continue;
      const row = parseRow(line, layout);
      if (row) rows.push(row);
    }

    profile.rows = rows.length > 0 ? rows : lastFrame;
    const keys = layout.columns?.filter((c) => !NUMERIC_COLUMNS.has(c));
    if (keys && !keys.includes('Symbol')) profile.sortedBy = keys;
    if (profile.rows.length === 0) {
      const said = firstWords(text);
      return fail(
        `no "NN.NN%  command  object  [k] symbol" rows found${said ? ` (text starts "${said}")` : ''}`,
      );
    }
    let kernel = 0;
    let listed = 0;
    for (const row of profile.rows) {
      listed += row.overheadPercent;
      if (row.kernel) kernel += row.overheadPercent;
    }
    profile.kernelPercent = round2(kernel);
    profile.listedPercent = round2(listed);
    return ok(profile);
  },
  summarize(d) {
    const top = [...d.rows]
      .sort((a, b) => b.overheadPercent - a.overheadPercent)
      .slice(0, 3)
      .map(
        (r) =>
          `${r.symbol || [r.command, r.object].filter(Boolean).join(' ')} ${r.overheadPercent}%${r.kernel ? ' [k]' : ''}`,
      )
      .join(', ');
    const what = [`perf ${d.source}`, d.event, d.sampleCount && `${d.sampleCount} samples`]
      .filter(Boolean)
      .join(', ');
    return `${what}: ${d.rows.length} rows, top ${top}; kernel ${d.kernelPercent}% of ${d.listedPercent}% listed`;
  },
};
