import { readSysstatBanner, type SysstatBanner, toNumber } from './sysstat.js';
import { lines } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * sysstat `iostat` (`-x`, `-d`, `-t`, `-k`/`-m`, `-h`), old (`avgrq-sz avgqu-sz await svctm`)
 * and new (sysstat ≥ 12: `r_await rareq-sz … aqu-sz`, discard and flush columns) layouts.
 * Throughputs are converted to kB/s whatever unit the columns used.
 */
export interface IostatOutput {
  banner: SysstatBanner | null;
  reports: IostatReport[];
}

/**
 * One report: the `avg-cpu` block and the device table printed together. **The first report of
 * a run is the average since boot** (`sinceBoot: true`) unless iostat ran with `-y`; with
 * `iostat -x 1 2`, read the second.
 */
export interface IostatReport {
  sinceBoot: boolean;
  /** `-t`: the time line printed above the report, as printed. */
  time: string | null;
  cpu: IostatCpu | null;
  devices: IostatDevice[];
}

/** Percent of CPU time, 0–100. */
export interface IostatCpu {
  user: number;
  nice: number;
  system: number;
  iowait: number;
  /** Absent in reports from kernels without steal accounting. */
  steal?: number;
  idle: number;
}

/** A device row. Columns this sysstat version did not print are absent. */
export interface IostatDevice {
  device: string;
  tps?: number;
  readsPerSec?: number;
  writesPerSec?: number;
  discardsPerSec?: number;
  flushesPerSec?: number;
  readKBPerSec?: number;
  writeKBPerSec?: number;
  discardKBPerSec?: number;
  readMergedPerSec?: number;
  writeMergedPerSec?: number;
  discardMergedPerSec?: number;
  readMergedPercent?: number;
  writeMergedPercent?: number;
  discardMergedPercent?: number;
  /** sysstat < 12 `await`: reads and writes together. */
  awaitMs?: number;
  readAwaitMs?: number;
  writeAwaitMs?: number;
  discardAwaitMs?: number;
  flushAwaitMs?: number;
  /** sysstat < 12 `avgrq-sz`, in 512-byte sectors. */
  avgRequestSectors?: number;
  readRequestKB?: number;
  writeRequestKB?: number;
  discardRequestKB?: number;
  /** `avgqu-sz` (old) or `aqu-sz` (new): average requests in flight. */
  queueSize?: number;
  /** Deprecated by sysstat itself; kept for old reports. */
  svctmMs?: number;
  utilPercent?: number;
  /** Totals since boot of the plain report (`kB_read`, `kB_wrtn`, `kB_dscd`). */
  readKB?: number;
  writeKB?: number;
  discardKB?: number;
}

type DeviceField = Exclude<keyof IostatDevice, 'device'>;

/** Column → field, and the factor that brings the value to kB (sectors are 512 bytes). */
const COLUMNS: Record<string, [DeviceField, number]> = {
  tps: ['tps', 1],
  'r/s': ['readsPerSec', 1],
  'w/s': ['writesPerSec', 1],
  'd/s': ['discardsPerSec', 1],
  'f/s': ['flushesPerSec', 1],
  'rkB/s': ['readKBPerSec', 1],
  'wkB/s': ['writeKBPerSec', 1],
  'dkB/s': ['discardKBPerSec', 1],
  'rMB/s': ['readKBPerSec', 1024],
  'wMB/s': ['writeKBPerSec', 1024],
  'dMB/s': ['discardKBPerSec', 1024],
  'rsec/s': ['readKBPerSec', 0.5],
  'wsec/s': ['writeKBPerSec', 0.5],
  'kB_read/s': ['readKBPerSec', 1],
  'kB_wrtn/s': ['writeKBPerSec', 1],
  'kB_dscd/s': ['discardKBPerSec', 1],
  'MB_read/s': ['readKBPerSec', 1024],
  'MB_wrtn/s': ['writeKBPerSec', 1024],
  'MB_dscd/s': ['discardKBPerSec', 1024],
  'Blk_read/s': ['readKBPerSec', 0.5],
  'Blk_wrtn/s': ['writeKBPerSec', 0.5],
  kB_read: ['readKB', 1],
  kB_wrtn: ['writeKB', 1],
  kB_dscd: ['discardKB', 1],
  MB_read: ['readKB', 1024],
  MB_wrtn: ['writeKB', 1024],
  MB_dscd: ['discardKB', 1024],
  Blk_read: ['readKB', 0.5],
  Blk_wrtn: ['writeKB', 0.5],
  'rrqm/s': ['readMergedPerSec', 1],
  'wrqm/s': ['writeMergedPerSec', 1],
  'drqm/s': ['discardMergedPerSec', 1],
  '%rrqm': ['readMergedPercent', 1],
  '%wrqm': ['writeMergedPercent', 1],
  '%drqm': ['discardMergedPercent', 1],
  await: ['awaitMs', 1],
  r_await: ['readAwaitMs', 1],
  w_await: ['writeAwaitMs', 1],
  d_await: ['discardAwaitMs', 1],
  f_await: ['flushAwaitMs', 1],
  'avgrq-sz': ['avgRequestSectors', 1],
  'rareq-sz': ['readRequestKB', 1],
  'wareq-sz': ['writeRequestKB', 1],
  'dareq-sz': ['discardRequestKB', 1],
  'avgqu-sz': ['queueSize', 1],
  'aqu-sz': ['queueSize', 1],
  svctm: ['svctmMs', 1],
  '%util': ['utilPercent', 1],
};

