/**
 * Where sampled CPU went, from a profiler: `perf report` / `perf top`, or a Go pprof CPU
 * profile. Either names the hot symbols and the share of samples spent in the kernel.
 */
import { blocksOf, type Capture } from '../capture/read.js';
import { sourceOf } from './source.js';
import type { PerfFacts } from './types.js';

/** How many of the hottest symbols the rules see. */
const TOP_SYMBOLS = 10;

const fromPerf = (capture: Capture): PerfFacts | undefined => {
  // A profile sorted without symbols or objects (`-s pid,comm`) cannot tell kernel time.
  const block = blocksOf(capture, 'perf-report')
    .filter((b) => !b.data.sortedBy || b.data.sortedBy.includes('Shared Object'))
    .at(-1);
  if (!block) return undefined;
  return {
    kernelPercent: block.data.kernelPercent,
    topSymbols: block.data.rows.slice(0, TOP_SYMBOLS).map((r) => ({
      symbol: r.symbol || (r.object ?? ''),
      percent: r.overheadPercent,
      kernel: r.kernel,
      ...(r.command ? { command: r.command } : {}),
      ...(r.object ? { object: r.object } : {}),
    })),
    source: sourceOf(block),
  };
};

const fromPprof = (capture: Capture): PerfFacts | undefined => {
  const block = blocksOf(capture, 'pprof').at(-1);
  if (!block) return undefined;
  const rows = [...block.data.rows].sort((a, b) => b.flatPercent - a.flatPercent);
  return {
    kernelPercent: block.data.kernelPercent,
    topSymbols: rows.slice(0, TOP_SYMBOLS).map((r) => ({
      symbol: r.symbol,
      percent: r.flatPercent,
      kernel: r.kernel,
    })),
    ...(block.data.busyPercent !== undefined ? { busyPercent: block.data.busyPercent } : {}),
    source: sourceOf(block),
  };
};

/** The profile the rules read: perf's when there is one (it sees the whole host), else pprof's. */
export const deriveProfile = (capture: Capture): PerfFacts | undefined =>
  fromPerf(capture) ?? fromPprof(capture);
