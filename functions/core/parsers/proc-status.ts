import { fields, lines, num } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * `/proc/PID/status`, whole or as selected lines (`grep -E 'Threads|VmRSS|SigCgt'`). Sizes are
 * in KiB as the kernel prints them (`VmRSS:	  507080 kB`); signal masks are decoded into
 * names, so a consumer can ask whether the process catches SIGPROF (a profiler's timer).
 */
export interface ProcessStatus {
  /** From `Pid:`, else from the command's `/proc/PID/status` path; null for `self`. */
  pid: number | null;
  name?: string;
  /** One letter: `R`, `S`, `D`, `Z`, `T`, `t`, `X`, `I`. */
  state?: string;
  /** The kernel's word for it: `running`, `sleeping`, `disk sleep`… */
  stateName?: string;
  tgid?: number;
  ppid?: number;
  /** Real user id (first of `Uid:`'s four). */
  uid?: number;
  threads?: number;
  fdSize?: number;
  vmPeakKiB?: number;
  vmSizeKiB?: number;
  vmHwmKiB?: number;
  vmRssKiB?: number;
  rssAnonKiB?: number;
  rssFileKiB?: number;
  rssShmemKiB?: number;
  vmDataKiB?: number;
  vmSwapKiB?: number;
  voluntaryCtxtSwitches?: number;
  nonvoluntaryCtxtSwitches?: number;
  /** `SigQ: 3/96365` → signals queued to the real user, and the limit. */
  signalQueue?: { queued: number; limit: number };
  /** Signal names from the masks: SigPnd, ShdPnd, SigBlk, SigIgn, SigCgt. */
  pendingSignals?: string[];
  sharedPendingSignals?: string[];
  blockedSignals?: string[];
  ignoredSignals?: string[];
  /** Signals with a handler installed (`SigCgt`): `['SIGVTALRM', 'SIGPROF', …]`. */
  caughtSignals?: string[];
  /** Every `Key: value` line as printed (whitespace collapsed), kernel-specific ones too. */
  fields: Record<string, string>;
}

/** Linux signal names on x86-64 and arm64 (the generic numbering), by number. */
const SIGNAL_NAMES = [
  '',
  'SIGHUP',
  'SIGINT',
  'SIGQUIT',
  'SIGILL',
  'SIGTRAP',
  'SIGABRT',
  'SIGBUS',
  'SIGFPE',
  'SIGKILL',
  'SIGUSR1',
  'SIGSEGV',
  'SIGUSR2',
  'SIGPIPE',
  'SIGALRM',
  'SIGTERM',
  'SIGSTKFLT',
  'SIGCHLD',
  'SIGCONT',
  'SIGSTOP',
  'SIGTSTP',
  'SIGTTIN',
  'SIGTTOU',
  'SIGURG',
  'SIGXCPU',
  'SIGXFSZ',
  'SIGVTALRM',
  'SIGPROF',
  'SIGWINCH',
  'SIGIO',
  'SIGPWR',
  'SIGSYS',
];

/**
 * The name of signal `n` as `kill -l` prints it. 32 and 33 are glibc's own (thread
 * cancellation, setxid) and have no name there; 34–64 are the real-time range.
 */
export const signalName = (n: number): string => {
  if (n >= 1 && n <= 31) return SIGNAL_NAMES[n] ?? `SIG${n}`;
  if (n === 34) return 'SIGRTMIN';
  if (n === 64) return 'SIGRTMAX';
  if (n > 34 && n <= 49) return `SIGRTMIN+${n - 34}`;
  if (n >= 50 && n < 64) return `SIGRTMAX-${64 - n}`;
  return `SIG${n}`;
};

/**
 * A `SigCgt`-style hex mask → signal names, lowest first (bit n-1 is signal n). Read a hex
 * digit at a time, so masks of any width need no BigInt. Null when it is not hex.
 */
export const decodeSignalMask = (hex: string): string[] | null => {
  const clean = hex.trim().replace(/^0x/i, '');
  if (!/^[0-9a-f]+$/i.test(clean)) return null;
  const out: string[] = [];
  for (let i = 0; i < clean.length; i++) {
    const digit = Number.parseInt(clean[clean.length - 1 - i] ?? '0', 16);
    for (let bit = 0; bit < 4; bit++) if (digit & (1 << bit)) out.push(signalName(i * 4 + bit + 1));
  }
  return out;
};

/** `507080 kB` → 507080 (KiB); a bare number as is. */
const sizeKiB = (value: string): number => {
  const [n, unit] = fields(value);
  const v = num(n);
  if (unit === undefined || /^kb$/i.test(unit)) return v;
  if (/^mb$/i.test(unit)) return v * 1024;
  if (/^gb$/i.test(unit)) return v * 1024 * 1024;
  return Number.NaN;
};

type NumericKey = {
  [K in keyof ProcessStatus]-?: ProcessStatus[K] extends number | undefined ? K : never;
}[keyof ProcessStatus];

const NUMBERS: Record<string, NumericKey> = {
  Tgid: 'tgid',
  PPid: 'ppid',
  Threads: 'threads',
  FDSize: 'fdSize',
  voluntary_ctxt_switches: 'voluntaryCtxtSwitches',
  nonvoluntary_ctxt_switches: 'nonvoluntaryCtxtSwitches',
};
const SIZES: Record<string, NumericKey> = {
  VmPeak: 'vmPeakKiB',
  VmSize: 'vmSizeKiB',
  VmHWM: 'vmHwmKiB',
  VmRSS: 'vmRssKiB',
  RssAnon: 'rssAnonKiB',
  RssFile: 'rssFileKiB',
  RssShmem: 'rssShmemKiB',
  VmData: 'vmDataKiB',
  VmSwap: 'vmSwapKiB',
};
const MASKS = {
  SigPnd: 'pendingSignals',
  ShdPnd: 'sharedPendingSignals',
  SigBlk: 'blockedSignals',
  SigIgn: 'ignoredSignals',
  SigCgt: 'caughtSignals',
} as const;

/** The PID in a command's `/proc/PID/status` (or `/proc/PID/task/TID/status`) path. */
const commandPid = (command: string | null): number | null => {
  const m = /\/proc\/(\d+)(?:\/task\/(\d+))?\/status\b/.exec(command ?? '');
  if (!m) return null;
  return Number(m[2] ?? m[1]);
};

/** Lines every status file has; two must be there, one besides `Name:` and `State:`. */
const STATUS_KEYS =
  /^(?:Name|Umask|State|Tgid|Ngid|Pid|PPid|TracerPid|Uid|Gid|FDSize|Groups|NStgid|NSpid|Vm[A-Za-z]+|Rss[A-Za-z]+|Threads|SigQ|SigPnd|ShdPnd|SigBlk|SigIgn|SigCgt|Cap[A-Za-z]+|Seccomp|Cpus_allowed(?:_list)?|Mems_allowed(?:_list)?|(?:non)?voluntary_ctxt_switches)$/;

export const procStatusParser: ToolParser<ProcessStatus> = {
  tool: 'proc-status',
  matchCommand: (command) =>
    /^(?:cat|grep|egrep|fgrep|head|tail|awk|sed|less|more)\b.*\/proc\/[^/\s]+(?:\/task\/[^/\s]+)?\/status\b/.test(
      command,
    ),
  banner: /^Name:\s+\S/,
  parse(text, command) {
    const raw = new Map<string, string>();
    let known = 0;
    let distinctive = 0;
    for (const line of lines(text)) {
      // `grep … /proc/*/status` prefixes each line with the file name.
      const m = /^(?:\/proc\/\d+\/status:)?([A-Za-z_][A-Za-z0-9_]*):\s*(.*)$/.exec(line.trim());
      if (!m) continue;
      const key = m[1] ?? '';
      if (raw.has(key)) continue;
      raw.set(key, key === 'Name' ? (m[2] ?? '') : fields(m[2] ?? '').join(' '));
      if (STATUS_KEYS.test(key)) {
        known++;
        if (key !== 'Name' && key !== 'State') distinctive++;
      }
    }
    if (known < 2 || distinctive < 1) {
      return fail('no /proc/PID/status lines (`Name:`, `State:`, `VmRSS:`, `SigCgt:` …) found');
    }

    const pidField = num(raw.get('Pid'));
    const status: ProcessStatus = {
      pid: Number.isInteger(pidField) ? pidField : commandPid(command),
      fields: Object.fromEntries(raw),
    };
    const name = raw.get('Name');
    if (name !== undefined) status.name = name;
    const state = /^([A-Za-z])(?:\s+\((.*)\))?/.exec(raw.get('State') ?? '');
    if (state) {
      status.state = state[1] ?? '';
      if (state[2] !== undefined) status.stateName = state[2];
    }
    const uid = num(fields(raw.get('Uid') ?? '')[0]);
    if (Number.isInteger(uid)) status.uid = uid;
    for (const [key, prop] of Object.entries(NUMBERS)) {
      const v = num(raw.get(key));
      if (Number.isFinite(v)) status[prop] = v;
    }
    for (const [key, prop] of Object.entries(SIZES)) {
      const text = raw.get(key);
      const v = text === undefined ? Number.NaN : sizeKiB(text);
      if (Number.isFinite(v)) status[prop] = v;
    }
    const sigQ = /^(\d+)\/(\d+)$/.exec(raw.get('SigQ') ?? '');
    if (sigQ) status.signalQueue = { queued: Number(sigQ[1]), limit: Number(sigQ[2]) };
    for (const [key, prop] of Object.entries(MASKS)) {
      const text = raw.get(key);
      const names = text === undefined ? null : decodeSignalMask(text);
      if (names) status[prop] = names;
    }
    return ok(status);
  },
  summarize(d) {
    const parts = [`${d.name ?? 'process'}${d.pid === null ? '' : ` (${d.pid})`}`];
    if (d.state) parts.push(`state ${d.state}`);
    if (d.threads !== undefined) parts.push(`${d.threads} threads`);
    if (d.vmRssKiB !== undefined) parts.push(`VmRSS ${d.vmRssKiB} KiB`);
    if (d.caughtSignals?.includes('SIGPROF')) parts.push('catches SIGPROF');
    return parts.join(', ');
  },
};
