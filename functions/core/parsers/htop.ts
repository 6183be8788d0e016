import { lines } from './text.js';
import { readTask, type TopTask } from './top.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * `htop` as people copy it from the terminal: the meters (`0[|||  45.2%]`, `Mem[|| 1.2G/7.7G]`,
 * `Swp[…]`, `Tasks: 36, 409 thr; 2 running`, `Load average: …`, `Uptime: …`) and the process
 * table (`PID USER PRI NI VIRT RES SHR S CPU% MEM% TIME+ Command`). htop has no batch mode, so
 * every paste is one screen, often cut (meters only, or rows only).
 */
export interface HtopOutput {
  /** Each CPU bar in the order printed: its label (`0`, `1`, `CPU`, `Avg`) and busy percent. */
  cpus: { label: string; busyPercent: number }[];
  memory: HtopUsage | null;
  swap: HtopUsage | null;
  tasks: HtopTasks | null;
  load1: number | null;
  load5: number | null;
  load15: number | null;
  uptimeSeconds: number | null;
  /** The table's header as printed, htop's names mapped to top's (`CPU%` → `%CPU`). */
  columns: string[];
  processes: TopTask[];
}

export interface HtopUsage {
  usedKiB: number;
  totalKiB: number;
}

/** `Tasks: 55, 324 thr, 90 kthr; 1 running`: processes, userland and kernel threads. */
export interface HtopTasks {
  processes: number;
  threads?: number;
  kernelThreads?: number;
  running?: number;
}

/** Lines longer than this are not htop's (its screen is a terminal's width); skipped, linear. */
const MAX_LINE = 4096;

/** A meter: label, `[`, bar and value, `]`. The label is a CPU number, `CPU`, `Avg`, Mem or Swp. */
const METER = /(?:^|\s)(\d+|CPU|Avg|Mem|Swp)\s*\[([^\]]{0,400})\]/g;

const UNIT_KIB: Record<string, number> = { '': 1, k: 1, m: 1024, g: 1024 ** 2, t: 1024 ** 3 };

/** `264M/951M`, `1.59G/1.80G`, `0K/0K`, `4.5m/8.00G` at the end of a bar → KiB. */
const readUsage = (bar: string): HtopUsage | null => {
  const m = /([\d.]+)([KMGTkmgt]?)\/([\d.]+)([KMGTkmgt]?)\s*$/.exec(bar);
  if (!m) return null;
  const used = Number(m[1]) * (UNIT_KIB[(m[2] ?? '').toLowerCase()] ?? Number.NaN);
  const total = Number(m[3]) * (UNIT_KIB[(m[4] ?? '').toLowerCase()] ?? Number.NaN);
  if (!Number.isFinite(used) || !Number.isFinite(total)) return null;
  return { usedKiB: Math.round(used), totalKiB: Math.round(total) };
};

/** `00:35:30`, `57 days, 00:27:57`, `111 days(!), 00:31:00` → seconds. */
const readUptime = (text: string): number | null => {
  const m = /(?:(\d+)\s+days?(?:\(!\))?,\s*)?(\d+):(\d{2}):(\d{2})/.exec(text);
  if (!m) return null;
  return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
};

/** htop's column names as top prints them, so one row reader serves both. */
const TOP_NAMES: Record<string, string> = {
  PRI: 'PR',
  'CPU%': '%CPU',
  'MEM%': '%MEM',
  Command: 'COMMAND',
  NLWP: 'nTH',
};

const HEADER = /^\s*PID\s.*\b(?:CPU%|PRI)(?:\s|$)/;

const emptyOutput = (): HtopOutput => ({
  cpus: [],
  memory: null,
  swap: null,
  tasks: null,
  load1: null,
  load5: null,
  load15: null,
  uptimeSeconds: null,
  columns: [],
  processes: [],
});

const readMeters = (out: HtopOutput, line: string): void => {
  for (const m of line.matchAll(METER)) {
    const label = m[1] ?? '';
    const bar = m[2] ?? '';
    if (label === 'Mem' || label === 'Swp') {
      const usage = readUsage(bar);
      if (usage && label === 'Mem') out.memory = usage;
      if (usage && label === 'Swp') out.swap = usage;
      continue;
    }
    const percent = /(\d+(?:\.\d+)?)%\s*$/.exec(bar);
    if (percent) out.cpus.push({ label, busyPercent: Number(percent[1]) });
  }
  const tasks =
    /Tasks:\s*(\d+)(?:,\s*(\d+)\s+thr)?(?:,\s*(\d+)\s+kthr)?(?:;\s*(\d+)\s+running)?/.exec(line);
  if (tasks) {
    out.tasks = { processes: Number(tasks[1]) };
    if (tasks[2] !== undefined) out.tasks.threads = Number(tasks[2]);
    if (tasks[3] !== undefined) out.tasks.kernelThreads = Number(tasks[3]);
    if (tasks[4] !== undefined) out.tasks.running = Number(tasks[4]);
  }
  const load = /Load average:\s*(\d+\.\d+)\s+(\d+\.\d+)\s+(\d+\.\d+)/.exec(line);
  if (load) {
    out.load1 = Number(load[1]);
    out.load5 = Number(load[2]);
    out.load15 = Number(load[3]);
  }
  const uptime = /Uptime:\s*(.*)$/.exec(line);
  if (uptime) out.uptimeSeconds = readUptime(uptime[1] ?? '');
};

export const htopParser: ToolParser<HtopOutput> = {
  tool: 'htop',
  matchCommand: (command) => /^htop(?:\s|$)/.test(command),
  // A CPU, Mem or Swp meter, or the process table's header (`CPU%` and `PRI`: top says
  // `%CPU` and `PR`).
  banner:
    /^(?=.{0,1000}$)(?:\s*(?:\d+|CPU|Avg)\s*\[[^\]]*\d%\]|\s*(?:Mem|Swp)\[|(?=\s*PID\s)(?=.*\bCPU%)(?=.*\bPRI\b))/,
  parse(text) {
    const out = emptyOutput();
    for (const raw of lines(text)) {
      if (raw.length > MAX_LINE) continue;
      if (HEADER.test(raw)) {
        out.columns = raw
          .trim()
          .split(/\s+/)
          .map((c) => TOP_NAMES[c] ?? c.toUpperCase());
        continue;
      }
      if (out.columns.length > 0) {
        const task = readTask(raw, out.columns);
        if (task) {
          out.processes.push(task);
          continue;
        }
      }
      readMeters(out, raw);
    }
    if (out.cpus.length === 0 && out.memory === null && out.processes.length === 0) {
      return fail('no htop meter (`0[||| 12.5%]`, `Mem[…]`) or process table found');
    }
    return ok(out);
  },
  summarize(d) {
    const busy = d.cpus.map((c) => `${c.busyPercent}%`).join(' ');
    const parts = [
      d.cpus.length > 0 ? `${d.cpus.length} CPU bar(s) ${busy}` : 'no CPU bars',
      d.memory
        ? `mem ${Math.round(d.memory.usedKiB / 1024)}/${Math.round(d.memory.totalKiB / 1024)} MiB`
        : null,
      d.load1 !== null ? `load ${d.load1} ${d.load5} ${d.load15}` : null,
      `${d.processes.length} processes`,
    ];
    return parts.filter((p) => p !== null).join(', ');
  },
};
