import { blocksOf, type Capture } from '../capture/read.js';
import type { MpstatOutput } from '../parsers/mpstat.js';
import { mean, sourceOf } from './source.js';
import type { CpuFacts, CpuSplit } from './types.js';

const splitOf = (p: Partial<CpuSplit>): CpuSplit => ({
  user: p.user ?? 0,
  system: p.system ?? 0,
  nice: p.nice ?? 0,
  idle: p.idle ?? 0,
  iowait: p.iowait ?? 0,
  irq: p.irq ?? 0,
  softirq: p.softirq ?? 0,
  steal: p.steal ?? 0,
});

const averageSplit = (series: CpuSplit[]): CpuSplit => {
  const keys = Object.keys(splitOf({})) as (keyof CpuSplit)[];
  return Object.fromEntries(
    keys.map((k) => [k, mean(series.map((s) => s[k]))]),
  ) as unknown as CpuSplit;
};

/** Facts from interval samples of one block: their average is the split the rules believe. */
const sampled = (
  series: CpuSplit[],
  block: Parameters<typeof sourceOf>[0],
  origin: NonNullable<CpuFacts['origin']>,
): CpuFacts => ({
  split: averageSplit(series),
  source: sourceOf(block),
  origin,
  samples: series.length,
  series,
});

/** vmstat's rows after the first (since-boot) one: several 1-second samples, the best source. */
const fromVmstat = (capture: Capture): CpuFacts | undefined => {
  for (const block of blocksOf(capture, 'vmstat').reverse()) {
    const rows = block.data.samples.filter((s) => !s.sinceBoot);
    if (rows.length === 0) continue;
    const series = rows.map((r) =>
      splitOf({ user: r.us, system: r.sy, idle: r.id, iowait: r.wa, steal: r.st ?? 0 }),
    );
    return {
      ...sampled(series, block, 'vmstat'),
      runQueue: mean(rows.map((r) => r.runQueue)),
      blocked: mean(rows.map((r) => r.blocked)),
      contextSwitchesPerSecond: mean(rows.map((r) => r.contextSwitchesPerSec)),
      interruptsPerSecond: mean(rows.map((r) => r.interruptsPerSec)),
    };
  }
  return undefined;
};

type MpstatRow = MpstatOutput['average'][number];

/** An mpstat or sar row: sysstat names the CPU states alike in both. */
interface SysstatRow {
  usr: number;
  nice: number;
  sys: number;
  iowait: number;
  irq?: number;
  soft?: number;
  steal?: number;
  idle: number;
}

const sysstatSplit = (c: SysstatRow): CpuSplit =>
  splitOf({
    user: c.usr,
    nice: c.nice,
    system: c.sys,
    iowait: c.iowait,
    irq: c.irq,
    softirq: c.soft,
    steal: c.steal,
    idle: c.idle,
  });

/**
 * One sample per interval: its `all` row, or, when a paste kept only the per-CPU rows, their
 * mean (every CPU pinned is every CPU pinned, whichever way it was printed).
 */
const intervalSplit = (cpus: MpstatRow[]): CpuSplit | undefined => {
  const all = cpus.find((c) => c.cpu === 'all');
  if (all) return sysstatSplit(all);
  return cpus.length > 0 ? averageSplit(cpus.map(sysstatSplit)) : undefined;
};

const fromMpstat = (capture: Capture): CpuFacts | undefined => {
  for (const block of blocksOf(capture, 'mpstat').reverse()) {
    const timed = block.data.intervals
      .map((i) => intervalSplit(i.cpus))
      .filter((s): s is CpuSplit => s !== undefined);
    const average = intervalSplit(block.data.average);
    const series = timed.length > 0 ? timed : average ? [average] : [];
    if (series.length === 0) continue;
    return sampled(series, block, 'mpstat');
  }
  return undefined;
};

/**
 * `sar -u` (or `-P ALL`): its `all` rows over time, else its `Average:` row. Each row is an
 * interval sample, as good as vmstat's, so it stands in when vmstat is absent.
 */
