import {
  readSysstat,
  readTimeLabel,
  type SysstatBanner,
  type SysstatLine,
  toNumber,
} from './sysstat.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * sysstat `pidstat` in any mix of `-u` (CPU), `-r` (memory), `-d` (disk), `-w` (context
 * switches) and `-t` (threads). When several reports are asked for at once, pidstat prints one
 * table each; rows for the same task at the same time are merged into one `PidstatTask`.
 */
export interface PidstatOutput {
  banner: SysstatBanner | null;
  /** One entry per report time, in order. */
  intervals: PidstatInterval[];
  /** The `Average:` rows; empty when pidstat was stopped before printing them. */
  average: PidstatTask[];
  /** `-t`: the tables list threads under their process. */
  threadsMode: boolean;
}

export interface PidstatInterval {
  /** As printed: `07:41:03 PM`, `20:39:45`, or the epoch seconds of `pidstat -h`. */
  time: string | null;
  tasks: PidstatTask[];
}

/** A process, or with `-t` a thread. Figures of reports that were not asked for are absent. */
export interface PidstatTask {
  uid?: number;
  /** `-U`: the user name instead of the UID. */
  user?: string;
  /** The process id (TGID); for a thread row, the process the thread belongs to. */
  pid: number;
  /** `-t` thread rows: the thread id. */
  tid?: number;
  thread: boolean;
  /** The command, or for a thread row its name without the `|__` marker (`C2 CompilerThre`). */
  command: string;
  /** `-u`, percent of one CPU (a multi-threaded task can exceed 100). */
  usr?: number;
  system?: number;
  guest?: number;
  /** sysstat ≥ 11.5: time runnable but waiting for a CPU. */
  wait?: number;
  cpuPercent?: number;
  /** The CPU the task ran on; absent on `Average:` rows. */
  cpu?: number;
  /** `-r`. */
  minorFaultsPerSec?: number;
  majorFaultsPerSec?: number;
  vszKiB?: number;
  rssKiB?: number;
  memPercent?: number;
  /** `-d`. */
  readKBPerSec?: number;
  writeKBPerSec?: number;
  cancelledWriteKBPerSec?: number;
  iodelayTicks?: number;
  /** `-w`: voluntary (`cswch/s`) and involuntary (`nvcswch/s`) context switches. */
  voluntarySwitchesPerSec?: number;
  involuntarySwitchesPerSec?: number;
  /** Columns without a field here, as printed. */
  other?: Record<string, string>;
}

type NumberField = Exclude<
  keyof PidstatTask,
  'user' | 'pid' | 'tid' | 'thread' | 'command' | 'other'
>;

const NUMBER_FIELDS: Record<string, NumberField> = {
  UID: 'uid',
  '%usr': 'usr',
  '%user': 'usr',
  '%system': 'system',
  '%guest': 'guest',
  '%wait': 'wait',
  '%CPU': 'cpuPercent',
  CPU: 'cpu',
  'minflt/s': 'minorFaultsPerSec',
  'majflt/s': 'majorFaultsPerSec',
  VSZ: 'vszKiB',
  RSS: 'rssKiB',
  '%MEM': 'memPercent',
  'kB_rd/s': 'readKBPerSec',
  'kB_wr/s': 'writeKBPerSec',
  'kB_ccwr/s': 'cancelledWriteKBPerSec',
  iodelay: 'iodelayTicks',
  'cswch/s': 'voluntarySwitchesPerSec',
  'nvcswch/s': 'involuntarySwitchesPerSec',
};

/** The first column of a pidstat table: `UID`, `USER`, or `PID`/`TGID` when neither is shown. */
const taskTable = (tokens: string[]): number => {
  if (tokens.at(-1) !== 'Command') return -1;
  return tokens.findIndex((t) => t === 'UID' || t === 'USER' || t === 'PID' || t === 'TGID');
};

/** Tokens the time takes on a row: `Average:`, `07:41:03 PM`, `20:39:45`, `Moyenne :`. */
const rowPrefix = (tokens: string[], headerPrefix: number): number => {
  if (headerPrefix === 0) return 0;
  if (/:$/.test(tokens[0] ?? '')) return 1;
  if (tokens[1] === ':' || /^[AP]M$/i.test(tokens[1] ?? '')) return 2;
  return 1;
};

interface RowRead {
  time: string | null;
  average: boolean;
  task: PidstatTask;
  tgid: number | null;
}