const CPU_COLUMNS: Record<string, keyof IostatCpu> = {
  '%user': 'user',
  '%nice': 'nice',
  '%system': 'system',
  '%sys': 'system',
  '%iowait': 'iowait',
  '%steal': 'steal',
  '%idle': 'idle',
};

const KIB_PER_UNIT: Record<string, number> = { k: 1, K: 1, M: 1024, G: 1024 ** 2, T: 1024 ** 3 };

/** A figure as iostat prints it: `12.50`, or with `-h` `1.1M` (kB columns), `40.6k`, `19.8%`. */
const readValue = (token: string, kbColumn: boolean): number => {
  const t = token.replace(/%$/, '');
  const plain = toNumber(t);
  if (Number.isFinite(plain)) return plain;
  const m = /^(\d{1,12}(?:\.\d{1,6})?)([kKMGT])$/.exec(t);
  if (!m) return Number.NaN;
  const unit = m[2] ?? 'k';
  const scale = kbColumn
    ? KIB_PER_UNIT[unit]
    : 1000 ** ('kMGT'.indexOf(unit === 'K' ? 'k' : unit) + 1);
  return Number(m[1]) * (scale ?? 1);
};

const isDeviceHeader = (tokens: string[]): boolean =>
  tokens.some((t) => t === 'Device:' || t === 'Device') && tokens.some((t) => t in COLUMNS);

/** `11/22/26 20:53:34`, `11/22/2026 08:39:40 PM`, `2026-11-22T20:39:40+0000`. */
const TIME_LINE = /^\s*\d{1,4}[/-]\d{1,2}[/-]\d{1,4}([ T]\d{1,2}:\d{2}:\d{2}.*)?$/;

