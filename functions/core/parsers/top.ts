import { kib, lines, num, tokenSpans } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * `top` in batch mode, procps 3.2.x to 4.x. A block may hold several frames; all are returned
 * in order. Consumers should read the **last** frame: the first frame of `top -n 2` reports the
 * CPU split and per-task %CPU over the instant since `top` started, which is noise (an idle host
 * can show `100.0 us`). A single-frame block is weaker evidence for the same reason.
 */
export interface TopOutput {
  frames: TopFrame[];
  /**
   * True when the block lists threads: a `Threads:` line, `-H` in the command, a `TID` column,
   * or (a table pasted alone) rows that share one address space, see `looksLikeThreads`.
   */
  threadsMode: boolean;
}

/** One screen of `top`: the summary lines and the task table under them. */
export interface TopFrame {
  /** Wall-clock time of the frame as printed (`02:22:21`); null when the banner was not pasted. */
  time: string | null;
  uptimeSeconds: number | null;
  users: number | null;
  load1: number | null;
  load5: number | null;
  load15: number | null;
  /** This frame counts threads (`Threads:`) rather than processes (`Tasks:`). */
  threadsMode: boolean;
  /** `Tasks:` or `Threads:` counts. */
  tasks: TopTaskCounts | null;
  /**
   * The machine-wide split: the `%Cpu(s):` line, or the mean of the per-CPU lines when top
   * printed only those (`top -1`); `cpuSource` says which.
   */
  cpu: TopCpuStates | null;
  cpuSource: 'summary' | 'per-cpu-mean' | null;
  /** `%Cpu0  :` lines, in the order printed. */
  perCpu: TopCpuLine[];
  memory: TopMemory | null;
  swap: TopSwap | null;
  /** The task table's header as printed, e.g. `PID USER PR NI VIRT RES SHR S %CPU %MEM TIME+ COMMAND`. */
  columns: string[];
  processes: TopTask[];
}

/** Percent of CPU time, 0–100 as top prints it. Fields an old top does not print are absent. */
export interface TopCpuStates {
  us: number;
  sy: number;
  ni: number;
  id: number;
  wa?: number;
  hi?: number;
  si?: number;
  st?: number;
}

export interface TopCpuLine extends TopCpuStates {
  cpu: number;
}

export interface TopTaskCounts {
  total: number;
  running: number;
  sleeping: number;
  stopped: number;
  zombie: number;
}

/** The `Mem` line, in KiB whatever unit top printed. A value top cut short (`25190241+`) is absent. */
export interface TopMemory {
  totalKiB?: number;
  freeKiB?: number;
  usedKiB?: number;
  /** procps ≥ 3.3.10 `buff/cache`. */
  buffCacheKiB?: number;
  /** procps ≤ 3.3.9 `buffers`. */
  buffersKiB?: number;
  /** procps ≤ 3.3.9 page cache, printed on the swap line (`cached Mem`, `k cached`). */
  cachedKiB?: number;
  /** procps ≥ 3.3.10 `avail Mem`, printed on the swap line. */
  availableKiB?: number;
}

export interface TopSwap {
  totalKiB?: number;
  freeKiB?: number;
  usedKiB?: number;
}

/**
 * A row of the task table. Columns top did not show are absent; any column without a field
 * here is kept, as printed, in `other`. In threads mode `pid` is the thread id and `command`
 * the thread name (`C2 CompilerThre`).
 */
export interface TopTask {
  pid: number;
  user?: string;
  /** `PR` as printed: a number or `rt`. */
  priority?: string;
  nice?: number;
  virtKiB?: number;
  resKiB?: number;
  shrKiB?: number;
  swapKiB?: number;
  /** `S`: R, S, D, Z, T, t, I. */
  state?: string;
  cpuPercent?: number;
  memPercent?: number;
  /** `TIME+` or `TIME`, in seconds. */
  cpuTimeSeconds?: number;
  /** `nTH`. */
  threads?: number;
  /** `P`: the CPU the task last ran on. */
  lastCpu?: number;
  ppid?: number;
  command: string;
  other?: Record<string, string>;
}

