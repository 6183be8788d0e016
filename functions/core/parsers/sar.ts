import { readCpuRow } from './mpstat.js';
import {
  optionalNumber,
  readCpuId,
  readSysstat,
  readTimeLabel,
  type SysstatBanner,
  splitFromRight,
} from './sysstat.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * sysstat `sar` live or from a data file: the CPU table (`-u`, `-u ALL`, `-P ALL`), the memory
 * table (`-r`, `-r ALL`) and the swap table (`-S`, and the swap columns old `sar -r` printed).
 * Other reports (`-n DEV`, `-q`, `-b`, …) are skipped.
 */
export interface SarOutput {
  banner: SysstatBanner | null;
  cpu: SarCpuRow[];
  memory: SarMemoryRow[];
  swap: SarSwapRow[];
}

interface SarTime {
  /** As printed (`12:58:10 PM`, `20:39:53`); null on `Average:` rows. */
  time: string | null;
  average: boolean;
}

/**
 * Percent of CPU time, 0–100; `%user`/`%system` are `usr`/`sys` as in mpstat.
 * `-u ALL` adds irq, soft, guest and gnice.
 */
export interface SarCpuRow extends SarTime {
  cpu: 'all' | number;
  usr: number;
  nice: number;
  sys: number;
  iowait: number;
  steal?: number;
  irq?: number;
  soft?: number;
  guest?: number;
  gnice?: number;
  idle: number;
}

/** `sar -r`, KiB. Columns a sysstat version does not print are absent. */
export interface SarMemoryRow extends SarTime {
  memFreeKiB: number;
  /** `kbavail`, sysstat ≥ 11.5.1. */
  availableKiB?: number;
  memUsedKiB: number;
  memUsedPercent: number;
  buffersKiB?: number;
  cachedKiB?: number;
  commitKiB?: number;
  /** Commit against RAM + swap; above 100 means overcommitted. */
  commitPercent?: number;
  activeKiB?: number;
  inactiveKiB?: number;
  dirtyKiB?: number;
  /** `-r ALL`. */
  anonPagesKiB?: number;
  slabKiB?: number;
  kernelStackKiB?: number;
  pageTablesKiB?: number;
  vmallocUsedKiB?: number;
}

/** `sar -S`, KiB. */
export interface SarSwapRow extends SarTime {
  swapFreeKiB: number;
  swapUsedKiB: number;
  swapUsedPercent: number;
  swapCachedKiB?: number;
  swapCachedPercent?: number;
}

type MemoryField = Exclude<keyof SarMemoryRow, keyof SarTime>;
type SwapField = Exclude<keyof SarSwapRow, keyof SarTime>;

const MEMORY_FIELDS: Record<string, MemoryField> = {
  kbmemfree: 'memFreeKiB',
  kbavail: 'availableKiB',
  kbmemused: 'memUsedKiB',
  '%memused': 'memUsedPercent',
  kbbuffers: 'buffersKiB',
  kbcached: 'cachedKiB',
  kbcommit: 'commitKiB',
  '%commit': 'commitPercent',
  kbactive: 'activeKiB',
  kbinact: 'inactiveKiB',
  kbdirty: 'dirtyKiB',
  kbanonpg: 'anonPagesKiB',
  kbslab: 'slabKiB',
  kbkstack: 'kernelStackKiB',
  kbpgtbl: 'pageTablesKiB',
  kbvmused: 'vmallocUsedKiB',
};

const SWAP_FIELDS: Record<string, SwapField> = {
  kbswpfree: 'swapFreeKiB',
  kbswpused: 'swapUsedKiB',
  '%swpused': 'swapUsedPercent',
  kbswpcad: 'swapCachedKiB',
  '%swpcad': 'swapCachedPercent',
};

const wantedTable = (tokens: string[]): number => {
  if (tokens.includes('%idle')) return tokens.indexOf('CPU');
  const memory = tokens.indexOf('kbmemfree');
  if (memory >= 0) return memory;
  return tokens.indexOf('kbswpfree');
};

/** Reads the values of `columns` named in `names`; null when one of them is not a number. */
const readFields = <F extends string>(
  columns: string[],
  values: string[],
  names: Record<string, F>,
): Partial<Record<F, number>> | null => {
  const out: Partial<Record<F, number>> = {};
  for (let i = 0; i < columns.length; i++) {
    const field = names[columns[i] ?? ''];
    if (field === undefined) continue;
    const value = optionalNumber(values[i]);
    if (value === undefined) return null;
    out[field] = value;
  }
  return out;
};

export const sarParser: ToolParser<SarOutput> = {
  tool: 'sar',
  matchCommand: (command) => /^sar(\s|$)/.test(command),
  banner:
    /^\d{1,2}:\d{2}:\d{2}(\s+[AP]M)?\s+(CPU\s+%user\s+%nice\s+%system\b|CPU\s+%usr\s+%nice\s+%sys\s+%iowait\s+%steal\b|kbmemfree\b)/,
  parse(text) {
    const { banner, rows } = readSysstat(text, wantedTable);
    const out: SarOutput = { banner, cpu: [], memory: [], swap: [] };
    for (const { columns, spans } of rows) {
      const split = splitFromRight(
        spans.map((s) => s.text),
        columns.length,
      );
      if (!split) continue;
      const when = readTimeLabel(split.prefix);
      if (columns[0] === 'CPU') {
        if (readCpuId(split.values[0]) === null) continue;
        const cpu = readCpuRow(columns, split.values);
        if (cpu) out.cpu.push({ ...when, ...cpu });
        continue;
      }
      if (columns.includes('kbmemfree')) {
        const memory = readFields(columns, split.values, MEMORY_FIELDS);
        const { memFreeKiB, memUsedKiB, memUsedPercent } = memory ?? {};
        if (memFreeKiB !== undefined && memUsedKiB !== undefined && memUsedPercent !== undefined) {
          out.memory.push({ ...when, ...memory, memFreeKiB, memUsedKiB, memUsedPercent });
        }
      }
      // sysstat < 8.1 printed the swap columns on the `-r` line; newer ones in a `-S` table.
      const swap = readFields(columns, split.values, SWAP_FIELDS);
      const { swapFreeKiB, swapUsedKiB, swapUsedPercent } = swap ?? {};
      if (swapFreeKiB !== undefined && swapUsedKiB !== undefined && swapUsedPercent !== undefined) {
        out.swap.push({ ...when, ...swap, swapFreeKiB, swapUsedKiB, swapUsedPercent });
      }
    }
    if (out.cpu.length + out.memory.length + out.swap.length === 0) {
      return fail('no sar CPU (-u), memory (-r) or swap (-S) table with rows found');
    }
    return ok(out);
  },
  summarize(d) {
    const parts: string[] = [];
    const cpu = d.cpu.find((r) => r.average && r.cpu === 'all') ?? d.cpu.at(-1);
    if (cpu)
      parts.push(
        `CPU ${d.cpu.length} rows (usr ${cpu.usr} sys ${cpu.sys} iowait ${cpu.iowait} idle ${cpu.idle})`,
      );
    const mem = d.memory.find((r) => r.average) ?? d.memory.at(-1);
    if (mem) parts.push(`memory ${d.memory.length} rows (${mem.memUsedPercent}% used)`);
    if (d.swap.length) parts.push(`swap ${d.swap.length} rows`);
    return parts.join(', ');
  },
};
