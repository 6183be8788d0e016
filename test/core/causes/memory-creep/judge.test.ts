import { describe, expect, it } from 'vitest';
import { memoryCreep } from '../../../../functions/core/causes/memory-creep/index.js';
import type { CpuSplit, MemoryFacts } from '../../../../functions/core/facts/types.js';
import { makeFacts, proc, split } from '../../../helpers/facts.js';
import { GET_METRIC_DATA, metricSeries } from '../../../helpers/metric-series.js';
import { diagnosisOf, reasonOf } from '../../../helpers/outcomes.js';
import { PS, seed002, seed003Trend } from '../../../helpers/seed-facts.js';

const MEMINFO = 'cat /proc/meminfo';

const vmstat = (over: Partial<CpuSplit>) => ({
  split: split(over),
  source: 'vmstat 1 5',
  samples: 4,
  series: [split(over), split(over), split(over), split(over)],
});

const memory = (over: Partial<MemoryFacts>): MemoryFacts => ({
  totalKiB: 4_000_000,
  availableKiB: 3_000_000,
  availablePercent: 75,
  swapTotalKiB: 0,
  swapUsedKiB: 0,
  swapInPerSecond: 0,
  swapOutPerSecond: 0,
  source: MEMINFO,
  ...over,
});

describe('memoryCreep', () => {
  it('names memory-creep on seed 002 with the chain to system CPU', () => {
    // Prepare
    const facts = seed002();

    // Act
    const d = diagnosisOf(memoryCreep.judge(facts));

    // Assess
    expect(d.cause).toBe('memory-creep');
    expect(d.confidence).toBeGreaterThanOrEqual(0.9);
    expect(d.chain).toBe('memory pressure → kswapd reclaim → system CPU');
    expect(d.summary).toBe(
      'Memory is running out (MemAvailable 3.0% of 957 MiB): 8 gunicorn workers hold 887 MiB, and the kernel burns CPU reclaiming it.',
    );
    expect(d.evidence).toEqual([
      { source: MEMINFO, text: 'MemAvailable 29 MiB of 957 MiB (3.0%), no swap configured' },
      { source: PS, text: 'kswapd0 at 62% of a core: the kernel is reclaiming memory' },
      {
        source: PS,
        text: '8 gunicorn workers of ~111 MiB each hold 887 MiB (93% of 957 MiB)',
      },
      {
        source: 'vmstat 1 5',
        text: "system CPU 38% of all CPUs: the kernel's reclaim and page faults",
      },
    ]);
    expect(d.pid).toBeUndefined();
  });

  it('tells seed 002 to recycle workers and run 2 × cores + 1 of them', () => {
    // Prepare
    const facts = seed002();

    // Act
    const d = diagnosisOf(memoryCreep.judge(facts));

    // Assess
    expect(d.fixes.map((f) => [f.when, f.title])).toEqual([
      ['now', 'Reload the gunicorn workers'],
      ['properly', 'Run fewer workers: 5 instead of 8'],
      ['properly', 'Recycle workers before they grow'],
      ['properly', 'Find the leak: compare tracemalloc snapshots'],
      ['now', 'More memory only as a stopgap'],
    ]);
    expect(d.fixes.map((f) => f.command)).toContain(
      'gunicorn --max-requests 1000 --max-requests-jitter 100 …',
    );
    expect(d.fixes[1]?.detail).toBe(
      '2 × 2 cores + 1 = 5; at ~111 MiB each that is 557 MiB of 957 MiB instead of 887 MiB.',
    );
  });

  it('recognises seed 003: a slow rise that resets on redeploy, with an ETA', () => {
    // Prepare
    const facts = makeFacts({
      memory: memory({ totalKiB: 2_097_152, availableKiB: 1_250_000, availablePercent: 60 }),
      memoryTrend: seed003Trend(),
      processes: [proc({ pid: 77, name: 'node', rssKiB: 380_000, ageSeconds: 43_200, source: PS })],
      runtimes: [{ pid: 77, runtime: 'node', profilers: [] }],
    });

    // Act
    const d = diagnosisOf(memoryCreep.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.6);
    expect(d.chain).toBeUndefined();
    expect(d.summary).toBe(
      'Memory creeps up and resets on restart, the signature of a leak: mem_used_percent rose to 49% (+2.0 points/day) before dropping to 40%; at the rate before the restart memory is full in ~30 days.',
    );
    expect(d.evidence).toEqual([
      {
        source: GET_METRIC_DATA,
        text: 'mem_used_percent rose 39% → 49% over 5 days (+2.0 points/day), then dropped to 40% at 2026-12-16T18:00:00.000Z: a restart or redeploy reset it, the signature of a leak',
      },
      {
        source: GET_METRIC_DATA,
        text: 'at the rate before the restart memory is full in ~30 days',
      },
    ]);
    expect(d.fixes.map((f) => f.command)).toContain(
      'node --heapsnapshot-signal=SIGUSR2 …; kill -USR2 77',
    );
  });

  it('is surer of a leak when memory rises again after the reset', () => {
    // Prepare: two more days of rising after the redeploy
    const rise = Array.from({ length: 21 }, (_, i) => 39 + i * 0.5);
    const again = Array.from({ length: 9 }, (_, i) => 39.5 + i * 0.5);
    const facts = makeFacts({
      memoryTrend: metricSeries('mem_used_percent', [...rise, ...again], { stepMinutes: 6 * 60 }),
    });

    // Act
    const d = diagnosisOf(memoryCreep.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.7);
    expect(d.evidence.map((e) => e.text)).toContainEqual(
      'mem_used_percent at 44%, rising 2.0 points/day over the last 2 days since the reset',
    );
  });

  it('gives an ETA from a process growing during the capture', () => {
    // Prepare
    const facts = makeFacts({
      memory: memory({ availableKiB: 1_440_000, availablePercent: 36 }),
      processes: [
        proc({
          pid: 2872,
          name: 'node-20',
          rssKiB: 1_900_000,
          rssGrowthKiBPerSecond: 200,
          source: PS,
        }),
      ],
    });

    // Act
    const d = diagnosisOf(memoryCreep.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.5);
    expect(d.pid).toBe(2872);
    expect(d.summary).toBe(
      'Memory creeps up: node-20 (PID 2872) holds 1.8 GiB and grows 12 MiB/min; at this rate memory is full in ~2.0 h.',
    );
    expect(d.fixes[0]?.title).toBe('Restart node-20 (PID 2872), the fastest grower');
  });

  it('counts OOM kills and swapping as strong evidence', () => {
    // Prepare
    const facts = makeFacts({
      cpu: vmstat({ user: 20, system: 10, iowait: 25 }),
      memory: memory({
        availableKiB: 600_000,
        availablePercent: 15,
        swapTotalKiB: 2_000_000,
        swapUsedKiB: 1_500_000,
        swapInPerSecond: 900,
        swapOutPerSecond: 1_400,
        pressureSome10: 35,
        pressureFull10: 12,
      }),
      kernelEvents: [
        {
          kind: 'oom-kill',
          pid: 4100,
          process: 'java',
          rssKiB: 2_600_000,
          line: 'Out of memory: Killed process 4100 (java) total-vm:5123456kB, anon-rss:2600000kB',
          source: 'dmesg -T',
        },
      ],
    });

    // Act
    const d = diagnosisOf(memoryCreep.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.9);
    expect(d.chain).toBe('memory pressure → swapping → I/O wait → OOM kills');
    expect(d.evidence).toContainEqual({
      source: 'dmesg -T',
      text: "the kernel's OOM killer killed java (PID 4100, 2.5 GiB)",
    });
    expect(d.evidence).toContainEqual({
      source: MEMINFO,
      text: 'swapping: si 900 KiB/s, so 1,400 KiB/s, 1.4 GiB of swap used',
    });
  });

  it('names one process holding most of the memory, with its average growth since start', () => {
    // Prepare
    const facts = makeFacts({
      memory: memory({ availableKiB: 640_000, availablePercent: 16 }),
      processes: [
        proc({ pid: 4100, name: 'java', rssKiB: 2_700_000, ageSeconds: 12 * 86_400, source: PS }),
      ],
    });

    // Act
    const d = diagnosisOf(memoryCreep.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.5);
    expect(d.pid).toBe(4100);
    expect(d.evidence).toContainEqual({
      source: PS,
      text: 'java (PID 4100) holds 2.6 GiB (68% of memory) after 12 days up (~9 MiB/h on average since start)',
    });
    expect(d.fixes.map((f) => f.command)).toEqual(
      expect.arrayContaining([
        'java -Xmx… -XX:+HeapDumpOnOutOfMemoryError …',
        'jcmd 4100 GC.heap_dump /tmp/heap-4100.hprof',
      ]),
    );
  });

  it('keeps a busy kswapd a hint when plenty of memory is available', () => {
    // Prepare
    const facts = makeFacts({
      processes: [proc({ pid: 45, name: 'kswapd0', cpuPercent: 30, source: PS })],
    });

    // Act
    const d = diagnosisOf(memoryCreep.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.5);
    expect(d.chain).toBeUndefined();
  });

  it('rules memory out with the numbers when plenty is free and the trend is flat', () => {
    // Prepare
    const flat = [41, 41.4, 40.8, 41.2, 41, 40.9, 41.3];
    const facts = makeFacts({
      memoryTrend: metricSeries('mem_used_percent', flat, { stepMinutes: 12 * 60 }),
    });

    // Act
    const reason = reasonOf(memoryCreep.judge(facts));

    // Assess
    expect(reason).toBe(
      'MemAvailable 75% (2.9 GiB of 3.8 GiB), no swapping, mem_used_percent flat at 41% over 3 days',
    );
  });

  it('rules out many workers that fit comfortably', () => {
    // Prepare
    const facts = makeFacts({
      processes: Array.from({ length: 4 }, (_, i) =>
        proc({ pid: 500 + i, name: 'gunicorn', rssKiB: 90_000, source: PS }),
      ),
    });

    // Act
    const reason = reasonOf(memoryCreep.judge(facts));

    // Assess
    expect(reason).toBe('MemAvailable 75% (2.9 GiB of 3.8 GiB), no swapping');
  });

  it('asks for meminfo when the capture says nothing about memory', () => {
    // Prepare
    const facts = makeFacts({ memory: undefined, processes: [proc({ pid: 1 })] });

    // Act
    const outcome = memoryCreep.judge(facts);

    // Assess
    expect(outcome.kind).toBe('no-data');
  });
});