/** Quote marks, code-fence ticks and bullets a chat or issue paste adds around lines. */
const QUOTING = /^[\s`>"'*]+(?=\S)|`+\s*$/g;

interface Building {
  report: IostatReport;
  devices: Map<string, IostatDevice>;
  headers: string[];
}

const yesFlag = (command: string | null): boolean =>
  command !== null && /(^|\s)-[A-Za-z]*y/.test(command);

export const iostatParser: ToolParser<IostatOutput> = {
  tool: 'iostat',
  matchCommand: (command) => /^iostat(\s|$)/.test(command),
  // The avg-cpu block, or the device table when the paste starts there (`iostat -d`, a cut paste);
  // a backtick or quote mark pasting into a chat put before it.
  banner:
    /^[\s`>"'*]*(?:avg-cpu:\s+%user\b|Device:?\s+(?:tps|r\/s|rrqm\/s|kB_read\/s|Blk_read\/s)\s)/,
  parse(text, command) {
    let banner: SysstatBanner | null = null;
    const reports: IostatReport[] = [];
    const skipsBoot = yesFlag(command);
    let nextSinceBoot = !skipsBoot;
    let current: Building | null = null;
    let pendingTime: string | null = null;
    let cpuColumns: string[] | null = null;
    let deviceColumns: string[] | null = null;
    let pendingName: string | null = null;

    const start = (): Building => {
      const report: IostatReport = {
        sinceBoot: nextSinceBoot,
        time: pendingTime,
        cpu: null,
        devices: [],
      };
      nextSinceBoot = false;
      pendingTime = null;
      const building = { report, devices: new Map<string, IostatDevice>(), headers: [] };
      reports.push(report);
      return building;
    };

    for (const raw of lines(text)) {
      const line = raw.replace(QUOTING, '');
      const tokens = line.trim().split(/\s+/).filter(Boolean);
      if (tokens.length === 0) continue;
      const runBanner = tokens[0] === 'Linux' ? readSysstatBanner(line) : null;
      if (runBanner) {
        banner ??= runBanner;
        nextSinceBoot = !skipsBoot;
        current = null;
        continue;
      }
      if (tokens[0] === 'avg-cpu:') {
        current = start();
        cpuColumns = tokens.slice(1);
        deviceColumns = null;
        continue;
      }
      if (cpuColumns && current) {
        current.report.cpu = readCpu(cpuColumns, tokens);
        cpuColumns = null;
        if (current.report.cpu) continue;
      }
      if (isDeviceHeader(tokens)) {
        const signature = tokens.join(' ');
        if (!current || current.headers.includes(signature)) current = start();
        current.headers.push(signature);
        deviceColumns = tokens;
        pendingName = null;
        continue;
      }
      if (TIME_LINE.test(line)) {
        pendingTime = line.trim();
        continue;
      }
      if (!deviceColumns || !current) continue;
      // Old iostat puts a long device name on a line of its own, its figures on the next.
      const row =
        pendingName && tokens.length === deviceColumns.length - 1
          ? [pendingName, ...tokens]
          : tokens;
      pendingName = null;
      const device = readDevice(deviceColumns, row);
      if (!device) {
        if (tokens.length === 1) pendingName = tokens[0] ?? null;
        continue;
      }
      const seen = current.devices.get(device.device);
      if (seen) Object.assign(seen, device);
      else {
        current.devices.set(device.device, device);
        current.report.devices.push(device);
      }
    }
    const useful = reports.filter((r) => r.cpu !== null || r.devices.length > 0);
    if (useful.length === 0) return fail('no iostat "avg-cpu:" block or device table found');
    return ok({ banner, reports: useful });
  },
  summarize(d) {
    const live = d.reports.filter((r) => !r.sinceBoot);
    const last = d.reports.at(-1);
    const cpu = last?.cpu ? `; iowait ${last.cpu.iowait}% steal ${last.cpu.steal ?? '-'}%` : '';
    const busiest = [...(last?.devices ?? [])].sort(
      (a, b) => (b.utilPercent ?? 0) - (a.utilPercent ?? 0),
    )[0];
    const dev =
      busiest?.utilPercent !== undefined ? `; ${busiest.device} ${busiest.utilPercent}% util` : '';
    return `${d.reports.length} report(s) (${live.length} live)${cpu}${dev}`;
  },
};

function readCpu(columns: string[], tokens: string[]): IostatCpu | null {
  if (tokens.length !== columns.length) return null;
  const cpu: Partial<IostatCpu> = {};
  for (let i = 0; i < columns.length; i++) {
    const field = CPU_COLUMNS[columns[i] ?? ''];
    const value = readValue(tokens[i] ?? '', false);
    if (!Number.isFinite(value)) return null;
    if (field) cpu[field] = value;
  }
  const { user, nice, system, iowait, idle } = cpu;
  if ([user, nice, system, iowait, idle].some((v) => v === undefined)) return null;
  return cpu as IostatCpu;
}

/** The device column may be first (`Device:`, `Device`) or last (`iostat -h`). */
function readDevice(columns: string[], tokens: string[]): IostatDevice | null {
  if (tokens.length !== columns.length) return null;
  const nameAt = columns.findIndex((c) => c === 'Device:' || c === 'Device');
  const name = tokens[nameAt];
  if (name === undefined) return null;
  const device: IostatDevice = { device: name };
  for (let i = 0; i < columns.length; i++) {
    if (i === nameAt) continue;
    const spec = COLUMNS[columns[i] ?? ''];
    const token = tokens[i] ?? '';
    const isKB = spec !== undefined && /KB(PerSec)?$/.test(spec[0]);
    const value = readValue(token, isKB);
    if (!Number.isFinite(value)) return null;
    if (spec) device[spec[0]] = Math.round(value * spec[1] * 100) / 100;
  }
  return device;
}
