import { fields } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/** How the printed numbers were scaled: one unit for the whole table, or a suffix per value (`-h`). */
export type FreeUnit =
  | 'B'
  | 'KiB'
  | 'MiB'
  | 'GiB'
  | 'TiB'
  | 'PiB'
  | 'kB'
  | 'MB'
  | 'GB'
  | 'TB'
  | 'PB'
  | 'per-value';

/**
 * `free` in its layouts, every size in KiB:
 * - procps-ng ≥ 3.3.10: `total used free shared buff/cache available` (`-w` splits buffers and cache);
 * - older procps (CentOS 6, Amazon Linux 1, Ubuntu 14.04): `total used free shared buffers cached`
 *   plus a `-/+ buffers/cache:` row, and no `available`.
 *
 * `used` is kept as printed, and its meaning changed across versions: total − free in the old
 * layout (caches included), total − free − buff/cache in procps-ng 3.3.10–3.3.17, and
 * total − available in procps-ng 4. Read `available` to judge memory pressure.
 */
export interface FreeMemory {
  total: number;
  used: number;
  free: number;
  shared?: number;
  buffers?: number;
  cached?: number;
  /** buff/cache, or buffers + cached where they are printed apart. */
  buffCache?: number;
  available?: number;
  /**
   * True when `available` was not printed and was taken from the old layout's `-/+ buffers/cache`
   * free (or free + buffers + cached): an upper bound of what the kernel's MemAvailable would say.
   */
  availableDerived: boolean;
  swapTotal?: number;
  swapUsed?: number;
  swapFree?: number;
  layout: 'available' | 'buffers-cache';
  unit: FreeUnit;
  /** Where the unit came from; `guessed` when a headerless paste printed bare numbers. */
  unitSource: 'command' | 'suffix' | 'guessed';
  /** `Mem:` rows seen (`free -s 1 -c 5` prints several); the fields describe the last. */
  samples: number;
}

const COLUMNS = new Set([
  'total',
  'used',
  'free',
  'shared',
  'buffers',
  'cached',
  'cache',
  'buff/cache',
  'available',
]);
// `990M`, `8.7Mi`, `0B`, and a decimal comma under some locales (`1,2Gi`).
const VALUE = /^(\d+(?:[.,]\d+)?)([KMGTP]i?|[kmgtp]i?|B)?$/;
const POWERS = { B: 0, K: 1, M: 2, G: 3, T: 4, P: 5 } as const;

interface Scale {
  unit: FreeUnit;
  /** Bytes per printed unit, for values without a suffix. */
  bytes: number;
  /** Whether suffixes without `i` mean powers of 1000 (`--si`). */
  si: boolean;
}

const UNIT_BY_FLAG: Record<string, [FreeUnit, number]> = {
  b: ['B', 1],
  k: ['KiB', 1024],
  m: ['MiB', 1024 ** 2],
  g: ['GiB', 1024 ** 3],
  bytes: ['B', 1],
  kibi: ['KiB', 1024],
  mebi: ['MiB', 1024 ** 2],
  gibi: ['GiB', 1024 ** 3],
  tebi: ['TiB', 1024 ** 4],
  pebi: ['PiB', 1024 ** 5],
  kilo: ['kB', 1e3],
  mega: ['MB', 1e6],
  giga: ['GB', 1e9],
  tera: ['TB', 1e12],
  peta: ['PB', 1e15],
};
const SI_OF: Partial<Record<FreeUnit, [FreeUnit, number]>> = {
  KiB: ['kB', 1e3],
  MiB: ['MB', 1e6],
  GiB: ['GB', 1e9],
};

/** The unit the command's options ask for; undefined for a headerless paste. */
const scaleOf = (command: string | null): Scale | undefined => {
  if (command === null || !/^free\b/.test(command)) return undefined;
  let unit: [FreeUnit, number] = ['KiB', 1024];
  let si = false;
  const args = command.split('|')[0]?.trim().split(/\s+/).slice(1) ?? [];
  for (const arg of args) {
    const long = /^--([a-z]+)/.exec(arg)?.[1];
    if (long !== undefined) {
      if (long === 'si') si = true;
      unit = UNIT_BY_FLAG[long] ?? unit;
      continue;
    }
    if (!/^-[a-zA-Z]/.test(arg)) continue;
    for (const letter of arg.slice(1)) {
      if (letter === 's' || letter === 'c') break; // the rest is the option's argument
      unit = UNIT_BY_FLAG[letter] ?? unit;
    }
  }
  const siUnit = si ? SI_OF[unit[0]] : undefined;
  const [name, bytes] = siUnit ?? unit;
  return { unit: name, bytes, si };
};

/** A printed value in KiB; NaN when the token is not a value. */
const toKiB = (token: string, scale: Scale): number => {
  const m = VALUE.exec(token);
  if (!m) return Number.NaN;
  const n = Number((m[1] ?? '').replace(',', '.'));
  const suffix = m[2];
  if (suffix === undefined) return Math.round((n * scale.bytes) / 1024);
  const power = POWERS[suffix[0]?.toUpperCase() as keyof typeof POWERS];
  const base = suffix.endsWith('i') || !scale.si ? 1024 : 1000;
  return Math.round((n * base ** power) / 1024);
};

interface Frame {
  mem: string[];
  swap?: string[];
  plusMinus?: string[];
}