describe('memoryCreep on a roomy host', () => {
  it('does not report a slow grower and a few small workers when 97% of memory is free', () => {
    // Prepare: seen on this machine: node growing 3 MiB/min and 7 shells on 23.5 GiB.
    const shells = [1, 2, 3, 4, 5, 6, 7].map((i) =>
      proc({ pid: 200 + i, name: 'bash', rssKiB: 4_096, cpuPercent: 0 }),
    );
    const facts = makeFacts({
      processes: [
        proc({
          pid: 8304,
          name: 'node',
          rssKiB: 220_000,
          rssGrowthKiBPerSecond: 51,
          cpuPercent: 3,
        }),
        ...shells,
      ],
      memory: {
        totalKiB: 24_600_000,
        availableKiB: 23_900_000,
        availablePercent: 97,
        swapTotalKiB: 0,
        swapUsedKiB: 0,
        swapInPerSecond: 0,
        swapOutPerSecond: 0,
        source: 'cat /proc/meminfo',
      },
    });

    // Act
    const outcome = memoryCreep.judge(facts);

    // Assess
    expect(outcome.kind).toBe('ruled-out');
  });
});

describe('memoryCreep and young processes', () => {
  const roomy = {
    totalKiB: 24_600_000,
    availableKiB: 23_900_000,
    availablePercent: 97,
    swapInPerSecond: 0,
    swapOutPerSecond: 0,
    source: 'cat /proc/meminfo',
  };

  it('does not count a two-minute-old process filling its caches (full in ~16 h)', () => {
    const facts = makeFacts({
      processes: [
        proc({
          pid: 3604,
          name: 'node',
          rssKiB: 49_000,
          rssGrowthKiBPerSecond: 410,
          ageSeconds: 120,
        }),
      ],
      memory: roomy,
    });

    expect(memoryCreep.judge(facts).kind).toBe('ruled-out');
  });

  it('still counts a young process that would fill memory within the hour', () => {
    const facts = makeFacts({
      processes: [
        proc({
          pid: 3605,
          name: 'node',
          rssKiB: 900_000,
          rssGrowthKiBPerSecond: 30_000,
          ageSeconds: 40,
        }),
      ],
      memory: roomy,
    });

    expect(memoryCreep.judge(facts).kind).toBe('diagnosis');
  });
});
