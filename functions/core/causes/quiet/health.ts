/**
 * Positive evidence of health, area by area: what was measured and showed the host fine. A
 * capture is healthy only on what it measured, and says what it did not measure. Called only
 * when no cause's sign is present, so each area here needs only to show it was seen and ordinary.
 */
import type { Evidence } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import { assessCredits, credits } from '../credit-exhaustion/judge.js';
import { diskState, diskText } from '../io-wait/disks.js';
import { count, percent, size } from '../shared/words.js';

export type Area = 'CPU' | 'memory' | 'disks' | 'CPU credits';

export interface Healthy {
  area: Area;
  evidence: Evidence;
  /** How much the reading says: 2 for a CPU split over several samples, 1 otherwise. */
  weight: number;
}

/**
 * With no CPU count and no split, a load under 1 is under any host's CPU count: fewer runnable
 * tasks than even a 1-vCPU instance has CPUs.
 */
const LOAD_UNDER_ANY_HOST = 1;
/**
 * With no split, listed processes together under half a core leave even a 1-vCPU host mostly
 * idle; with the CPU count known, under this share of all CPUs is busy but not saturated.
 */
const PROCESSES_UNDER_ANY_HOST = 50;
const PROCESSES_SHARE_OF_HOST = 0.8;

/**
 * Idle share from which a load above the CPU count is not CPU demand: with half the CPUs idle,
 * the extra runnable count is tasks in D state (the load average counts them too).
 */
const IDLE_FOR_LOAD = 50;

/**
 * A split that is busy while more tasks are runnable than there are CPUs: tasks queue for the
 * CPUs. Not a cause's sign (under runaway's bar), but no evidence of health either.
 */
export const cpuQueued = (facts: Facts): Evidence | undefined => {
  const { cpu, load, cpus } = facts;
  if (!cpu || !load || cpus === undefined) return undefined;
  if (load.load1 <= cpus || cpu.split.idle >= IDLE_FOR_LOAD) return undefined;
  return {
    source: load.source,
    text: `load ${load.load1} on ${cpus} CPUs with the CPUs ${percent(100 - cpu.split.idle)} busy (${cpu.source}): tasks may queue for the CPUs`,
  };
};

const cpuHealth = (facts: Facts): Healthy | undefined => {
  const { cpu, load, cpus } = facts;
  const onCpus = cpus !== undefined ? ` on ${cpus} CPUs` : '';
  if (cpu) {
    if (cpuQueued(facts)) return undefined;
    const s = cpu.split;
    const over = cpu.samples > 1 ? ` over ${cpu.samples} samples` : '';
    // A load above the CPUs with idle CPUs counts tasks waiting in D state, not for a CPU.
    const loadText =
      load && cpus !== undefined && load.load1 > cpus
        ? `; load ${load.load1}${onCpus} with idle CPUs counts tasks waiting in D state, not for a CPU`
        : load
          ? `; load ${load.load1}${onCpus}`
          : '';
    return {
      area: 'CPU',
      weight: cpu.samples > 1 ? 2 : 1,
      evidence: {
        source: cpu.source,
        // htop's bars give how busy, not the split: quote no us/sy/wa/st it did not show.
        text: cpu.busyOnly
          ? `CPU ${percent(100 - s.idle)} busy${over}${loadText}`
          : `CPU ${percent(100 - s.idle)} busy${over} (us ${percent(s.user)}, sy ${percent(s.system)}, wa ${percent(s.iowait)}, st ${percent(s.steal)})${loadText}`,
      },
    };
  }
  if (load && cpus !== undefined && load.load1 <= cpus)
    return {
      area: 'CPU',
      weight: 1,
      evidence: {
        source: load.source,
        text: `load ${load.load1} ${load.load5} ${load.load15}${onCpus}: no more runnable tasks than CPUs`,
      },
    };
  if (load && cpus === undefined && load.load1 < LOAD_UNDER_ANY_HOST)
    return {
      area: 'CPU',
      weight: 1,
      evidence: {
        source: load.source,
        text: `load ${load.load1} ${load.load5} ${load.load15}: under one runnable task, fewer than any host has CPUs`,
      },
    };
  const top = facts.processes[0];
  const total = facts.processes.reduce((a, p) => a + p.cpuPercent, 0);
  const bar = cpus !== undefined ? PROCESSES_SHARE_OF_HOST * 100 * cpus : PROCESSES_UNDER_ANY_HOST;
  // A filtered listing (`ps aux | grep java`) is not the host's processes: its sum says nothing.
  if (top && !load && total < bar && !facts.partialProcessList)
    return {
      area: 'CPU',
      weight: 1,
      evidence: {
        source: top.source,
        text: `CPU: the ${count(facts.processes.length)} listed process${facts.processes.length === 1 ? '' : 'es'} use ${percent(total)} of a core together${onCpus} (busiest ${top.name}, pid ${top.pid}, ${percent(top.cpuPercent)})`,
      },
    };
  return undefined;
};

