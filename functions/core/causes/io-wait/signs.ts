import type { Evidence } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import { percent } from '../shared/words.js';
import { diskState, diskText } from './disks.js';

/** iowait (percent of all CPUs) from which the host is waiting on disk noticeably. */
const IOWAIT_SIGN = 10;
/** Processes in uninterruptible sleep: one or two come and go on any host. */
const STUCK_SIGN = 3;
/** PSI io some avg10: a quiet host shows 0–2%; a tenth of the time stalled is not quiet. */
const PSI_SIGN = 10;

/** The CPUs waiting on disk, processes stuck in D state, a full and slow disk, io stalls. */
export const ioWaitSigns = (facts: Facts): Evidence[] => {
  const found: Evidence[] = [];
  const cpu = facts.cpu;
  if (cpu && cpu.split.iowait >= IOWAIT_SIGN)
    found.push({ source: cpu.source, text: `iowait ${percent(cpu.split.iowait)}` });
  const io = facts.io;
  const stuck = io?.uninterruptible ?? [];
  if (io && stuck.length >= STUCK_SIGN)
    found.push({ source: io.source, text: `${stuck.length} processes in D state` });
  const saturated = (io?.disks ?? []).find((d) => diskState(d) === 'saturated');
  if (io && saturated) found.push({ source: io.source, text: `${diskText(saturated)}: saturated` });
  if (io && (io.pressureSome10 ?? 0) >= PSI_SIGN)
    found.push({ source: io.source, text: `PSI io some ${percent(io.pressureSome10 ?? 0)}` });
  const hung = facts.kernelEvents.find((e) => e.kind === 'hung-task');
  if (hung) found.push({ source: hung.source, text: `hung task: ${hung.line.trim()}` });
  return found;
};