const readRow = ({ columns, headerPrefix, spans, line }: SysstatLine): RowRead | null => {
  const tokens = spans.map((s) => s.text);
  const p = rowPrefix(tokens, headerPrefix);
  const commandAt = p + columns.length - 1;
  const commandSpan = spans[commandAt];
  if (!commandSpan) return null;
  const values: Record<string, string> = {};
  for (let i = 0; i < columns.length - 1; i++) values[columns[i] ?? ''] = tokens[p + i] ?? '';
  const id = (name: string): number | null | undefined => {
    const v = values[name];
    if (v === undefined) return undefined;
    if (v === '-') return null;
    return /^\d{1,12}$/.test(v) ? Number(v) : Number.NaN;
  };
  const pid = id('PID');
  const tgid = id('TGID');
  const tid = id('TID');
  if ([pid, tgid, tid].some((n) => Number.isNaN(n))) return null;
  const rawCommand = line.slice(commandSpan.start).trimEnd();
  const thread = tid !== undefined && tid !== null && (tgid === null || /^\|__/.test(rawCommand));
  const processId = pid ?? tgid ?? tid;
  if (processId === undefined || processId === null) return null;
  const task: PidstatTask = {
    pid: processId,
    thread,
    command: rawCommand.replace(/^\|__/, ''),
  };
  if (thread && tid !== null && tid !== undefined) task.tid = tid;
  for (const [column, value] of Object.entries(values)) {
    if (column === 'PID' || column === 'TGID' || column === 'TID') continue;
    if (column === 'USER') {
      task.user = value;
      continue;
    }
    const field = Object.hasOwn(NUMBER_FIELDS, column) ? NUMBER_FIELDS[column] : undefined;
    if (field === undefined) {
      task.other = { ...task.other, [column]: value };
      continue;
    }
    if (value === '-') continue;
    const n = toNumber(value);
    if (!Number.isFinite(n)) return null;
    task[field] = n;
  }
  const { time, average } = readTimeLabel(tokens.slice(0, p));
  return { time, average, task, tgid: tgid ?? null };
};

const keyOf = (t: PidstatTask): string => `${t.pid}/${t.tid ?? '-'}`;

export const pidstatParser: ToolParser<PidstatOutput> = {
  tool: 'pidstat',
  matchCommand: (command) => /^pidstat(\s|$)/.test(command),
  banner: /^(\d{1,2}:\d{2}:\d{2}(\s+[AP]M)?|#\s+Time)\s+(UID|USER)\s+(PID|TGID)\s.*\bCommand\s*$/,
  parse(text, command) {
    const { banner, rows } = readSysstat(text, taskTable);
    const intervals: PidstatInterval[] = [];
    const average = new Map<string, PidstatTask>();
    let current: { interval: PidstatInterval; byKey: Map<string, PidstatTask> } | null = null;
    let lastTgid: number | null = null;
    let threadsMode = /(^|\s)-[A-Za-z]*t/.test(command ?? '');
    for (const row of rows) {
      const read = readRow(row);
      if (!read) continue;
      const { task } = read;
      if (row.columns.includes('TID')) threadsMode = true;
      if (read.tgid !== null) lastTgid = read.tgid;
      else if (task.thread && lastTgid !== null) task.pid = lastTgid;
      let byKey: Map<string, PidstatTask>;
      if (read.average) {
        byKey = average;
      } else {
        if (!current || current.interval.time !== read.time) {
          current = { interval: { time: read.time, tasks: [] }, byKey: new Map() };
          intervals.push(current.interval);
        }
        byKey = current.byKey;
      }
      const seen = byKey.get(keyOf(task));
      if (seen) {
        Object.assign(seen, { ...task, other: { ...seen.other, ...task.other } });
        if (Object.keys(seen.other ?? {}).length === 0) delete seen.other;
        continue;
      }
      byKey.set(keyOf(task), task);
      if (!read.average && current) current.interval.tasks.push(task);
    }
    if (intervals.length === 0 && average.size === 0) {
      return fail('no pidstat "UID PID … Command" table with rows found');
    }
    return ok({ banner, intervals, average: [...average.values()], threadsMode });
  },
  summarize(d) {
    const tasks = d.average.length > 0 ? d.average : (d.intervals.at(-1)?.tasks ?? []);
    const top = tasks
      .filter((t) => t.cpuPercent !== undefined)
      .sort((a, b) => (b.cpuPercent ?? 0) - (a.cpuPercent ?? 0))[0];
    const busiest = top ? `; busiest ${top.command} (${top.pid}) ${top.cpuPercent}% CPU` : '';
    const what = d.threadsMode ? 'tasks and threads' : 'tasks';
    return `${d.intervals.length} interval(s)${d.average.length ? ' + average' : ''}, ${tasks.length} ${what}${busiest}`;
  },
};
