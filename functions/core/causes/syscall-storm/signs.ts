import type { Evidence } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import { isKernelThread, who } from '../shared/cpu-burn.js';
import { count, percent, perSecond } from '../shared/words.js';

/** Host `sy` (percent of all CPUs) no healthy host shows for long: healthy 1–10%, seed 000 37%. */
const SYSTEM_SIGN = 15;
/** Kernel time of one process, percent of a core: half a core of syscalls is no idle loop. */
const PROCESS_SYSTEM_SIGN = 50;
/** Syscalls a second a healthy busy server stays well under (seed 000 healthy: ~2,000/s). */
const RATE_SIGN = 20_000;
/** Without the trace's length: a count no trace of a few seconds reaches on a healthy process. */
const UNTIMED_SIGN = 500_000;
/** Signal deliveries a second: a 100 Hz profiler makes ~100; seed 000's storm tens of thousands. */
const SIGNAL_RATE_SIGN = 2_000;

/** Kernel time on the host or in one process, or a trace at storm rates. */
export const syscallStormSigns = (facts: Facts): Evidence[] => {
  const found: Evidence[] = [];
  const cpu = facts.cpu;
  if (cpu && cpu.split.system >= SYSTEM_SIGN)
    found.push({ source: cpu.source, text: `system CPU ${percent(cpu.split.system)}` });
  const kernelBusy = facts.processes.find(
    (p) => !isKernelThread(p) && (p.systemPercent ?? 0) >= PROCESS_SYSTEM_SIGN,
  );
  if (kernelBusy)
    found.push({
      source: kernelBusy.source,
      text: `${who(kernelBusy)} at ${percent(kernelBusy.systemPercent ?? 0)} of a core in the kernel`,
    });
  const trace = facts.syscalls;
  if (trace) {
    const rate = trace.seconds ? trace.totalCalls / trace.seconds : undefined;
    if (rate !== undefined ? rate >= RATE_SIGN : trace.totalCalls >= UNTIMED_SIGN)
      found.push({
        source: trace.source,
        text:
          rate !== undefined
            ? `${perSecond(rate)} syscalls`
            : `${count(trace.totalCalls)} syscalls in one trace`,
      });
  }
  const signals = facts.signals;
  if (signals?.seconds) {
    const delivered = Object.values(signals.counts).reduce((a, b) => a + b, 0);
    if (delivered / signals.seconds >= SIGNAL_RATE_SIGN)
      found.push({
        source: signals.source,
        text: `${perSecond(delivered / signals.seconds)} signals delivered`,
      });
  }
  return found;
};
