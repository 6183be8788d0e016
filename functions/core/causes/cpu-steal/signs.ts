import type { Evidence } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import { percent } from '../shared/words.js';
import { wantsCpu } from './demand.js';

/** Steal (percent of all CPUs) from which the hypervisor noticeably holds a busy guest back. */
const STEAL_SIGN = 5;
/** Steal from which it is a sign even on an idle guest: a tenth of the machine, not noise. */
const STEAL_SIGN_IDLE = 10;

/** CPU time the hypervisor gave to someone else while the guest wanted it. */
export const stealSigns = (facts: Facts): Evidence[] => {
  const cpu = facts.cpu;
  if (!cpu || cpu.split.steal < STEAL_SIGN) return [];
  const demand = wantsCpu(facts);
  if (!demand.wants && cpu.split.steal < STEAL_SIGN_IDLE) return [];
  return [{ source: cpu.source, text: `steal ${percent(cpu.split.steal)}` }];
};
