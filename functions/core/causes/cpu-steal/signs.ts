import type { Evidence } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import { percent } from '../shared/words.js';

/** Steal (percent of all CPUs) from which the hypervisor noticeably holds the instance back. */
const STEAL_SIGN = 5;

/** CPU time the hypervisor gave to someone else. */
export const stealSigns = (facts: Facts): Evidence[] => {
  const cpu = facts.cpu;
  return cpu && cpu.split.steal >= STEAL_SIGN
    ? [{ source: cpu.source, text: `steal ${percent(cpu.split.steal)}` }]
    : [];
};