const BANNER = /^\s*top - (\d{1,2}:\d{2}:\d{2}) up (.*)$/;

/**
 * No figure top prints is longer than this; longer tokens are not numbers, and skipping them
 * keeps `num` (whose pattern backtracks on long digit runs) linear.
 */
const MAX_TOKEN = 32;

/** Summary lines are short; longer lines are not summary lines, and regexes never see them. */
const MAX_SUMMARY_LINE = 1024;

const number = (token: string | undefined): number =>
  token !== undefined && token.length <= MAX_TOKEN ? num(token) : Number.NaN;

/** Locales such as fr_FR print `14,6` and `0,90`: one comma followed by one or two digits. */
const decimal = (token: string | undefined): number => {
  if (token === undefined || token.length > MAX_TOKEN) return Number.NaN;
  const t = token.trim();
  return num(/^[-+]?\d+,\d{1,2}$/.test(t) ? t.replace(',', '.') : t);
};

/**
 * Finds each label of a summary line and reads the token just before it, so the scan is
 * linear: `58.4 us,` `99.8%us,` `0.2% us` `ni,100.0 id` `25190241+total` `2039.1 avail Mem`.
 */
const valuesBeforeLabels = (text: string, labels: RegExp): { label: string; token: string }[] => {
  const out: { label: string; token: string }[] = [];
  let from = 0;
  for (const m of text.matchAll(labels)) {
    const before = text.slice(from, m.index).trim().split(/\s+/).at(-1) ?? '';
    out.push({ label: m[0], token: before.replace(/^[,.]+|%$/g, '') });
    from = m.index + m[0].length;
  }
  return out;
};

const finite = (n: number): number | undefined => (Number.isFinite(n) ? n : undefined);

/** `231:24.50` (min:s.hh), `29812:58` (min:s), `123,45` (h,min), `12d+03h`, `45d`, `3w`, `110h`. */
export const topTimeToSeconds = (token: string): number | undefined => {
  if (token.length > MAX_TOKEN) return undefined;
  let m = /^(\d+):(\d{1,2})(?:\.(\d{1,2}))?$/.exec(token);
  if (m)
    return Math.round((Number(m[1]) * 60 + Number(m[2]) + Number(`0.${m[3] ?? '0'}`)) * 100) / 100;
  m = /^(\d+),(\d{2})$/.exec(token);
  if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60;
  m = /^(\d+)d\+(\d+)h$/.exec(token);
  if (m) return Number(m[1]) * 86400 + Number(m[2]) * 3600;
  m = /^(\d+)([hdw])$/.exec(token);
  if (m) return Number(m[1]) * { h: 3600, d: 86400, w: 604800 }[m[2] as 'h'];
  return undefined;
};

/** `4:50`, `4 min`, `275 days, 15:56`, `1 day, 3 min` → seconds. */
const uptimeToSeconds = (text: string): number | null => {
  const days = /(\d+)\s+days?/.exec(text);
  const hm = /(\d+):(\d{2})/.exec(text);
  const min = /(\d+)\s+min/.exec(text);
  if (!days && !hm && !min) return null;
  return (
    Number(days?.[1] ?? 0) * 86400 +
    (hm ? Number(hm[1]) * 3600 + Number(hm[2]) * 60 : 0) +
    Number(min?.[1] ?? 0) * 60
  );
};

