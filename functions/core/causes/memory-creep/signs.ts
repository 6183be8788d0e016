import type { Evidence } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import { count, percent, size } from '../shared/words.js';

/** MemAvailable under this share of RAM is not a healthy host's, leak or not. */
const LOW_AVAILABLE_PERCENT = 15;

/** Little memory left, or the OOM killer at work. */
export const memorySigns = (facts: Facts): Evidence[] => {
  const found: Evidence[] = [];
  const mem = facts.memory;
  if (mem && mem.availablePercent < LOW_AVAILABLE_PERCENT) {
    found.push({
      source: mem.source,
      text: `only ${size(mem.availableKiB)} (${percent(mem.availablePercent)}) memory available`,
    });
  }
  const ooms = facts.kernelEvents.filter((e) => e.kind === 'oom-kill');
  if (ooms[0]) found.push({ source: ooms[0].source, text: `${count(ooms.length)} OOM kill(s)` });
  return found;
};
