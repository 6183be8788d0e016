/**
 * Where the CPU goes on each: the split (us/sy/wa/st) when both show one, and the share of a
 * profile's samples in the kernel when both were profiled (seed 000's healthy peer has no `top`,
 * only a `perf report`: the kernel share is how its system time compares).
 */
import { measuredSplit } from '../causes/shared/cpu-burn.js';
import { percent } from '../causes/shared/words.js';
import type { Facts } from '../facts/types.js';
import { oneSided, type PeerPart, rowsOf } from './part.js';
import { type Measure, numberRow } from './rows.js';

const ofSamples = (n: number) => `${percent(n)} of samples`;

/** Percentage points of all CPU under which two splits are the same whatever their ratio. */
export const SPLIT_FLOOR = 5;
/** Percentage points of a profile's samples, likewise. */
export const PERF_FLOOR = 5;

const split = (label: string, differs: string, same: string): Measure => ({
  area: 'cpu',
  label,
  format: percent,
  floor: SPLIT_FLOOR,
  differs,
  same,
});

const SY = split(
  'sy (system CPU)',
  'the sick one spends its CPU in the kernel (syscalls, signals, page faults)',
  'kernel time does not set the sick one apart',
);
const US = split(
  'us (user CPU)',
  'the application itself does more (or less) work',
  'the application does as much work on both',
);
const WA = split('wa (iowait)', 'the sick one waits on its disks', 'disk waits do not explain it');
const ST = split('st (steal)', 'the hypervisor takes its CPU', 'steal does not explain it');

const PERF_KERNEL: Measure = {
  area: 'cpu',
  label: 'system CPU (perf)',
  format: ofSamples,
  floor: PERF_FLOOR,
  differs: 'the sick one spends its CPU in the kernel',
  same: 'the peer spends as much in the kernel: kernel time does not explain it',
};

export const compareCpu = (sick: Facts, healthy: Facts): PeerPart => {
  const s = measuredSplit(sick);
  const h = measuredSplit(healthy);
  return {
    rows: rowsOf([
      numberRow(SY, s?.system, h?.system),
      numberRow(US, s?.user, h?.user),
      numberRow(WA, s?.iowait, h?.iowait),
      numberRow(ST, s?.steal, h?.steal),
      numberRow(PERF_KERNEL, sick.perf?.kernelPercent, healthy.perf?.kernelPercent),
    ]),
    notCompared: [
      ...oneSided(
        `CPU split${s ? ` (sick: us ${percent(s.user)}, sy ${percent(s.system)})` : ''}`,
        s !== undefined,
        h !== undefined,
      ),
      ...oneSided('perf profile', sick.perf !== undefined, healthy.perf !== undefined),
    ],
  };
};
