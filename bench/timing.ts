import { performance } from 'node:perf_hooks';

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** Median wall time of `fn` in milliseconds, after `warmup` untimed runs. */
export const timeMs = (fn: () => unknown, runs: number, warmup = Math.min(runs, 5)): number => {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
};

export const round = (n: number, digits = 3): number => Number(n.toFixed(digits));