const fromSar = (capture: Capture): CpuFacts | undefined => {
  for (const block of blocksOf(capture, 'sar').reverse()) {
    const all = block.data.cpu.filter((r) => r.cpu === 'all');
    const timed = all.filter((r) => !r.average);
    const rows = timed.length > 0 ? timed : all;
    if (rows.length === 0) continue;
    return sampled(rows.map(sysstatSplit), block, 'sar');
  }
  return undefined;
};

/** iostat's `avg-cpu:` section: reports after the first (since-boot) one. */
const fromIostat = (capture: Capture): CpuFacts | undefined => {
  for (const block of blocksOf(capture, 'iostat').reverse()) {
    const reports = block.data.reports.filter((r) => r.cpu !== null);
    const steady = reports.filter((r) => !r.sinceBoot);
    const useful = steady.length > 0 ? steady : reports;
    const series = useful.map((r) => {
      const c = r.cpu as NonNullable<typeof r.cpu>;
      return splitOf({
        user: c.user,
        nice: c.nice,
        system: c.system,
        iowait: c.iowait,
        steal: c.steal,
        idle: c.idle,
      });
    });
    if (series.length === 0) continue;
    return sampled(series, block, 'iostat');
  }
  return undefined;
};

/**
 * top's last frame. With `-n 2` the first frame covers only the instant since top started and
 * is noise; a block with a single frame is kept but counts as one weak sample.
 */
const fromTop = (capture: Capture): CpuFacts | undefined => {
  for (const block of blocksOf(capture, 'top').reverse()) {
    if (block.data.threadsMode) continue;
    const frames = block.data.frames.filter((f) => f.cpu !== null);
    const useful = frames.length > 1 ? frames.slice(1) : frames;
    const series = useful.map((f) => {
      const c = f.cpu as NonNullable<typeof f.cpu>;
      return splitOf({
        user: c.us,
        system: c.sy,
        nice: c.ni,
        idle: c.id,
        iowait: c.wa,
        irq: c.hi,
        softirq: c.si,
        steal: c.st,
      });
    });
    const last = series[series.length - 1];
    if (!last) continue;
    return { split: last, source: sourceOf(block), origin: 'top', samples: useful.length, series };
  }
  return undefined;
};

/**
 * htop's CPU bars: how busy each CPU was, not how (user, kernel, steal). The mean goes in
 * `user` with `busyOnly` set, and only when no other source gave a split.
 */
const fromHtop = (capture: Capture): CpuFacts | undefined => {
  const block = blocksOf(capture, 'htop').at(-1);
  const bars = block?.data.cpus ?? [];
  if (!block || bars.length === 0) return undefined;
  // An `Avg`/`CPU` bar is the mean htop computed; numbered bars are the CPUs themselves.
  const overall = bars.find((b) => b.label === 'Avg' || b.label === 'CPU');
  const busy = overall ? overall.busyPercent : mean(bars.map((b) => b.busyPercent));
  const split = splitOf({ user: busy, idle: 100 - busy });
  return { split, source: sourceOf(block), samples: 1, series: [split], busyOnly: true };
};

/** The CPU split to believe, and a note when two sources disagree about the kernel share. */
export const deriveCpu = (capture: Capture): { cpu?: CpuFacts; conflicts: string[] } => {
  const vmstat = fromVmstat(capture);
  const top = fromTop(capture);
  const chosen =
    vmstat ??
    fromMpstat(capture) ??
    fromSar(capture) ??
    fromIostat(capture) ??
    top ??
    fromHtop(capture);
  const conflicts: string[] = [];
  if (chosen && top && chosen !== top) {
    const dSy = Math.abs(chosen.split.system - top.split.system);
    const dIdle = Math.abs(chosen.split.idle - top.split.idle);
    if (dSy >= 20 || dIdle >= 40) {
      conflicts.push(
        `top's last frame shows sy ${top.split.system.toFixed(1)}% and idle ${top.split.idle.toFixed(1)}%, ` +
          `${chosen.source} averages sy ${chosen.split.system.toFixed(1)}% and idle ${chosen.split.idle.toFixed(1)}%: ` +
          `believed ${chosen.source} (${chosen.samples} samples against one frame)`,
      );
    }
  }
  return chosen ? { cpu: chosen, conflicts } : { conflicts };
};