const readBanner = (
  line: string,
): Pick<TopFrame, 'time' | 'uptimeSeconds' | 'users' | 'load1' | 'load5' | 'load15'> | null => {
  const m = line.length <= MAX_SUMMARY_LINE ? BANNER.exec(line) : null;
  if (!m) return null;
  const rest = m[2] ?? '';
  const at = rest.indexOf('load average');
  const before = at >= 0 ? rest.slice(0, at) : rest;
  const users = /(\d+)\s+users?\b/.exec(before);
  const uptime = users ? before.slice(0, users.index) : before;
  const loads = at >= 0 ? (rest.slice(at).match(/\d+[.,]\d+/g) ?? []).map(decimal) : [];
  return {
    time: m[1] ?? null,
    uptimeSeconds: uptimeToSeconds(uptime),
    users: users ? Number(users[1]) : null,
    load1: finite(loads[0] ?? Number.NaN) ?? null,
    load5: finite(loads[1] ?? Number.NaN) ?? null,
    load15: finite(loads[2] ?? Number.NaN) ?? null,
  };
};

const readTaskCounts = (line: string): TopTaskCounts | null => {
  const counts: Record<string, number> = {};
  for (const m of line.matchAll(/(\d+)\s+(total|running|sleeping|stopped|zombie)/g)) {
    counts[m[2] as string] = Number(m[1]);
  }
  if (counts.total === undefined) return null;
  return {
    total: counts.total,
    running: counts.running ?? 0,
    sleeping: counts.sleeping ?? 0,
    stopped: counts.stopped ?? 0,
    zombie: counts.zombie ?? 0,
  };
};

const CPU_LABEL = /%?Cpu(\(s\)|\d+)\s*:/g;

