import type { Evidence } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import { percent } from '../shared/words.js';

/** iowait (percent of all CPUs) from which the host is waiting on disk noticeably. */
const IOWAIT_SIGN = 10;
/** Processes in uninterruptible sleep: one or two come and go on any host. */
const STUCK_SIGN = 3;

/** The CPUs waiting on disk, or processes stuck in D state. */
export const ioWaitSigns = (facts: Facts): Evidence[] => {
  const found: Evidence[] = [];
  const cpu = facts.cpu;
  if (cpu && cpu.split.iowait >= IOWAIT_SIGN)
    found.push({ source: cpu.source, text: `iowait ${percent(cpu.split.iowait)}` });
  const stuck = facts.io?.uninterruptible ?? [];
  if (stuck.length >= STUCK_SIGN) {
    found.push({ source: facts.io?.source ?? 'ps', text: `${stuck.length} processes in D state` });
  }
  return found;
};
