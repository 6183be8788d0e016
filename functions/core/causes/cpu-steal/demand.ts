/**
 * Whether the guest wants more CPU than it gets: only then does steal slow anything. Steal is
 * time a vCPU was ready to run and the hypervisor ran someone else; a guest that sits idle
 * loses nothing to it.
 */
import type { Facts } from '../../facts/types.js';
import { percent } from '../shared/words.js';

/** Idle (percent of all CPUs) under which the guest would use more CPU if it got it. */
export const WANTS_CPU_IDLE = 20;

export interface Demand {
  wants: boolean;
  /** `idle 8.8% and steal 71%`, `5.0 runnable on 2 CPUs`, `94% idle`. */
  why: string;
  source: string;
}

/** The guest's demand for CPU from its idle share and its run queue (or load). */
export const wantsCpu = (facts: Facts): Demand => {
  const cpu = facts.cpu;
  const cpus = facts.cpus;
  const queue = cpu?.runQueue;
  if (cpu && queue !== undefined && cpus !== undefined && queue >= cpus)
    return {
      wants: true,
      why: `${queue.toFixed(1)} runnable on ${cpus} CPUs: the guest wants every CPU it has`,
      source: cpu.source,
    };
  const load = facts.load;
  if (queue === undefined && load && cpus !== undefined && load.load1 >= cpus)
    return {
      wants: true,
      why: `load ${load.load1} on ${cpus} CPUs: the guest wants every CPU it has`,
      source: load.source,
    };
  if (!cpu) return { wants: false, why: 'no CPU split', source: 'capture' };
  const idle = cpu.split.idle;
  return idle < WANTS_CPU_IDLE
    ? {
        wants: true,
        why: `idle ${percent(idle)}: the guest would use the stolen time`,
        source: cpu.source,
      }
    : { wants: false, why: `the CPUs sit ${percent(idle)} idle`, source: cpu.source };
};
