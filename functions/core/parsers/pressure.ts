import { lines } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/** The resources the kernel reports stall for (`irq` since 6.1, when IRQ time is accounted). */
export type PressureResource = 'cpu' | 'memory' | 'io' | 'irq';

/** One `some` or `full` line: percentages 0–100 and the stall total since boot. */
export interface PressureAverages {
  avg10: number;
  avg60: number;
  avg300: number;
  totalMicroseconds: number;
}

/** `some`: at least one task stalled; `full`: every non-idle task stalled at once (thrashing). */
export interface PressureStall {
  some?: PressureAverages;
  full?: PressureAverages;
}

/**
 * Pressure stall information from `/proc/pressure/{cpu,memory,io,irq}` (kernel ≥ 4.20), or a
 * cgroup's `memory.pressure` files. Kernels before 5.13 print only `some` for cpu.
 */
export interface Pressure {
  cpu?: PressureStall;
  memory?: PressureStall;
  io?: PressureStall;
  irq?: PressureStall;
  /** Stalls whose resource could not be told: a headerless paste of one unnamed file. */
  unattributed: PressureStall[];
  /** The cgroup directory whose `*.pressure` files were read; absent for the whole host. */
  cgroup?: string;
}

const RESOURCES: readonly PressureResource[] = ['cpu', 'memory', 'io', 'irq'];
const isResource = (s: string | undefined): s is PressureResource =>
  RESOURCES.includes(s as PressureResource);

// Optional `grep` prefix (`/proc/pressure/cpu:` or, with -n, `/proc/pressure/cpu:1:`).
const ENTRY =
  /(?:(?:^|\s)\S*?\b(cpu|memory|io|irq)(?:\.pressure)?:(?:\d+:)?)?\s*(some|full)\s+avg10=(\d+(?:\.\d+)?)\s+avg60=(\d+(?:\.\d+)?)\s+avg300=(\d+(?:\.\d+)?)\s+total=(\d+)/g;
// A line naming the file that follows: `/proc/pressure/io`, `==> /proc/pressure/io <==`, `io:`.
const LABEL = /^(?:==>\s*)?(?:\S*\/)?(cpu|memory|io|irq)(?:\.pressure)?(?:\s*<==)?\s*:?$/;

interface Entry {
  kind: 'some' | 'full';
  averages: PressureAverages;
  resource?: PressureResource;
}

/** The files a command reads, in the order `cat` prints them; `*` expands as the shell sorts. */
const filesOf = (command: string | null): { files: PressureResource[]; glob: boolean } => {
  if (command === null) return { files: [], glob: false };
  const files: PressureResource[] = [];
  let glob = false;
  for (const m of command.matchAll(
    /(?:pressure\/|\/)(\{[\w,]+\}|\*|cpu|memory|io|irq)(?:\.pressure)?(?![\w.])/g,
  )) {
    const arg = m[1] ?? '';
    if (arg === '*') glob = true;
    const names = arg.startsWith('{') ? arg.slice(1, -1).split(',') : [arg];
    for (const name of names) if (isResource(name)) files.push(name);
  }
  return { files, glob };
};

/** Splits unlabelled entries into files: each starts with `some`, except irq's lone `full`. */
const group = (entries: Entry[]): Entry[][] => {
  const groups: Entry[][] = [];
  for (const e of entries) {
    const current = groups[groups.length - 1];
    const prev = current?.[current.length - 1];
    if (!current || e.kind === 'some' || prev?.kind === 'full') groups.push([e]);
    else current.push(e);
  }
  return groups;
};

const stallOf = (entries: Entry[]): PressureStall => {
  const stall: PressureStall = {};
  for (const e of entries) stall[e.kind] = e.averages;
  return stall;
};

export const pressureParser: ToolParser<Pressure> = {
  tool: 'pressure',
  matchCommand: (command) =>
    /^(?:cat|grep|egrep|head|tail|more|less|for)\b.*(?:\/proc\/pressure\b|\/sys\/fs\/cgroup\/\S*\.pressure\b)/.test(
      command,
    ),
  banner: /^\s*(?:\S*(?:cpu|memory|io|irq)(?:\.pressure)?:(?:\d+:)?)?(?:some|full) avg10=\d/,
  parse(text, command) {
    const entries: Entry[] = [];
    let label: PressureResource | undefined;
    for (const line of lines(text)) {
      const named = LABEL.exec(line.trim())?.[1];
      if (isResource(named)) {
        label = named;
        continue;
      }
      for (const m of line.matchAll(ENTRY)) {
        const prefixed = m[1];
        const resource = isResource(prefixed) ? prefixed : label;
        entries.push({
          kind: m[2] === 'full' ? 'full' : 'some',
          averages: {
            avg10: Number(m[3]),
            avg60: Number(m[4]),
            avg300: Number(m[5]),
            totalMicroseconds: Number(m[6]),
          },
          ...(resource === undefined ? {} : { resource }),
        });
      }
    }
    if (entries.length === 0)
      return fail('no "some avg10=0.00 avg60=0.00 avg300=0.00 total=0" lines found');

    const data: Pressure = { unattributed: [] };
    const cgroup =
      command === null
        ? undefined
        : /(\/sys\/fs\/cgroup\S*)\/[\w{},*]+\.pressure\b/.exec(command)?.[1];
    if (cgroup !== undefined) data.cgroup = cgroup;
    for (const e of entries) {
      if (e.resource) data[e.resource] = { ...data[e.resource], [e.kind]: e.averages };
    }

    const groups = group(entries.filter((e) => !e.resource));
    const { files, glob } = filesOf(command);
    let names: PressureResource[] = files;
    if (glob) {
      // The shell sorts `*`: cpu, io, irq (6.1+, a lone `full` line), memory.
      names = groups.length === 4 ? ['cpu', 'io', 'irq', 'memory'] : ['cpu', 'io', 'memory'];
    }
    groups.forEach((g, i) => {
      const name = names.length === groups.length ? names[i] : undefined;
      if (name) data[name] = stallOf(g);
      else data.unattributed.push(stallOf(g));
    });
    return ok(data);
  },
  summarize: (d) => {
    const parts = RESOURCES.flatMap((r) => {
      const s = d[r];
      if (!s) return [];
      const full = s.full ? ` full ${s.full.avg10}%` : '';
      return [`${r} some ${s.some?.avg10 ?? '?'}%${full}`];
    });
    if (d.unattributed.length > 0) parts.push(`${d.unattributed.length} unnamed`);
    return `avg10: ${parts.join(', ')}`;
  },
};
