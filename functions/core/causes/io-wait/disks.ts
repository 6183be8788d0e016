/**
 * What an iostat device row says about the disk. `%util` is the share of time the device had a
 * request in flight: on a disk that serves one request at a time 100% means saturated, but an
 * NVMe drive or a RAID set serves many at once and shows 100% while answering in 0.1 ms (sysstat
 * #187, 4.17+ kernels). So a full device counts only with a slow answer (await).
 */
import type { DiskFacts } from '../../facts/types.js';
import { percent } from '../shared/words.js';

/** `%util` near 100: the device always had a request in flight. */
export const FULL_UTIL = 90;
/**
 * Average wait per request from which requests queue: EBS gp3/io2 and SSDs answer in 0.1–2 ms,
 * a spinning disk's seek is 5–10 ms; 20 ms means requests wait behind others.
 */
export const SLOW_AWAIT_MS = 20;
/**
 * Under 1 ms per request a "full" device is a parallel one keeping up (sysstat #187: 100% util
 * at 0.10 ms on an NVMe instance store): not saturated.
 */
export const PARALLEL_AWAIT_MS = 1;

export type DiskState =
  /** Full and slow: requests queue on it. Decisive. */
  | 'saturated'
  /** Full at an ordinary await (a single-queue disk at its limit) or slow but not full. */
  | 'busy'
  /** Full, but each request answered in under a millisecond: a parallel device keeping up. */
  | 'parallel'
  | 'quiet';

export const diskState = (d: DiskFacts): DiskState => {
  const util = d.utilPercent ?? 0;
  const wait = d.awaitMs;
  if (util >= FULL_UTIL && wait !== undefined && wait >= SLOW_AWAIT_MS) return 'saturated';
  if (util >= FULL_UTIL && wait !== undefined && wait < PARALLEL_AWAIT_MS) return 'parallel';
  if (util >= FULL_UTIL || (wait ?? 0) >= SLOW_AWAIT_MS) return 'busy';
  return 'quiet';
};

/** `sdb 100% busy, await 61 ms`. */
export const diskText = (d: DiskFacts): string =>
  [
    d.device,
    d.utilPercent !== undefined ? `${percent(d.utilPercent)} busy` : undefined,
    d.awaitMs !== undefined ? `await ${d.awaitMs.toFixed(d.awaitMs >= 10 ? 0 : 1)} ms` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
