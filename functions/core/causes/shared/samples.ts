import type { CpuFacts } from '../../facts/types.js';

/** What one sample of each kind of block is called, so a card never says "top frame" of iostat. */
const ONE_SAMPLE: Record<NonNullable<CpuFacts['origin']>, string> = {
  top: 'top frame',
  vmstat: 'vmstat sample',
  mpstat: 'mpstat report',
  sar: 'sar sample',
  iostat: 'iostat report',
};

/** ` in a single iostat report` when the split rests on one sample; empty otherwise. */
export const singleSample = (cpu: CpuFacts): string =>
  cpu.samples === 1 ? ` in a single ${cpu.origin ? ONE_SAMPLE[cpu.origin] : 'sample'}` : '';
