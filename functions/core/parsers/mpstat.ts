import {
  optionalNumber,
  readCpuId,
  readSysstat,
  readTimeLabel,
  type SysstatBanner,
  splitFromRight,
} from './sysstat.js';
import { fail, ok, type ToolParser } from './types.js';

/** sysstat `mpstat [-P ALL] [interval [count]]`: CPU time split per CPU, 0–100 percent. */
export interface MpstatOutput {
  banner: SysstatBanner | null;
  /** One entry per report time, in order, with every CPU printed at that time. */
  intervals: MpstatInterval[];
  /** The `Average:` rows; empty when mpstat was stopped before printing them. */
  average: MpstatCpu[];
}

export interface MpstatInterval {
  /** As printed: `07:38:50 PM`, `20:39:40`; null when the row had no time. */
  time: string | null;
  cpus: MpstatCpu[];
}

/** Columns an older sysstat does not print (`%gnice` before 10.1, `%guest` before 9) are absent. */
export interface MpstatCpu {
  cpu: 'all' | number;
  usr: number;
  nice: number;
  sys: number;
  iowait: number;
  irq?: number;
  soft?: number;
  steal?: number;
  guest?: number;
  gnice?: number;
  idle: number;
}

type Field = Exclude<keyof MpstatCpu, 'cpu'>;

/** Header names across sysstat versions (`%user` and `%system` in the oldest). */
const FIELDS: Record<string, Field> = {
  '%usr': 'usr',
  '%user': 'usr',
  '%nice': 'nice',
  '%sys': 'sys',
  '%system': 'sys',
  '%iowait': 'iowait',
  '%irq': 'irq',
  '%soft': 'soft',
  '%steal': 'steal',
  '%guest': 'guest',
  '%gnice': 'gnice',
  '%idle': 'idle',
};

const cpuTable = (tokens: string[]): number =>
  tokens.includes('%idle') ? tokens.indexOf('CPU') : -1;

export const readCpuRow = (columns: string[], values: string[]): MpstatCpu | null => {
  const cpu = readCpuId(values[0]);
  if (cpu === null) return null;
  const row: Partial<MpstatCpu> = { cpu };
  for (let i = 1; i < columns.length; i++) {
    const field = FIELDS[columns[i] ?? ''];
    const value = optionalNumber(values[i]);
    if (field === undefined) continue;
    if (value === undefined) return null;
    row[field] = value;
  }
  const { usr, nice, sys, iowait, idle } = row;
  if ([usr, nice, sys, iowait, idle].some((v) => v === undefined)) return null;
  return row as MpstatCpu;
};

export const mpstatParser: ToolParser<MpstatOutput> = {
  tool: 'mpstat',
  matchCommand: (command) => /^mpstat(\s|$)/.test(command),
  banner: /^\d{1,2}:\d{2}:\d{2}(\s+[AP]M)?\s+CPU\s+%(usr|user)\s+%nice\s+%sys\s+%iowait\s+%irq\b/,
  parse(text) {
    const { banner, rows } = readSysstat(text, cpuTable);
    const intervals: MpstatInterval[] = [];
    const average: MpstatCpu[] = [];
    let current: MpstatInterval | null = null;
    let lastColumns: string[] | null = null;
    for (const { columns, spans } of rows) {
      const split = splitFromRight(
        spans.map((s) => s.text),
        columns.length,
      );
      const cpu = split ? readCpuRow(columns, split.values) : null;
      if (!split || !cpu) continue;
      const { time, average: isAverage } = readTimeLabel(split.prefix);
      if (isAverage) {
        average.push(cpu);
        continue;
      }
      // A repeated header starts the next report even when two reports share a time label.
      if (!current || current.time !== time || columns !== lastColumns) {
        current = { time, cpus: [] };
        intervals.push(current);
      }
      lastColumns = columns;
      current.cpus.push(cpu);
    }
    if (intervals.length === 0 && average.length === 0) {
      return fail('no mpstat "CPU %usr … %idle" table with rows found');
    }
    return ok({ banner, intervals, average });
  },
  summarize(d) {
    const all = d.average.find((c) => c.cpu === 'all') ?? d.intervals.at(-1)?.cpus[0];
    const cpus = Math.max(0, ...d.intervals.map((i) => i.cpus.length));
    const split = all
      ? `: usr ${all.usr} sys ${all.sys} iowait ${all.iowait} steal ${all.steal ?? '-'} idle ${all.idle}`
      : '';
    return `${d.intervals.length} interval(s) × ${cpus} row(s)${d.average.length ? ' + average' : ''}${split}`;
  },
};