/**
 * MemAvailable from which memory is plainly fine: memory-creep calls under 20% tight (its
 * signs start under 15%), so the band between says neither sick nor healthy.
 */
const MEMORY_PLENTY_PERCENT = 20;
/** Swap in use from which memory ran short at some point, whatever is available now. */
const SWAP_USED_SHARE = 0.5;

const memoryHealth = (facts: Facts): Healthy | undefined => {
  const mem = facts.memory;
  if (!mem || mem.availablePercent < MEMORY_PLENTY_PERCENT) return undefined;
  if (mem.swapTotalKiB && (mem.swapUsedKiB ?? 0) >= SWAP_USED_SHARE * mem.swapTotalKiB)
    return undefined;
  const swap =
    mem.swapInPerSecond !== undefined
      ? ', no swapping'
      : mem.swapTotalKiB && mem.swapUsedKiB !== undefined
        ? `, swap ${size(mem.swapUsedKiB)} of ${size(mem.swapTotalKiB)} used`
        : '';
  return {
    area: 'memory',
    weight: 1,
    evidence: {
      source: mem.source,
      text: `memory: ${size(mem.availableKiB)} of ${size(mem.totalKiB)} available (${percent(mem.availablePercent)}; page cache counts as available, the kernel reclaims it on demand)${swap}`,
    },
  };
};

const diskHealth = (facts: Facts): Healthy | undefined => {
  const io = facts.io;
  if (!io || io.disks.length === 0) return undefined;
  const states = io.disks.map((d) => ({ d, state: diskState(d) }));
  if (states.some((s) => s.state === 'saturated' || s.state === 'busy')) return undefined;
  const parallel = states.filter((s) => s.state === 'parallel').map((s) => s.d);
  const busiest = [...io.disks].sort((a, b) => (b.utilPercent ?? 0) - (a.utilPercent ?? 0))[0];
  if (!busiest) return undefined;
  return {
    area: 'disks',
    weight: 1,
    evidence: {
      source: io.source,
      text:
        parallel.length > 0
          ? `disks: ${parallel.map(diskText).join('; ')}: full but answering in under a millisecond, a parallel device keeping up`
          : `disks: busiest ${diskText(busiest)}`,
    },
  };
};

const creditHealth = (facts: Facts): Healthy | undefined => {
  const a = assessCredits(facts);
  if (a.kind !== 'burstable' || a.reading.effect !== 'fine' || !a.reading.balance) return undefined;
  const r = a.reading;
  return {
    area: 'CPU credits',
    weight: 1,
    evidence: {
      source: r.balance?.source ?? r.instanceSource,
      text: `CPU credits: ${credits(r.balance?.value ?? 0)} of ${credits(r.spec.maxCredits)} on a ${r.type}`,
    },
  };
};

/** Every area the capture measured and found ordinary. */
export const measuredHealth = (facts: Facts): Healthy[] =>
  [cpuHealth(facts), memoryHealth(facts), diskHealth(facts), creditHealth(facts)].filter(
    (h): h is Healthy => h !== undefined,
  );
