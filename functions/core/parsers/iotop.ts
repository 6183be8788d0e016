import { lines } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * `iotop` (the Python iotop 0.6 and iotop-c), interactive screens pasted and `-b` batch output:
 * `Total DISK READ: … | Total DISK WRITE: …`, `Actual`/`Current DISK READ: …`, then rows
 * `TID PRIO USER DISK READ DISK WRITE SWAPIN IO> COMMAND` (`PID` with `-P`), rates (`M/s`) or,
 * with `-a`, amounts since iotop started (`M`). `-t` puts the time before each row.
 */
export interface IotopOutput {
  /** One per screen or batch iteration, in order; read the last. */
  samples: IotopSample[];
  /** Rows are threads (`TID`, the default) rather than processes (`-P`). */
  threads: boolean;
}

export interface IotopSample {
  time: string | null;
  /** `Total DISK READ/WRITE`: what tasks read and wrote (page cache included), KiB/s or KiB. */
  totalReadKiB?: number;
  totalWriteKiB?: number;
  /** `Actual` (iotop 0.6) or `Current` (iotop-c) DISK READ/WRITE: what reached the disks. */
  actualReadKiB?: number;
  actualWriteKiB?: number;
  /** The figures are per second (`B/s`); false with `-a`, where they are amounts. */
  perSecond: boolean;
  rows: IotopRow[];
}

export interface IotopRow {
  /** TID, or PID with `-P`. */
  id: number;
  /** `be/4`, `rt/0`, `idle`. */
  priority: string;
  user: string;
  readKiB: number;
  writeKiB: number;
  /** Share of time spent swapping in, and waiting on IO (`IO>`); absent when the kernel did not say. */
  swapinPercent?: number;
  ioPercent?: number;
  command: string;
}

const MAX_LINE = 4096;

const UNIT_KIB: Record<string, number> = { B: 1 / 1024, K: 1, M: 1024, G: 1024 ** 2, T: 1024 ** 3 };

const TOTALS = /(Total|Actual|Current)\s+DISK\s+(READ|WRITE)\s*:\s*([\d.]+)\s*([BKMGT])(\/s)?/g;

const ROW =
  /^\s*(?:(\d{1,2}:\d{2}:\d{2})\s+)?(\d+)\s+(\S+)\s+(\S+)\s+([\d.]+)\s?([BKMGT])(\/s)?\s+([\d.]+)\s?([BKMGT])(\/s)?\s+(?:([\d.]+)\s?%|\?unavailable\?)\s+(?:([\d.]+)\s?%|\?unavailable\?)\s+(.*)$/;

/** iotop-c draws a braille graph before the command and a scroll bar after it. */
const GRAPH = /[\u2800-\u28ff\u2580-\u259f\u25b2\u25bc]/gu;

const toKiB = (value: string | undefined, unit: string | undefined): number =>
  Math.round(Number(value) * (UNIT_KIB[unit ?? ''] ?? Number.NaN) * 100) / 100;

const optionalNumber = (token: string | undefined): number | undefined =>
  token === undefined ? undefined : Number(token);

const newSample = (time: string | null): IotopSample => ({ time, perSecond: true, rows: [] });

const readTotals = (sample: IotopSample, line: string): boolean => {
  let found = false;
  for (const m of line.matchAll(TOTALS)) {
    const kibs = toKiB(m[3], m[4]);
    if (!Number.isFinite(kibs)) continue;
    const actual = m[1] !== 'Total';
    const key =
      m[2] === 'READ'
        ? actual
          ? 'actualReadKiB'
          : 'totalReadKiB'
        : actual
          ? 'actualWriteKiB'
          : 'totalWriteKiB';
    sample[key] = kibs;
    if (m[5] === undefined) sample.perSecond = false;
    found = true;
  }
  return found;
};

const readRow = (m: RegExpExecArray): IotopRow | null => {
  const readKiB = toKiB(m[5], m[6]);
  const writeKiB = toKiB(m[8], m[9]);
  if (!Number.isFinite(readKiB) || !Number.isFinite(writeKiB)) return null;
  const command = (m[13] ?? '').replace(GRAPH, '').trim();
  const row: IotopRow = {
    id: Number(m[2]),
    priority: m[3] ?? '',
    user: m[4] ?? '',
    readKiB,
    writeKiB,
    command,
  };
  const swapin = optionalNumber(m[11]);
  const io = optionalNumber(m[12]);
  if (swapin !== undefined && Number.isFinite(swapin)) row.swapinPercent = swapin;
  if (io !== undefined && Number.isFinite(io)) row.ioPercent = io;
  return row;
};

export const iotopParser: ToolParser<IotopOutput> = {
  tool: 'iotop',
  matchCommand: (command) => /^iotop(?:-c)?(?:\s|$)/.test(command),
  banner: /^\s*(?:Total|Actual|Current)\s+DISK\s+READ\s*:/,
  parse(text, command) {
    const samples: IotopSample[] = [];
    let sample: IotopSample | null = null;
    let threads = !/(?:^|\s)-[A-Za-z]*P|--processes\b/.test(command ?? '');
    for (const raw of lines(text)) {
      if (raw.length > MAX_LINE) continue;
      if (/^\s*(?:Total|Actual|Current)\s+DISK\b/.test(raw)) {
        // A figure the current iteration already has, or rows, mean a new iteration began.
        const probe = newSample(null);
        if (!readTotals(probe, raw)) continue;
        const repeats = (Object.keys(probe) as (keyof IotopSample)[]).some(
          (k) => k.endsWith('KiB') && sample?.[k] !== undefined,
        );
        if (!sample || repeats || sample.rows.length > 0) {
          sample = newSample(null);
          samples.push(sample);
        }
        readTotals(sample, raw);
        continue;
      }
      if (/^\s*(?:TID|PID)\s+PRIO\s+USER\b/.test(raw)) {
        threads = /^\s*TID\b/.test(raw);
        continue;
      }
      const m = ROW.exec(raw);
      if (!m) continue;
      const row = readRow(m);
      if (!row) continue;
      const time = m[1] ?? null;
      // `-t` rows without totals (`-qqq`): each new time stamp is a new iteration.
      if (!sample || (time !== null && sample.time !== time && sample.totalReadKiB === undefined)) {
        sample = newSample(time);
        samples.push(sample);
      }
      if (m[7] === undefined && m[10] === undefined) sample.perSecond = false;
      sample.rows.push(row);
    }
    if (samples.length === 0) return fail('no "Total DISK READ" line or iotop row found');
    return ok({ samples, threads });
  },
  summarize(d) {
    const last = d.samples.at(-1);
    if (!last) return 'no samples';
    const unit = last.perSecond ? 'KiB/s' : 'KiB';
    const read = last.totalReadKiB ?? last.actualReadKiB;
    const write = last.totalWriteKiB ?? last.actualWriteKiB;
    const totals =
      write !== undefined ? `disk read ${read ?? 0} ${unit}, write ${write} ${unit}` : 'no totals';
    const busiest = [...last.rows].sort((a, b) => (b.ioPercent ?? 0) - (a.ioPercent ?? 0))[0];
    const top = busiest
      ? `, busiest ${busiest.command || busiest.id} IO ${busiest.ioPercent ?? '?'}%`
      : '';
    return `${d.samples.length} sample(s): ${totals}, ${last.rows.length} ${d.threads ? 'threads' : 'processes'}${top}`;
  },
};
