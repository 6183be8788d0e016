/**
 * Whether a process's RSS growth seen during a capture is a leak worth naming, or the ordinary
 * breathing of a runtime. Measured on this machine (24 GiB, 2 vCPUs) with `ps -o rss` every
 * 0.5 s for 20 s:
 * - a healthy Node.js service churning garbage saws between 82 and 99 MiB every ~5 s: its
 *   rising edge is ~3 MiB/s, faster than a 1 MiB/s leak, so two samples cannot tell them apart;
 *   but at 2 min old it could not have grown 3 MiB/s all its life (that is 360 MiB, it holds 93);
 * - a healthy JVM (G1, no -Xmx) churning garbage grows in steps 272 MiB → 1.58 GiB over its
 *   first 2 min, monotone, as G1 expands the heap toward its cap (a quarter of RAM): growth that
 *   stops at the cap, not one that fills the host.
 * A leak that has run since the process started holds at least what its rate adds up to over its
 * life; a cycle or a start-up phase does not. So the growth counts when it would fill memory
 * within hours, is not bounded by a heap cap below what is available, did not fall between
 * samples, and could have lasted the process's life (unless it fills memory within the hour).
 */
import type { MemoryFacts, ProcessFacts, Runtime } from '../../facts/types.js';
import { duration, size } from '../shared/words.js';

/** Growth worth naming at all: 1 MiB a minute is 1.4 GiB a day. */
export const GROWING_KIB_S = 1024 / 60;
/**
 * Growth that would fill the available memory within this many hours is a finding even on a
 * roomy host: 1 MiB/s fills 20 GiB in ~6 h, so a day catches it; a process growing 3 MiB a
 * minute on 23 GiB (5 days) does not count.
 */
export const HORIZON_ROOMY_HOURS = 24;
/** On a host already half full, two days. */
export const HORIZON_TIGHT_HOURS = 48;
/** Available share from which a host is roomy. */
export const ROOMY_PERCENT = 50;
/** Growth that would fill memory within this many hours is acute. */
export const ACUTE_HOURS = 1;
/**
 * Growth over the process's life that accounts for at least this share of what it holds shows
 * a leak that has run since start; under it (a young process) the window says less.
 */
export const LIFE_SHARE_SURE = 0.5;
/**
 * A process this young (its life explains under half of what it holds) may be starting up:
 * node services here grew 171–387 KiB/s in their first seconds (this machine's demo captures);
 * under half a MiB/s its growth is not named, a 1 MB/s leak (977 KiB/s) is.
 */
export const YOUNG_MIN_KIB_S = 512;
/**
 * A process holding less than this has not leaked anything yet that an alarm is about: `find`
 * walking a file system grew 3.0 → 5.8 MiB in 2 s here. Leaks worth a page hold hundreds.
 */
export const MIN_GROWER_KIB = 32 * 1024;
/** Untimed samples: a rise of this share of the first across at least 3 samples is growth. */
export const SERIES_RISE_SHARE = 0.1;
export const SERIES_MIN_SAMPLES = 3;
/** HotSpot's default heap cap, MaxRAMPercentage: a quarter of RAM. */
const JVM_DEFAULT_HEAP_SHARE = 0.25;

export interface GrowthReading {
  process: ProcessFacts;
  /** KiB/s during the capture, when timed. */
  rate?: number;
  /** Hours until available memory is gone at this rate. */
  etaHours?: number;
  /** Counts toward memory-creep. */
  counts: boolean;
  /** Counts, and the process's life backs it (or it is acute, or a monotone series shows it). */
  sure: boolean;
  /** Why it does not count, worded for a ruled-out reason. */
  why?: string;
  /** Evidence text when it counts. */
  text?: string;
}

const UNITS: Record<string, number> = { '': 1 / 1024, k: 1, m: 1024, g: 1024 ** 2, t: 1024 ** 3 };

/** A JVM's heap cap, KiB: -Xmx, else MaxRAMPercentage, else the default quarter of RAM. */
export const jvmHeapCapKiB = (command: string | undefined, totalKiB: number): number => {
  const xmx = /(?:^|\s)-Xmx(\d+)([kmgt]?)\b/i.exec(command ?? '');
  if (xmx) return Number(xmx[1]) * (UNITS[(xmx[2] ?? '').toLowerCase()] ?? 1);
  const pct = /-XX:MaxRAMPercentage=(\d+(?:\.\d+)?)/.exec(command ?? '');
  return totalKiB * (pct ? Number(pct[1]) / 100 : JVM_DEFAULT_HEAP_SHARE);
};