/** Column names by the number of values in a `Mem:` row, when the header was not pasted. */
const inferColumns = (count: number, oldLayout: boolean): string[] => {
  if (count >= 7) return ['total', 'used', 'free', 'shared', 'buffers', 'cached', 'available'];
  if (count === 6) {
    return oldLayout
      ? ['total', 'used', 'free', 'shared', 'buffers', 'cached']
      : ['total', 'used', 'free', 'shared', 'buff/cache', 'available'];
  }
  if (count === 5) return ['total', 'used', 'free', 'shared', 'buffers'];
  return ['total', 'used', 'free', 'shared'];
};

export const freeParser: ToolParser<FreeMemory> = {
  tool: 'free',
  matchCommand: (command) => /^free\b/.test(command),
  // Unanchored: a paste whose line breaks were lost starts with the prompt (`$ free total used …`).
  banner: /(?:^|\s)total\s+used\s+free\s+shared\s+(?:buff\/cache|buffers)\b/,
  parse(text, command) {
    // One token stream, so a table whose line breaks were lost in the paste reads the same.
    const tokens = fields(text);
    let header: string[] | undefined;
    const frames: Frame[] = [];
    const take = (from: number, max: number): string[] => {
      const out: string[] = [];
      for (
        let j = from;
        j < tokens.length && out.length < max && VALUE.test(tokens[j] ?? '');
        j++
      ) {
        out.push(tokens[j] ?? '');
      }
      return out;
    };
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t === 'total' && tokens[i + 1] === 'used') {
        const cols: string[] = [];
        for (let j = i; j < tokens.length && COLUMNS.has(tokens[j] ?? ''); j++) {
          cols.push(tokens[j] === 'cache' ? 'cached' : (tokens[j] ?? ''));
        }
        header = cols;
        i += cols.length - 1;
      } else if (t === 'Mem:') {
        const mem = take(i + 1, 8);
        frames.push({ mem });
        i += mem.length;
      } else if (t === 'Swap:' && frames.length > 0) {
        const swap = take(i + 1, 3);
        const frame = frames[frames.length - 1];
        if (frame) frame.swap = swap;
        i += swap.length;
      } else if (t === '-/+' && /^buffers/.test(tokens[i + 1] ?? '') && frames.length > 0) {
        const pair = take(i + 2, 2);
        const frame = frames[frames.length - 1];
        if (frame) frame.plusMinus = pair;
        i += pair.length + 1;
      }
    }

    const frame = frames.findLast((f) => f.mem.length >= 3);
    if (!frame) return fail('no "Mem:" row with total, used and free found');
    const suffixed = frame.mem.some((v) => /[A-Za-z]$/.test(v));
    let scale = scaleOf(command);
    let unitSource: FreeMemory['unitSource'] = suffixed ? 'suffix' : 'command';
    if (!scale) {
      const total = Number((frame.mem[0] ?? '').replace(',', '.'));
      // Bare numbers with no command: the default is KiB. No EC2 instance has under 256 MiB of
      // memory, so smaller totals were printed with -m (a t3.micro shows 949) or -g.
      const [unit, bytes]: [FreeUnit, number] =
        suffixed || total >= 65_536
          ? ['KiB', 1024]
          : total >= 256
            ? ['MiB', 1024 ** 2]
            : ['GiB', 1024 ** 3];
      scale = { unit, bytes, si: false };
      if (!suffixed) unitSource = 'guessed';
    }
    const s = scale;

    const columns =
      header && header.length >= 3 ? header : inferColumns(frame.mem.length, !!frame.plusMinus);
    const value = (name: string): number | undefined => {
      const at = columns.indexOf(name);
      const token = at < 0 ? undefined : frame.mem[at];
      return token === undefined ? undefined : toKiB(token, s);
    };
    const total = value('total');
    const used = value('used');
    const free = value('free');
    if (total === undefined || used === undefined || free === undefined) {
      return fail('the "Mem:" row has no total, used and free columns');
    }
    const shared = value('shared');
    const buffers = value('buffers');
    const cached = value('cached');
    const buffCache =
      value('buff/cache') ??
      (buffers !== undefined && cached !== undefined ? buffers + cached : undefined);

    let available = value('available');
    let availableDerived = false;
    const plusMinusFree = frame.plusMinus?.[1];
    if (available === undefined && plusMinusFree !== undefined) {
      available = toKiB(plusMinusFree, s);
      availableDerived = true;
    } else if (available === undefined && buffCache !== undefined) {
      available = free + buffCache;
      availableDerived = true;
    }
    const [swapTotal, swapUsed, swapFree] = (frame.swap ?? []).map((v) => toKiB(v, s));

    return ok({
      total,
      used,
      free,
      ...(shared === undefined ? {} : { shared }),
      ...(buffers === undefined ? {} : { buffers }),
      ...(cached === undefined ? {} : { cached }),
      ...(buffCache === undefined ? {} : { buffCache }),
      ...(available === undefined ? {} : { available }),
      availableDerived,
      ...(swapTotal === undefined ? {} : { swapTotal }),
      ...(swapUsed === undefined ? {} : { swapUsed }),
      ...(swapFree === undefined ? {} : { swapFree }),
      layout: columns.includes('available') ? 'available' : 'buffers-cache',
      unit: suffixed ? 'per-value' : s.unit,
      unitSource,
      samples: frames.length,
    });
  },
  summarize: (d) => {
    const mib = (k: number) => `${Math.round(k / 1024)} MiB`;
    const avail =
      d.available === undefined
        ? 'available unknown'
        : `${mib(d.available)} available${d.availableDerived ? ' (derived)' : ''}`;
    const swap = d.swapTotal ? `, swap ${mib(d.swapUsed ?? 0)}/${mib(d.swapTotal)} used` : '';
    return `${mib(d.total)} total, ${avail}${swap}`;
  },
};
