/**
 * The signals each receives: how many a second (counted in the kernel, or traced for a known
 * time), which ones, and how much of a profile goes to delivering them. A signal that reaches
 * the healthy peer too (seed 000: SIGPROF on both) is not the cause by itself; its rate is.
 */
import { hottestProcess, perfKernelShare } from '../causes/shared/cpu-burn.js';
import { percent, perSecond } from '../causes/shared/words.js';
import { SIGNAL_FRAME } from '../causes/syscall-storm/judge.js';
import type { Facts } from '../facts/types.js';
import { type PeerPart, rowsOf } from './part.js';
import { type Measure, numberRow, setRow } from './rows.js';

/** Deliveries per second under which two signal rates are the same (a 100 Hz profiler: 100/s). */
export const SIGNAL_RATE_FLOOR = 100;
/** Percentage points of a profile's samples in signal delivery, likewise. */
export const SIGNAL_FRAME_FLOOR = 2;

const DELIVERIES: Measure = {
  area: 'signals',
  label: 'signal deliveries',
  format: perSecond,
  floor: SIGNAL_RATE_FLOOR,
  differs: 'a profiler or timer signals the sick one far more often',
  same: 'signals arrive as often on the peer: they do not explain it',
};

const FRAMES: Measure = {
  area: 'signals',
  label: 'signal delivery (perf)',
  format: (n) => `${percent(n)} of samples`,
  floor: SIGNAL_FRAME_FLOOR,
  differs: 'the kernel builds signal frames (setup_sigframe) for the sick one',
  same: 'signal delivery costs the peer as much',
};

/** The busiest process's deliveries counted in the kernel, else a timed trace's. */
const deliveryRate = (f: Facts): number | undefined => {
  const busiest = hottestProcess(f);
  const counted = f.syscallRates?.find((r) => r.pid === busiest?.pid)?.signals?.perSecond;
  if (counted !== undefined) return counted;
  const traced = f.signals;
  return traced?.seconds
    ? Object.values(traced.counts).reduce((a, n) => a + n, 0) / traced.seconds
    : undefined;
};

const perfFrames = (f: Facts) => (f.perf ? perfKernelShare(f, SIGNAL_FRAME) : undefined);

export const compareSignals = (sick: Facts, healthy: Facts): PeerPart => ({
  rows: rowsOf([
    numberRow(DELIVERIES, deliveryRate(sick), deliveryRate(healthy)),
    setRow(
      'signals',
      'signals traced',
      sick.signals && Object.keys(sick.signals.counts).sort(),
      healthy.signals && Object.keys(healthy.signals.counts).sort(),
      'the same signals reach the peer: their presence does not explain it, their rate may',
    ),
    numberRow(FRAMES, perfFrames(sick), perfFrames(healthy)),
  ]),
  notCompared: [],
});
