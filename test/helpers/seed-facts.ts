import { type BurstableSpec, burstableSpec } from '../../functions/core/burstable.js';
/**
 * Facts of the seed incidents (`shared/seeds/`), as the capture of the sick host would give
 * them, so every rule is tested against the same picture.
 */
import type { CpuSplit, Facts } from '../../functions/core/facts/types.js';
import { makeFacts, proc, split } from './facts.js';
import { metricSeries } from './metric-series.js';

export const PS = 'ps -eo pid,ppid,user,etimes,nlwp,pcpu,pmem,rss,vsz,stat,comm,args --sort=-pcpu';

const vmstat = (over: Partial<CpuSplit>) => ({
  split: split(over),
  source: 'vmstat 1 5',
  samples: 4,
  series: [split(over), split(over), split(over), split(over)],
});

/**
 * Seed 002: Django on gunicorn, 8 workers of ~110 MB on a t3.micro (2 vCPUs, 1 GiB, no swap,
 * unlimited by the family default), memory nearly gone and kswapd spinning, CPU at 100% with
 * much of it system time. The engineer checked the CPU credits first: 144 of 288, flat.
 */
export const seed002 = (): Facts =>
  makeFacts({
    cpus: 2,
    capturedAt: '2026-11-22T09:12:03Z',
    cpu: vmstat({ user: 22, system: 38, iowait: 12 }),
    memory: {
      totalKiB: 980_000,
      availableKiB: 29_400,
      availablePercent: 3,
      swapTotalKiB: 0,
      swapUsedKiB: 0,
      swapInPerSecond: 0,
      swapOutPerSecond: 0,
      source: 'cat /proc/meminfo',
    },
    processes: [
      proc({ pid: 45, name: 'kswapd0', cpuPercent: 62, source: PS }),
      ...Array.from({ length: 8 }, (_, i) =>
        proc({
          pid: 1201 + i,
          name: 'gunicorn',
          cpuPercent: 14,
          rssKiB: 110_000 + 1_000 * i,
          ageSeconds: 12 * 86_400,
          source: PS,
        }),
      ),
      proc({ pid: 1200, name: 'gunicorn', cpuPercent: 0.3, rssKiB: 21_000, source: PS }),
      proc({ pid: 980, name: 'nginx', cpuPercent: 1, rssKiB: 9_000, source: PS }),
    ],
    instance: {
      id: 'i-0abc1234def567890',
      type: 't3.micro',
      burstable: burstableSpec('t3.micro') as BurstableSpec,
      creditMode: { value: 'unlimited', from: 'family default' },
      ageHours: 289,
      source: 'aws ec2 describe-instances',
    },
    credits: {
      balance: metricSeries('CPUCreditBalance', [144.6, 144.2, 143.9, 144.1, 144.3, 144]),
      cpuUtilization: metricSeries('CPUUtilization', [99, 100, 100, 99]),
    },
  });

/**
 * Seed 003: a NestJS service whose memory rose 25% in 5 days (800 MiB → 1 GiB of a 2 GiB box:
 * 39% → 49% in CWAgent mem_used_percent, a point every 6 h) and dropped back on the redeploy.
 */
export const seed003Trend = () => {
  const rise = Array.from({ length: 21 }, (_, i) => 39 + i * 0.5);
  return metricSeries('mem_used_percent', [...rise, 39.5, 39.8], {
    stepMinutes: 6 * 60,
    end: '2026-12-17T00:00:00Z',
  });
};
