import { lines } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * `/proc/meminfo`. Every `Key: N kB` line lands in `kib`; the lines without a unit (the
 * `HugePages_*` page counts) in `counts`. The typed fields repeat the ones the rules read; each is
 * absent when the kernel does not print it (MemAvailable appeared in 3.14) or the paste left it out.
 */
export interface MemInfo {
  kib: Record<string, number>;
  counts: Record<string, number>;
  memTotal?: number;
  memFree?: number;
  memAvailable?: number;
  buffers?: number;
  cached?: number;
  swapCached?: number;
  active?: number;
  inactive?: number;
  swapTotal?: number;
  swapFree?: number;
  dirty?: number;
  writeback?: number;
  anonPages?: number;
  mapped?: number;
  shmem?: number;
  slab?: number;
  sReclaimable?: number;
  sUnreclaim?: number;
  kernelStack?: number;
  pageTables?: number;
  commitLimit?: number;
  committedAS?: number;
  anonHugePages?: number;
  hugePagesTotal?: number;
  hugePagesFree?: number;
  hugepagesize?: number;
  /** The last line had no `kB` although its key takes one: the paste was cut and it was dropped. */
  truncated: boolean;
}

type TypedField = Exclude<keyof MemInfo, 'kib' | 'counts' | 'truncated'>;

const TYPED: Record<string, TypedField> = {
  MemTotal: 'memTotal',
  MemFree: 'memFree',
  MemAvailable: 'memAvailable',
  Buffers: 'buffers',
  Cached: 'cached',
  SwapCached: 'swapCached',
  Active: 'active',
  Inactive: 'inactive',
  SwapTotal: 'swapTotal',
  SwapFree: 'swapFree',
  Dirty: 'dirty',
  Writeback: 'writeback',
  AnonPages: 'anonPages',
  Mapped: 'mapped',
  Shmem: 'shmem',
  Slab: 'slab',
  SReclaimable: 'sReclaimable',
  SUnreclaim: 'sUnreclaim',
  KernelStack: 'kernelStack',
  PageTables: 'pageTables',
  CommitLimit: 'commitLimit',
  Committed_AS: 'committedAS',
  AnonHugePages: 'anonHugePages',
  HugePages_Total: 'hugePagesTotal',
  HugePages_Free: 'hugePagesFree',
  Hugepagesize: 'hugepagesize',
};

// `grep -H` prefixes the file name; `Active(anon)` has parentheses.
const LINE = /^\s*(?:\S*meminfo:)?([A-Za-z][\w()]*)\s*:\s*(\d+)(\s*kB)?\s*$/i;

export const meminfoParser: ToolParser<MemInfo> = {
  tool: 'meminfo',
  matchCommand: (command) =>
    /^(?:cat|grep|egrep|fgrep|head|tail|less|more|sort)\b.*\/proc\/meminfo\b/.test(command),
  banner: /^MemTotal:\s+\d+ kB/,
  parse(text) {
    // Null prototypes: keys come from the input and must not reach Object.prototype.
    const kib: Record<string, number> = Object.create(null);
    const counts: Record<string, number> = Object.create(null);
    const typed: Partial<Record<TypedField, number>> = {};
    let last: { key: string; withUnit: boolean } | undefined;
    for (const line of lines(text)) {
      const m = LINE.exec(line);
      if (!m) continue;
      const key = m[1] ?? '';
      const n = Number(m[2]);
      const withUnit = m[3] !== undefined;
      (withUnit ? kib : counts)[key] = n;
      const field = Object.hasOwn(TYPED, key) ? TYPED[key] : undefined;
      if (field) typed[field] = n;
      last = { key, withUnit };
    }
    // Only the HugePages_* lines are unitless; any other key without `kB` at the end of the
    // paste was cut mid-line (`SUnreclaim:   2380` for `23808 kB`), so its number is wrong.
    const truncated = !!last && !last.withUnit && !/^HugePages_/.test(last.key);
    if (last && truncated) {
      delete counts[last.key];
      const field = TYPED[last.key];
      if (field) delete typed[field];
    }
    if (Object.keys(kib).length === 0) return fail('no "MemTotal:   1006932 kB" style lines found');
    return ok({ kib, counts, ...typed, truncated });
  },
  summarize: (d) => {
    const mib = (k: number | undefined) => (k === undefined ? '?' : `${Math.round(k / 1024)} MiB`);
    return `${Object.keys(d.kib).length} fields, MemTotal ${mib(d.memTotal)}, MemAvailable ${mib(d.memAvailable)}`;
  },
};