/** `58.4 us, 37.1 sy, …`, `99.8%us,  0.1%sy, …`, `0.2% us`, `2,3 us` (decimal comma). */
const readCpuStates = (segment: string): TopCpuStates | null => {
  const states: Record<string, number> = {};
  for (const { label, token } of valuesBeforeLabels(segment, /\b(us|sy|ni|id|wa|hi|si|st)\b/g)) {
    const value = decimal(token);
    if (Number.isFinite(value)) states[label] = value;
  }
  const { us, sy, ni, id } = states;
  if (us === undefined || sy === undefined || ni === undefined || id === undefined) return null;
  const out: TopCpuStates = { us, sy, ni, id };
  for (const key of ['wa', 'hi', 'si', 'st'] as const) {
    const value = states[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
};

/** Every `Cpu…:` label on a line (top prints several CPUs per line in some modes). */
const readCpuLine = (line: string): { label: string; states: TopCpuStates }[] => {
  const labels = [...line.matchAll(CPU_LABEL)];
  return labels.flatMap((m, i) => {
    const next = labels[i + 1];
    const states = readCpuStates(line.slice(m.index + m[0].length, next ? next.index : undefined));
    return states ? [{ label: m[1] ?? '', states }] : [];
  });
};

const UNIT_KIB: Record<string, number> = {
  k: 1,
  m: 1024,
  g: 1024 ** 2,
  t: 1024 ** 3,
  p: 1024 ** 4,
  e: 1024 ** 5,
};

type MemoryKey =
  | 'total'
  | 'free'
  | 'used'
  | 'buff/cache'
  | 'buffers'
  | 'cached Mem'
  | 'cached'
  | 'avail Mem';

/** `KiB Mem :  8010456 total, …`, `MiB Swap: … used.  2039.1 avail Mem`, `Mem:  4147888k total, …`. */
const readMemoryLine = (
  line: string,
): { kind: 'Mem' | 'Swap'; values: Map<MemoryKey, number> } | null => {
  const head = /^\s*(?:([KMGTPE])i?B\s+)?(Mem|Swap)\s*:/i.exec(line);
  if (!head) return null;
  const scale = UNIT_KIB[(head[1] ?? 'k').toLowerCase()] ?? 1;
  const values = new Map<MemoryKey, number>();
  const body = line.slice(head[0].length);
  const labels = /(total|free|used|buff\/cache|buffers|avail Mem|cached Mem|cached)\b/g;
  for (const { label, token } of valuesBeforeLabels(body, labels)) {
    if (token.endsWith('+')) continue; // top printed the first digits only: the value is unknown
    const m = /^(.*?)([kKmMgGtT]?)$/.exec(token);
    const value = decimal(m?.[1]);
    if (!Number.isFinite(value)) continue;
    const unit = m?.[2] ? (UNIT_KIB[m[2].toLowerCase()] ?? 1) : scale;
    values.set(label as MemoryKey, Math.round(value * unit));
  }
  return { kind: head[2]?.toLowerCase() === 'swap' ? 'Swap' : 'Mem', values };
};

const COLUMN_HINTS = new Set(['%CPU', 'COMMAND', 'USER', '%MEM', 'S', 'RES', 'TIME+', 'PR']);

/**
 * Where a task-table header starts on a line, or -1. A pasted block may glue the header to the
 * end of the swap line (seed 000), so the header is looked for anywhere on the line.
 */
const headerStart = (line: string): number => {
  if (line.length > MAX_SUMMARY_LINE) return -1;
  const m = /(?:^|\s)(PID|TID)[\s[]/.exec(line);
  if (!m) return -1;
  const at = m.index + m[0].search(/[PT]ID/);
  return headerColumns(line.slice(at)).filter((t) => COLUMN_HINTS.has(t)).length >= 2 ? at : -1;
};

/**
 * The header's column names. toybox brackets the sort column and glues it to its neighbour
 * (`S[%CPU]`); its thread table names the thread `THREAD` (free text, like COMMAND) and the
 * thread id `TID`.
 */
const headerColumns = (header: string): string[] => {
  const names = header.replace(/[[\]]/g, ' ').trim().split(/\s+/);
  const hasCommand = names.includes('COMMAND');
  return names.map((n) => (n === 'TID' ? 'PID' : n === 'THREAD' && !hasCommand ? 'COMMAND' : n));
};

/** top's default field order, for rows pasted without their header (`top -n1 | grep java`). */
const DEFAULT_COLUMNS = 'PID USER PR NI VIRT RES SHR S %CPU %MEM TIME+ COMMAND'.split(' ');

/** A row in the default field order: PID USER PR NI VIRT RES SHR S %CPU %MEM TIME+ COMMAND. */
const DEFAULT_ROW =
  /^\s*\d+\s+\S+\s+(?:-?\d+|rt)\s+-?\d+\s+\S+\s+\S+\s+\S+\s+[RSDZTtIWX]\s+\d+(?:[.,]\d*)?\s+\d+(?:[.,]\d*)?\s+\S+\s+\S/;

const setNumber = (task: TopTask, key: 'nice' | 'threads' | 'lastCpu' | 'ppid', v: string) => {
  const n = number(v);
  if (Number.isFinite(n)) task[key] = n;
};

const setKiB = (task: TopTask, key: 'virtKiB' | 'resKiB' | 'shrKiB' | 'swapKiB', v: string) => {
  if (v.length > MAX_TOKEN) return;
  const n = kib(/^\d+,\d+[kmgtpe]?$/i.test(v) ? v.replace(',', '.') : v);
  if (Number.isFinite(n)) task[key] = n;
};

const setPercent = (task: TopTask, key: 'cpuPercent' | 'memPercent', v: string) => {
  const n = decimal(v);
  if (Number.isFinite(n)) task[key] = n;
};

const setTime = (task: TopTask, v: string) => {
  const seconds = topTimeToSeconds(v);
  if (seconds !== undefined) task.cpuTimeSeconds = seconds;
};

/** How each known column lands in a `TopTask`; other columns are kept as text in `other`. */
const COLUMN_READERS: Record<string, (task: TopTask, value: string) => void> = {
  USER: (t, v) => {
    t.user = v;
  },
  PR: (t, v) => {
    t.priority = v;
  },
  S: (t, v) => {
    t.state = v;
  },
  NI: (t, v) => setNumber(t, 'nice', v),
  nTH: (t, v) => setNumber(t, 'threads', v),
  P: (t, v) => setNumber(t, 'lastCpu', v),
  PPID: (t, v) => setNumber(t, 'ppid', v),
  VIRT: (t, v) => setKiB(t, 'virtKiB', v),
  RES: (t, v) => setKiB(t, 'resKiB', v),
  SHR: (t, v) => setKiB(t, 'shrKiB', v),
  SWAP: (t, v) => setKiB(t, 'swapKiB', v),
  '%CPU': (t, v) => setPercent(t, 'cpuPercent', v),
  '%MEM': (t, v) => setPercent(t, 'memPercent', v),
  'TIME+': setTime,
  TIME: setTime,
};

const assignColumn = (task: TopTask, column: string, value: string): void => {
  // Own keys only: a header cell named `valueOf` must not call Object.prototype's.
  const read = Object.hasOwn(COLUMN_READERS, column) ? COLUMN_READERS[column] : undefined;
  if (read) read(task, value);
  else task.other = { ...task.other, [column]: value };
};

/**
 * Reads one row against the header. Every column is one token except COMMAND (which `-c` and
 * thread names fill with spaces): columns left of it are read from the left, columns right of
 * it (custom field orders) from the right, and COMMAND is what lies between.
 */
export const readTask = (line: string, columns: string[]): TopTask | null => {
  const tokens = tokenSpans(line);
  const commandAt = columns.indexOf('COMMAND');
  const left = commandAt >= 0 ? commandAt : columns.length;
  const right = commandAt >= 0 ? columns.length - commandAt - 1 : 0;
  if (tokens.length < left + right + (commandAt >= 0 ? 1 : 0)) return null;
  const pidAt = columns.indexOf('PID');
  const pidToken = pidAt >= 0 && pidAt < left ? tokens[pidAt]?.text : undefined;
  if (pidToken === undefined || !/^\d+$/.test(pidToken)) return null;
  const task: TopTask = { pid: Number(pidToken), command: '' };
  for (let i = 0; i < left; i++) {
    const column = columns[i];
    const token = tokens[i];
    if (column !== undefined && token !== undefined && column !== 'PID') {
      assignColumn(task, column, token.text);
    }
  }
  for (let i = 0; i < right; i++) {
    const column = columns[commandAt + 1 + i];
    const token = tokens[tokens.length - right + i];
    if (column !== undefined && token !== undefined) assignColumn(task, column, token.text);
  }
  if (commandAt >= 0) {
    const first = tokens[left];
    const lastToken = tokens[tokens.length - right - 1];
    if (first && lastToken) {
      // Forest views (`top -V`, htop's tree) draw the tree before the command: `├─ `, ` \_ `.
      task.command = line
        .slice(first.start, lastToken.start + lastToken.text.length)
        .replace(/^[\s│├└─|`\\_]*(?:[-_]\s+)?/u, '');
    }
  }
  if (columns.includes('%CPU') && task.cpuPercent === undefined) return null;
  return task;
};

const emptyFrame = (): TopFrame => ({
  time: null,
  uptimeSeconds: null,
  users: null,
  load1: null,
  load5: null,
  load15: null,
  threadsMode: false,
  tasks: null,
  cpu: null,
  cpuSource: null,
  perCpu: [],
  memory: null,
  swap: null,
  columns: [],
  processes: [],
});

const readSummaryLine = (frame: TopFrame, line: string): void => {
  if (line.length > MAX_SUMMARY_LINE) return;
  const tasks = /^\s*(Tasks|Threads)\s*:/.exec(line);
  if (tasks) {
    frame.tasks = readTaskCounts(line);
    frame.threadsMode = tasks[1] === 'Threads';
    return;
  }
  for (const { label, states } of readCpuLine(line)) {
    if (label === '(s)') {
      frame.cpu = states;
      frame.cpuSource = 'summary';
    } else {
      frame.perCpu.push({ cpu: Number(label), ...states });
    }
  }
  const memory = readMemoryLine(line);
  if (!memory) return;
  const v = memory.values;
  const mem: TopMemory = frame.memory ?? {};
  frame.memory = mem;
  const putMemory = (key: keyof TopMemory, from: MemoryKey) => {
    const value = v.get(from);
    if (value !== undefined) mem[key] = value;
  };
  if (memory.kind === 'Mem') {
    putMemory('totalKiB', 'total');
    putMemory('freeKiB', 'free');
    putMemory('usedKiB', 'used');
    putMemory('buffCacheKiB', 'buff/cache');
    putMemory('buffersKiB', 'buffers');
    return;
  }
  const swap: TopSwap = frame.swap ?? {};
  frame.swap = swap;
  for (const [key, from] of [
    ['totalKiB', 'total'],
    ['freeKiB', 'free'],
    ['usedKiB', 'used'],
  ] as const) {
    const value = v.get(from);
    if (value !== undefined) swap[key] = value;
  }
  putMemory('availableKiB', 'avail Mem');
  putMemory('cachedKiB', 'cached Mem');
  putMemory('cachedKiB', 'cached');
};

const finishFrame = (frame: TopFrame): TopFrame => {
  if (frame.memory && Object.keys(frame.memory).length === 0) frame.memory = null;
  if (frame.swap && Object.keys(frame.swap).length === 0) frame.swap = null;
  const cpus = frame.perCpu;
  if (frame.cpu === null && cpus.length > 0) {
    const mean = (values: (number | undefined)[]): number | undefined => {
      const known = values.filter((n): n is number => n !== undefined);
      if (known.length !== values.length) return undefined;
      return Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 10) / 10;
    };
    const cpu: TopCpuStates = {
      us: mean(cpus.map((c) => c.us)) ?? 0,
      sy: mean(cpus.map((c) => c.sy)) ?? 0,
      ni: mean(cpus.map((c) => c.ni)) ?? 0,
      id: mean(cpus.map((c) => c.id)) ?? 0,
    };
    for (const key of ['wa', 'hi', 'si', 'st'] as const) {
      const value = mean(cpus.map((c) => c[key]));
      if (value !== undefined) cpu[key] = value;
    }
    frame.cpu = cpu;
    frame.cpuSource = 'per-cpu-mean';
  }
  return frame;
};

/** top's machine-wide CPU line: `%Cpu(s):  1.0 us, …`, procps 3.2's `Cpu(s):  1.8%us, …`. */
const MACHINE_CPU_LINE = /^\s*%?Cpu\(s\)\s*:/;

/** `-H`, `-bH`, `-Hp 42`, `--threads-show`. */
const commandAsksThreads = (command: string | null): boolean =>
  command !== null && /(^|\s)(-[A-Za-z]*H|--threads-show)\b/.test(command);

/**
 * A table pasted without its `Tasks:`/`Threads:` line still shows threads when rows with the
 * same VIRT, RES, SHR and command hold more than all the memory between them: threads share one
 * address space, so top prints the process's memory on each. Forked workers (php-fpm, gunicorn)
 * also print alike, but their shares add up to what the host has.
 */
const looksLikeThreads = (frame: TopFrame): boolean => {
  if (frame.tasks !== null) return false;
  const memory = new Map<string, number>();
  for (const t of frame.processes) {
    if (t.virtKiB === undefined || t.resKiB === undefined || t.shrKiB === undefined) continue;
    if (t.memPercent === undefined) continue;
    const key = `${t.virtKiB} ${t.resKiB} ${t.shrKiB} ${t.command}`;
    const total = (memory.get(key) ?? 0) + t.memPercent;
    if (total > 100) return true;
    memory.set(key, total);
  }
  return false;
};

export const topParser: ToolParser<TopOutput> = {
  tool: 'top',
  matchCommand: (command) => /^top(\s|$)/.test(command),
  // The banner line; a `Tasks:`/`Threads:` line (a paste that starts there, toybox); a task
  // table header pasted alone (PID or TID, %CPU, and a column only top names: PR, VIRT, SHR,
  // TIME+; ps says PRI, VSZ, RSS, htop CPU%); a row in top's default order with no header.
  banner:
    /^(?:top - \d{1,2}:\d{2}:\d{2} up\b|\s*%?Cpu\(s\)\s*:\s*\d|\s*(?:Tasks|Threads):\s*\d+\s+total\b|(?=.{0,400}$)(?=\s*(?:PID|TID)\b)(?=.*%CPU)(?=.*(?:\bPR\b|\bVIRT\b|\bSHR\b|TIME\+))|\s*\d+\s+\S+\s+(?:-?\d+|rt)\s+-?\d+\s+\S+\s+\S+\s+\S+\s+[RSDZTtIWX]\s+\d+(?:[.,]\d*)?\s+\d+(?:[.,]\d*)?\s+\d+:\d)/,
  parse(text, command) {
    const frames: TopFrame[] = [];
    let frame: TopFrame | null = null;
    let columns: string[] | null = null;
    for (const raw of lines(text)) {
      const banner = readBanner(raw);
      if (banner) {
        if (frame) frames.push(finishFrame(frame));
        frame = { ...emptyFrame(), ...banner };
        columns = null;
        continue;
      }
      const at = headerStart(raw);
      if (at >= 0) {
        frame ??= emptyFrame();
        if (raw.slice(0, at).trim() !== '') readSummaryLine(frame, raw.slice(0, at));
        columns = headerColumns(raw.slice(at));
        if (/^\s*TID\b/.test(raw.slice(at))) frame.threadsMode = true;
        frame.columns = columns;
        continue;
      }
      if (!frame && raw.length <= MAX_SUMMARY_LINE && DEFAULT_ROW.test(raw)) {
        // Rows without their header (`top -n1 | grep java`): top's default field order.
        frame = emptyFrame();
        columns = DEFAULT_COLUMNS;
        frame.columns = columns;
      }
      if (!frame) {
        // A paste may start at the summary lines (`top -p` output copied without its banner),
        // the machine-wide `%Cpu(s)` line or the per-CPU ones (`%Cpu0  :`, top's key 1).
        if (!/^\s*(%?Cpu\d*|Tasks|Threads|([KMGTPE]i?B\s+)?(Mem|Swap))\b/.test(raw)) continue;
        frame = emptyFrame();
      }
      if (columns) {
        const task = readTask(raw, columns);
        if (task) frame.processes.push(task);
      } else {
        if (frame.cpu !== null && MACHINE_CPU_LINE.test(raw)) {
          // A second `%Cpu(s)` line without a banner between: the next refresh, pasted alone.
          frames.push(finishFrame(frame));
          frame = emptyFrame();
        }
        readSummaryLine(frame, raw);
      }
    }
    if (frame) frames.push(finishFrame(frame));
    const useful = frames.filter(
      (f) => f.time !== null || f.columns.length > 0 || f.cpu !== null || f.memory !== null,
    );
    if (useful.length === 0) return fail('no "top - HH:MM:SS up" line or task table found');
    const forced = commandAsksThreads(command);
    for (const f of useful) f.threadsMode ||= forced || looksLikeThreads(f);
    return ok({ frames: useful, threadsMode: useful.some((f) => f.threadsMode) });
  },
  summarize(d) {
    const last = d.frames.at(-1);
    if (!last) return 'no frames';
    const cpu = last.cpu
      ? `us ${last.cpu.us} sy ${last.cpu.sy} id ${last.cpu.id}${last.cpu.st === undefined ? '' : ` st ${last.cpu.st}`}`
      : 'no CPU line';
    const what = d.threadsMode ? 'threads' : 'processes';
    return `${d.frames.length} frame(s)${last.time ? `, last at ${last.time}` : ''}: ${cpu}, ${last.processes.length} ${what}`;
  },
};
