import { blocksOf, type Capture } from '../capture/read.js';
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

const fromTop = (capture: Capture): Totals | undefined => {
  const block = blocksOf(capture, 'top').at(-1);
  const frame = block?.data.frames.at(-1);
  const mem = frame?.memory;
  if (!block || !mem?.totalKiB) return undefined;
  const available = mem.availableKiB ?? (mem.freeKiB ?? 0) + (mem.buffCacheKiB ?? 0);
  return {
    totalKiB: mem.totalKiB,
    availableKiB: available,
    ...(frame?.swap?.totalKiB !== undefined ? { swapTotalKiB: frame.swap.totalKiB } : {}),
    ...(frame?.swap?.usedKiB !== undefined ? { swapUsedKiB: frame.swap.usedKiB } : {}),
    source: sourceOf(block),
  };
};

export const deriveMemory = (capture: Capture): MemoryFacts | undefined => {
  const totals = fromMeminfo(capture) ?? fromFree(capture) ?? fromTop(capture);
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