/** Each sample at least the one before, and the last above the first by the share. */
const risesSteadily = (series: readonly number[]): boolean => {
  const first = series[0];
  const last = series.at(-1);
  if (first === undefined || last === undefined || series.length < SERIES_MIN_SAMPLES) return false;
  const monotone = series.every((v, i) => i === 0 || v >= (series[i - 1] ?? v));
  return monotone && last - first >= Math.max(1, first * SERIES_RISE_SHARE);
};

const fell = (series: readonly number[] | undefined): boolean =>
  (series ?? []).some((v, i) => i > 0 && v < (series?.[i - 1] ?? v));

/** How one process's growth reads, on a host with this memory. */
export const readGrowth = (
  p: ProcessFacts,
  memory: MemoryFacts | undefined,
  runtime: Runtime | undefined,
): GrowthReading | undefined => {
  const name = `${p.name} (PID ${p.pid})`;
  const rate = p.rssGrowthKiBPerSecond;
  const series = p.rssSeriesKiB;
  if (rate === undefined || rate < GROWING_KIB_S) {
    // An untimed series (ps pasted several times) shows growth without a rate.
    if (rate === undefined && series && risesSteadily(series)) {
      const first = series[0] ?? 0;
      const last = series.at(-1) ?? 0;
      return {
        process: p,
        counts: true,
        sure: true,
        text: `${name} RSS rose ${size(first)} → ${size(last)} across ${series.length} samples, never falling`,
      };
    }
    return undefined;
  }
  if ((p.rssKiB ?? MIN_GROWER_KIB) < MIN_GROWER_KIB) return undefined;
  const eta = memory ? memory.availableKiB / rate / 3600 : undefined;
  const base = { process: p, rate, ...(eta !== undefined ? { etaHours: eta } : {}) };
  const growing = `${name} grew ${size(rate * 60)}/min during the capture`;
  const roomy = (memory?.availablePercent ?? 100) >= ROOMY_PERCENT;
  const horizon = roomy ? HORIZON_ROOMY_HOURS : HORIZON_TIGHT_HOURS;
  if (eta !== undefined && eta > horizon)
    return {
      ...base,
      counts: false,
      sure: false,
      why: `${growing}: memory full only in ~${duration(eta * 3600)}`,
    };
  if (fell(series))
    return {
      ...base,
      counts: false,
      sure: false,
      why: `${growing} but fell between samples (${(series ?? []).map(size).join(' → ')}): a collector's cycle, not a leak`,
    };
  if (runtime === 'jvm' && memory) {
    const cap = jvmHeapCapKiB(p.command, memory.totalKiB);
    if (cap < memory.availableKiB)
      return {
        ...base,
        counts: false,
        sure: false,
        why: `${growing}, its heap expanding toward its cap of ${size(cap)}, less than the ${size(memory.availableKiB)} available`,
      };
  }
  const rss = p.rssKiB ?? 0;
  const lifeGrowth = p.ageSeconds !== undefined ? rate * p.ageSeconds : undefined;
  // Growth that fills the host within the hour is named even if it began lately.
  const acute = eta !== undefined && eta <= ACUTE_HOURS;
  if (!acute && lifeGrowth !== undefined && rss > 0 && lifeGrowth > rss)
    return {
      ...base,
      counts: false,
      sure: false,
      why: `${growing}, more than it could have over its ${duration(p.ageSeconds ?? 0)} of life (it holds ${size(rss)}): a cycle or a burst, not a steady leak`,
    };
  // Only a process known to be young, whose life explains little of what it holds, may be
  // starting up; of unknown age it counts as growth.
  const young = lifeGrowth !== undefined && lifeGrowth < LIFE_SHARE_SURE * rss;
  if (young && !acute && rate < YOUNG_MIN_KIB_S)
    return {
      ...base,
      counts: false,
      sure: false,
      why: `${growing} in its first ${duration(p.ageSeconds ?? 0)}: starting up`,
    };
  return {
    ...base,
    counts: true,
    sure: acute || !young || risesSteadily(series ?? []),
    text: `${p.name} (PID ${p.pid}) RSS ${size(rss)}, growing ${size(rate * 60)}/min during the capture${eta !== undefined ? `: at this rate memory is full in ~${duration(eta * 3600)}` : ''}`,
  };
};
