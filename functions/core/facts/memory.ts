import { blocksOf, type Capture } from '../capture/read.js';
import type { TopMemory } from '../parsers/top.js';
import { mean, sourceOf } from './source.js';
import type { KernelEvent, MemoryFacts } from './types.js';

type Totals = Pick<
  MemoryFacts,
  'totalKiB' | 'availableKiB' | 'swapTotalKiB' | 'swapUsedKiB' | 'source'
>;

const fromMeminfo = (capture: Capture): Totals | undefined => {
  const block = blocksOf(capture, 'meminfo').at(-1);
  const m = block?.data;
  if (!block || !m?.memTotal) return undefined;
  // Kernels before 3.14 have no MemAvailable; free + buffers + cache is the old estimate.
  const available = m.memAvailable ?? (m.memFree ?? 0) + (m.buffers ?? 0) + (m.cached ?? 0);
  return {
    totalKiB: m.memTotal,
    availableKiB: available,
    ...(m.swapTotal !== undefined ? { swapTotalKiB: m.swapTotal } : {}),
    ...(m.swapTotal !== undefined && m.swapFree !== undefined
      ? { swapUsedKiB: m.swapTotal - m.swapFree }
      : {}),
    source: sourceOf(block),
  };
};

const fromFree = (capture: Capture): Totals | undefined => {
  const block = blocksOf(capture, 'free').at(-1);
  const f = block?.data;
  if (!block || !f?.total) return undefined;
  return {
    totalKiB: f.total,
    availableKiB: f.available ?? f.free,
    ...(f.swapTotal !== undefined ? { swapTotalKiB: f.swapTotal } : {}),
    ...(f.swapUsed !== undefined ? { swapUsedKiB: f.swapUsed } : {}),
    source: sourceOf(block),
  };
};

/**
 * What top says is available: `avail Mem` (procps ≥ 3.3.10), else free plus cache, which old
 * tops print as `buffers` on the Mem line and `cached` on the Swap line. A sum above the total
 * (toybox prints buffers in bytes) is not believed: free alone then.
 */
const topAvailable = (mem: TopMemory, total: number): number => {
  if (mem.availableKiB !== undefined) return mem.availableKiB;
  const free = mem.freeKiB ?? 0;
  const cache = mem.buffCacheKiB ?? (mem.buffersKiB ?? 0) + (mem.cachedKiB ?? 0);
  return free + cache <= total ? free + cache : free;
};

const fromTop = (capture: Capture): Totals | undefined => {
  const block = blocksOf(capture, 'top').at(-1);
  const frame = block?.data.frames.at(-1);
  const mem = frame?.memory;
  if (!block || !mem?.totalKiB) return undefined;
  return {
    totalKiB: mem.totalKiB,
    availableKiB: topAvailable(mem, mem.totalKiB),
    ...(frame?.swap?.totalKiB !== undefined ? { swapTotalKiB: frame.swap.totalKiB } : {}),
    ...(frame?.swap?.usedKiB !== undefined ? { swapUsedKiB: frame.swap.usedKiB } : {}),
    source: sourceOf(block),
  };
};

/** htop's `Mem[… used/total]`: its `used` leaves out buffers and cache, so the rest is available. */
const fromHtop = (capture: Capture): Totals | undefined => {
  const block = blocksOf(capture, 'htop').at(-1);
  const mem = block?.data.memory;
  if (!block || !mem?.totalKiB) return undefined;
  const swap = block.data.swap;
  return {
    totalKiB: mem.totalKiB,
    availableKiB: mem.totalKiB - mem.usedKiB,
    ...(swap ? { swapTotalKiB: swap.totalKiB, swapUsedKiB: swap.usedKiB } : {}),
    source: sourceOf(block),
  };
};

/**
 * Available memory in each sample when the same command was pasted or captured several times
 * (`free -m` three times, `top -b -n 1` twice, with or without `@ TIME`), oldest first.
 */
const availableSeries = (capture: Capture): number[] | undefined => {
  const free = blocksOf(capture, 'free')
    .filter((b) => b.data.total)
    .map((b) => b.data.available ?? b.data.free);
  const meminfo = blocksOf(capture, 'meminfo')
    .filter((b) => b.data.memTotal && b.data.memAvailable !== undefined)
    .map((b) => b.data.memAvailable as number);
  const top = blocksOf(capture, 'top')
    .map((b) => b.data.frames.at(-1)?.memory?.availableKiB)
    .filter((kib): kib is number => kib !== undefined);
  const series = [free, meminfo, top].reduce((a, b) => (b.length > a.length ? b : a));
  return series.length >= 2 ? series : undefined;
};

export const deriveMemory = (capture: Capture): MemoryFacts | undefined => {
  const totals = fromMeminfo(capture) ?? fromFree(capture) ?? fromTop(capture) ?? fromHtop(capture);
  if (!totals) return undefined;
  const facts: MemoryFacts = {
    ...totals,
    availablePercent: (totals.availableKiB / totals.totalKiB) * 100,
  };
  const vm = blocksOf(capture, 'vmstat').at(-1);
  const rows = vm?.data.samples.filter((s) => !s.sinceBoot) ?? [];
  if (rows.length > 0) {
    facts.swapInPerSecond = mean(rows.map((r) => r.swapInKiBPerSec));
    facts.swapOutPerSecond = mean(rows.map((r) => r.swapOutKiBPerSec));
  }
  const psi = blocksOf(capture, 'pressure')
    .map((b) => b.data.memory)
    .filter((m) => m !== undefined)
    .at(-1);
  if (psi?.some) facts.pressureSome10 = psi.some.avg10;
  if (psi?.full) facts.pressureFull10 = psi.full.avg10;
  const series = availableSeries(capture);
  if (series) facts.availableSeriesKiB = series;
  return facts;
};

export const deriveKernelEvents = (capture: Capture): KernelEvent[] =>
  blocksOf(capture, 'kernel-log').flatMap((block) =>
    block.data.events.map((e) => ({
      kind: e.kind,
      ...(e.killer !== undefined ? { killer: e.killer } : {}),
      ...(e.unit !== undefined ? { unit: e.unit } : {}),
      ...(e.pid !== undefined ? { pid: e.pid } : {}),
      ...(e.process !== undefined ? { process: e.process } : {}),
      ...(e.rssKiB !== undefined ? { rssKiB: e.rssKiB } : {}),
      line: e.line,
      source: sourceOf(block),
    })),
  );
