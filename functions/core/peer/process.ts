/**
 * The busiest process on each and the host's age: its name, CPU, threads, resident memory and
 * how long it has run. The peer's counterpart is the process of the same name (the same app on
 * a calm host need not be its busiest), else its busiest.
 */
import { hottestProcess } from '../causes/shared/cpu-burn.js';
import { duration, percent, size } from '../causes/shared/words.js';
import type { Facts, ProcessFacts } from '../facts/types.js';
import { oneSided, type PeerPart, rowsOf } from './part.js';
import { type Measure, numberRow, textRow } from './rows.js';

/** Percent of one core under which two processes' CPU is the same. */
export const PROCESS_CPU_FLOOR = 10;
export const THREADS_FLOOR = 5;
/** 64 MiB, in KiB. */
export const RSS_FLOOR = 64 * 1024;
/** An hour: ages closer than that are the same (both just started, or both long running). */
export const AGE_FLOOR = 3600;

const count = (n: number) => String(Math.round(n));

const processCpu = (name: string): Measure => ({
  area: 'process',
  label: `${name} CPU`,
  format: percent,
  floor: PROCESS_CPU_FLOOR,
  differs: 'the same app burns more on the sick one',
  same: 'the app is as busy on the peer: its load does not explain it',
});

const threadCount = (name: string): Measure => ({
  area: 'threads',
  label: `${name} threads`,
  format: count,
  floor: THREADS_FLOOR,
  differs: 'more threads: a pool that grew, or threads that never end',
  same: 'its thread count does not explain it',
});

const residentMemory = (name: string): Measure => ({
  area: 'memory',
  label: `${name} RSS`,
  format: size,
  floor: RSS_FLOOR,
  differs: 'its memory grew apart from the peer’s (a leak, or more load)',
  same: 'its memory does not explain it',
});

const age = (label: string, young: string): Measure => ({
  area: 'uptime',
  label,
  format: duration,
  floor: AGE_FLOOR,
  differs: young,
  same: 'age does not set the sick one apart',
});

const processAge = (name: string) =>
  age(`${name} running for`, 'a younger process is a warm-up suspect; an older one a leak suspect');
const HOST_UPTIME = age('host uptime', 'one host rebooted or was replaced more recently');
const INSTANCE_AGE = age('instance age', 'one instance was launched more recently');

const counterpart = (healthy: Facts, sick: ProcessFacts | undefined) =>
  (sick && healthy.processes.find((p) => p.name === sick.name)) ?? hottestProcess(healthy);

export const compareProcesses = (sick: Facts, healthy: Facts): PeerPart => {
  const s = hottestProcess(sick);
  const h = counterpart(healthy, s);
  const name = s?.name ?? '';
  const hours = (f: Facts) =>
    f.instance?.ageHours !== undefined ? f.instance.ageHours * 3600 : undefined;
  return {
    rows: rowsOf([
      textRow('process', 'busiest process', s?.name, hottestProcess(healthy)?.name, {
        differs: 'a different process leads the sick one',
        same: 'the same app leads both',
      }),
      numberRow(processCpu(name), s?.cpuPercent, h?.cpuPercent),
      numberRow(threadCount(name), s?.threads, h?.threads),
      numberRow(residentMemory(name), s?.rssKiB, h?.rssKiB),
      numberRow(processAge(name), s?.ageSeconds, h?.ageSeconds),
      numberRow(HOST_UPTIME, sick.uptimeSeconds, healthy.uptimeSeconds),
      numberRow(INSTANCE_AGE, hours(sick), hours(healthy)),
    ]),
    notCompared: oneSided(
      `busiest process${s ? ` (sick: ${s.name} ${percent(s.cpuPercent)})` : ''}`,
      s !== undefined,
      h !== undefined,
    ),
  };
};
