/**
 * Go's CPU profile as `go tool pprof -top` or the interactive `(pprof) top` prints it: where a
 * Go process spent its CPU, function by function. The header says how much CPU the process
 * used over the profile (`Duration: 5.14s, Total samples = 4.40s (85.59%)`: 86% of one core).
 */
import { fields, lines, num, round2 } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

export interface PprofRow {
  /** CPU seconds spent in the function itself, and its share of all samples. */
  flatSeconds: number;
  flatPercent: number;
  /** CPU seconds in the function and everything it called. */
  cumSeconds: number;
  cumPercent: number;
  /** `runtime.selectgo`, `regexp.(*Regexp).tryBacktrack`; file paths and `(inline)` dropped. */
  symbol: string;
  /** Time the function spends inside a system call (a Go syscall wrapper or runtime trap). */
  kernel: boolean;
}

export interface PprofProfile {
  /** `cpu`, `inuse_space`…: only CPU profiles are read. */
  type?: string;
  /** The profile's wall time and the CPU time sampled in it. */
  durationSeconds?: number;
  sampledSeconds?: number;
  /** CPU used over the profile, percent of one core (pprof's own `(85.59%)`). */
  busyPercent?: number;
  rows: PprofRow[];
  /** Sum of `flatPercent` over the rows that are system calls. */
  kernelPercent: number;
}

const COLUMNS = /^\s*flat\s+flat%\s+sum%\s+cum\s+cum%/;
const DURATION = /Duration:\s*(\S+),\s*Total samples\s*=\s*(\S+)\s*\(\s*([\d.]+)%\)/;
const TYPE = /^Type:\s*(\S+)/;
const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  mins: 60,
  hrs: 3600,
};

/**
 * Go functions whose samples are time in the kernel: the syscall wrappers and the runtime's own
 * traps (futex, epoll, sched_yield as `osyield`, usleep, signal masks).
 */
const SYSCALL_FUNCTION =
  /^(?:syscall\.(?:Raw)?Syscall\d*|(?:internal\/runtime|runtime\/internal)\/syscall\.Syscall6|runtime\.(?:futex|epollwait|usleep|nanosleep|osyield|write1|read|madvise|mmap|munmap|tgkill|rtsigprocmask|sigaltstack|clone))$/;

/**
 * Go's profiler samples at 100 Hz: old pprof versions print sample counts (`298`), not times,
 * under `Total: 2525 samples`.
 */
const SECONDS_PER_SAMPLE = 0.01;

/** `1440ms` → 1.44, `2.05mins` → 123, `298` (samples) → 2.98; NaN for anything else. */
const seconds = (token: string | undefined): number => {
  const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|mins|hrs)?$/.exec(token ?? '');
  if (!m) return Number.NaN;
  const unit = m[2] === undefined ? SECONDS_PER_SAMPLE : UNIT_SECONDS[m[2]];
  // Rounded to the nanosecond so `3550ms` reads as 3.55, not 3.5500000000000003.
  return Math.round(Number(m[1]) * (unit ?? Number.NaN) * 1e9) / 1e9;
};

const percent = (token: string | undefined): number => num((token ?? '').replace(/%$/, ''));

const row = (line: string): PprofRow | null => {
  const [flat, flatPct, , cum, cumPct, symbol] = fields(line);
  const values = [seconds(flat), percent(flatPct), seconds(cum), percent(cumPct)];
  if (!symbol || !values.every(Number.isFinite)) return null;
  const [flatSeconds = 0, flatPercent = 0, cumSeconds = 0, cumPercent = 0] = values;
  return {
    flatSeconds,
    flatPercent,
    cumSeconds,
    cumPercent,
    symbol,
    kernel: SYSCALL_FUNCTION.test(symbol),
  };
};

export const pprofParser: ToolParser<PprofProfile> = {
  tool: 'pprof',
  matchCommand: (command) => /^(?:go\s+tool\s+)?pprof\b/.test(command),
  // A paste starts at `Type: cpu` when it keeps pprof's header, at the column names when not.
  banner: /^\s*flat\s+flat%\s+sum%\s+cum\s+cum%|^Type:\s*(?:cpu|inuse_\w+|alloc_\w+)\s*$/,
  parse(text) {
    const profile: PprofProfile = { rows: [], kernelPercent: 0 };
    let inTable = false;
    for (const line of lines(text)) {
      const type = TYPE.exec(line);
      if (type) profile.type = type[1];
      const duration = DURATION.exec(line);
      if (duration) {
        const wall = seconds(duration[1]);
        const sampled = seconds(duration[2]);
        if (Number.isFinite(wall)) profile.durationSeconds = wall;
        if (Number.isFinite(sampled)) profile.sampledSeconds = sampled;
        profile.busyPercent = Number(duration[3]);
      }
      if (COLUMNS.test(line)) {
        inTable = true;
        continue;
      }
      if (!inTable) continue;
      const read = row(line);
      if (read) profile.rows.push(read);
    }
    if (profile.type !== undefined && profile.type !== 'cpu') {
      return fail(`a ${profile.type} profile, not a CPU profile`);
    }
    if (profile.rows.length === 0) return fail('no `flat flat% sum% cum cum%` rows found');
    profile.kernelPercent = round2(
      profile.rows.filter((r) => r.kernel).reduce((sum, r) => sum + r.flatPercent, 0),
    );
    return ok(profile);
  },
  summarize(profile) {
    const top = profile.rows.reduce((a, b) => (b.flatPercent > a.flatPercent ? b : a));
    const busy =
      profile.busyPercent !== undefined ? `, ${profile.busyPercent}% of a core sampled` : '';
    return `${profile.rows.length} functions${busy}, hottest ${top.symbol} (${top.flatPercent}% flat)`;
  },
};
