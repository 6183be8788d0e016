/**
 * A managed runtime whose heap is full: its garbage-collector threads take most of the process's
 * CPU while the host may have plenty of memory free (docs/causes.md). G1 aims to spend at most
 * ~8% of the time collecting (GCTimeRatio=12); HotSpot's own GC overhead limit gives up at 98%.
 * When the collector takes half of what the process burns, the heap is full: it collects
 * again and again and frees little.
 */
import type { Facts, ProcessFacts, ThreadFacts } from '../../facts/types.js';
import { isGcThread, ofACore, threadsOf } from '../shared/cpu-burn.js';
import { percent } from '../shared/words.js';

/** GC threads' CPU, percent of one core, from which they matter at all: half a core. */
export const GC_BUSY = 50;
/** GC threads' share of the process's threads' CPU from which the heap is full. */
export const GC_SHARE_FULL = 50;
/** Thread CPU averaged over longer than this (a dump's lifetime cpu=) is not now. */
const RECENT_SECONDS = 3600;

export interface HeapFull {
  process?: ProcessFacts;
  gc: ThreadFacts[];
  gcCpu: number;
  share: number;
  text: string;
  source: string;
}

const sum = (threads: readonly ThreadFacts[]) => threads.reduce((a, t) => a + t.cpuPercent, 0);

const judgeThreads = (
  threads: ThreadFacts[],
  p: ProcessFacts | undefined,
): HeapFull | undefined => {
  const recent = threads.filter((t) => (t.cpuOverSeconds ?? 0) <= RECENT_SECONDS);
  const gc = recent.filter(isGcThread);
  const gcCpu = sum(gc);
  const total = sum(recent);
  if (gcCpu < GC_BUSY || total <= 0) return undefined;
  const share = (100 * gcCpu) / total;
  if (share < GC_SHARE_FULL) return undefined;
  const hottest = gc[0];
  const owner = p ? `${p.name} (PID ${p.pid})` : 'the process';
  return {
    ...(p ? { process: p } : {}),
    gc,
    gcCpu,
    share,
    source: hottest?.source ?? p?.source ?? 'top -H',
    text: `${owner}'s garbage-collector threads take ${ofACore(gcCpu)}, ${percent(share)} of its threads' CPU (${gc.length} GC thread${gc.length === 1 ? '' : 's'}, hottest ${hottest?.name} ${percent(hottest?.cpuPercent ?? 0)}): its heap is full`,
  };
};

/** The process whose collector dominates its CPU, if any. */
export const heapFull = (facts: Facts): HeapFull | undefined => {
  const owners = facts.processes.filter((p) => facts.threads.some((t) => t.pid === p.pid));
  const found = owners
    .map((p) => judgeThreads(threadsOf(facts, p.pid), p))
    .find((h) => h !== undefined);
  if (found) return found;
  // Threads whose process is not listed (a pasted top -H or dump alone).
  const loose = facts.threads.filter(
    (t) => t.pid === undefined || !facts.processes.some((p) => p.pid === t.pid),
  );
  const busiest = facts.processes[0];
  return judgeThreads(
    [...loose].sort((a, b) => b.cpuPercent - a.cpuPercent),
    facts.threads.some((t) => t.pid === undefined) ? busiest : undefined,
  );
};
