import { fields, lines, num } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * One sample of `/proc/PID/stat` (or `/proc/PID/task/TID/stat`): a single line whose second
 * field, `(comm)`, may hold spaces and parentheses (`8493 (my (odd) worker) S 1 …`), so the
 * fields after it are counted from the LAST `)`. Times are clock ticks (USER_HZ, 100 on
 * x86-64 and arm64 Linux); two samples taken apart give a process's user and system CPU split.
 */
export interface ProcessStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  /** Page faults that needed no I/O / that needed I/O. */
  minorFaults: number;
  majorFaults: number;
  utimeTicks: number;
  stimeTicks: number;
  /** Ticks of waited-for children. */
  cutimeTicks: number;
  cstimeTicks: number;
  priority: number;
  nice: number;
  numThreads: number;
  /** Ticks after boot when the process started. */
  starttimeTicks: number;
  vsizeBytes: number;
  rssPages: number;
  /** CPU it last ran on (field 39), when the line is long enough. */
  processor?: number;
}

/** `pid (comm) S` at the start of a line. */
const START = /^\s*(\d+) \(/;

/** Reads one stat line, or says why it is not one. */
const readLine = (line: string): ProcessStat | string => {
  const start = START.exec(line);
  if (!start) return 'not a /proc/PID/stat line';
  const open = start[0].length;
  const close = line.lastIndexOf(')');
  if (close < open) return 'no closing ")" after the command name';
  const f = fields(line.slice(close + 1));
  // f[0] is field 3 (state); field N is f[N - 3].
  const at = (n: number): number => num(f[n - 3]);
  const state = f[0] ?? '';
  if (!/^[A-Za-z]$/.test(state)) return 'no process state after the command name';
  const required = [4, 10, 12, 14, 15, 16, 17, 18, 19, 20, 22, 23, 24];
  if (required.some((n) => !Number.isFinite(at(n))))
    return 'stat line cut off before field 24 (rss)';
  const stat: ProcessStat = {
    pid: Number(start[1]),
    comm: line.slice(open, close),
    state,
    ppid: at(4),
    minorFaults: at(10),
    majorFaults: at(12),
    utimeTicks: at(14),
    stimeTicks: at(15),
    cutimeTicks: at(16),
    cstimeTicks: at(17),
    priority: at(18),
    nice: at(19),
    numThreads: at(20),
    starttimeTicks: at(22),
    vsizeBytes: at(23),
    rssPages: at(24),
  };
  if (Number.isFinite(at(39))) stat.processor = at(39);
  return stat;
};

export const procStatParser: ToolParser<ProcessStat> = {
  tool: 'proc-stat',
  matchCommand: (command) =>
    /^(?:cat|head|tail|grep)\b.*\/proc\/[^/\s]+(?:\/task\/[^/\s]+)?\/stat(?![\w/])/.test(command),
  banner: /^\d+ \(.*\) [RSDZTtWXxKPI] -?\d+ -?\d+ -?\d+ /,
  parse(text) {
    let reason = 'no "PID (comm) S …" line found';
    for (const line of lines(text)) {
      if (line.trim() === '') continue;
      const read = readLine(line);
      if (typeof read !== 'string') return ok(read);
      if (START.test(line)) reason = read;
    }
    return fail(reason);
  },
  summarize: (d) =>
    `${d.comm} (${d.pid}) ${d.state}: utime ${d.utimeTicks} stime ${d.stimeTicks} ticks, ${d.numThreads} threads, rss ${d.rssPages} pages`,
};
