/**
 * What a `perf top` / `perf report` profile says about a user-space loop on its own: one
 * function (or one object's few functions) taking most samples is where the CPU goes round.
 * The runtime's own machinery (JIT compiler, GC) is another cause's, and a kernel-heavy profile
 * is syscall-storm's.
 */
import type { Evidence } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import { isRuntimeSymbol, KERNEL_HEAVY_SHARE } from '../shared/cpu-burn.js';
import { percent } from '../shared/words.js';

/**
 * Percent of samples in one user-space function from which the CPU goes round it: a busy
 * server's hottest function takes a few percent to a tenth (lighttpd PR 114's busy loop still
 * spread: 2.67% at the top); libtorrent issue 826's forgotten `++itr` 93.54%.
 */
export const DOMINANT_SYMBOL = 50;
/** From here one function is nearly all the profile: the loop is named outright. */
export const DECISIVE_SYMBOL = 80;
/** Percent of samples in one shared object's few functions: a loop spread over helpers. */
export const DOMINANT_OBJECT = 60;
/**
 * CPU the profiled process used over the profile (pprof's `Total samples` ÷ `Duration`), percent
 * of one core, from which a flat user-space profile is still a loop: a loop that never blocks
 * samples near a full core (tcpdp PR 34's select loop: 85.59% over 5 s), a serving process a
 * fraction of one.
 */
export const PROFILED_BUSY = 80;

export interface PerfLoop {
  confidence: number;
  /** The function, or the object, the loop is in. */
  where: string;
  percent: number;
  evidence: Evidence;
  /** The thread that ran it (`perf report`'s Command column), when shown. */
  command?: string;
}

/** A process the profile saw on a whole core, nearly all in user space. */
const busyProfile = (
  perf: NonNullable<Facts['perf']>,
  top: NonNullable<Facts['perf']>['topSymbols'][number],
): PerfLoop | undefined => {
  const busy = perf.busyPercent;
  if (busy === undefined || busy < PROFILED_BUSY) return undefined;
  return {
    confidence: 0.6,
    where: top.symbol,
    percent: top.percent,
    evidence: {
      source: perf.source,
      text: `the profiled process used ${percent(busy)} of a core, ${percent(100 - perf.kernelPercent)} of its samples in user space (hottest: ${top.symbol} ${percent(top.percent)})`,
    },
  };
};

/** A user-space loop a profile shows, if any; undefined when the profile is kernel- or runtime-side. */
export const readPerfLoop = (facts: Facts): PerfLoop | undefined => {
  const perf = facts.perf;
  if (!perf || perf.kernelPercent >= KERNEL_HEAVY_SHARE) return undefined;
  const user = perf.topSymbols.filter((s) => !s.kernel).sort((a, b) => b.percent - a.percent);
  const top = user[0];
  if (!top || isRuntimeSymbol(top)) return undefined;
  const command = top.command ? { command: top.command } : {};
  if (top.percent >= DOMINANT_SYMBOL) {
    return {
      confidence: top.percent >= DECISIVE_SYMBOL ? 0.8 : 0.7,
      where: top.symbol,
      percent: top.percent,
      evidence: {
        source: perf.source,
        text: `${percent(top.percent)} of samples in one user-space function: ${top.symbol}${top.object ? ` (${top.object})` : ''}`,
      },
      ...command,
    };
  }
  const object = top.object;
  const same = object ? user.filter((s) => s.object === object) : [];
  const together = same.reduce((a, s) => a + s.percent, 0);
  if (!object || together < DOMINANT_OBJECT || same.some(isRuntimeSymbol)) {
    return busyProfile(perf, top);
  }
  return {
    confidence: 0.6,
    where: object,
    percent: together,
    evidence: {
      source: perf.source,
      text: `${percent(together)} of samples in ${same.length} functions of ${object} (${same
        .slice(0, 3)
        .map((s) => `${s.symbol} ${percent(s.percent)}`)
        .join(', ')})`,
    },
    ...command,
  };
};
