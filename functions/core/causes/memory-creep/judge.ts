/**
 * memory-creep: memory grows until the host reclaims (kswapd), swaps or kills (OOM killer).
 *
 * Two kinds of evidence, weighed apart:
 * - pressure now: little MemAvailable, swapping, kswapd on CPU, PSI memory stalls, OOM kills.
 *   Any of these alone is strong. On a box with no swap (most EC2 images) reclaim evicts page
 *   cache, code included, and the CPU goes to kswapd and to faulting pages back in: seed 002's
 *   t3.micro at 100% CPU was memory, not CPU.
 * - creep over time: one process growing during the capture, a CWAgent `mem_used_percent`
 *   trend rising, and above all a trend that drops sharply on restart and rises again (seeds 002
 *   and 003: "a trend that resets on restart is a leak"). Suggestive: it says where memory goes,
 *   not that the alarm is about it.
 */
import type { Evidence, Fix, ProblemCause, RuleOutcome } from '../../diagnosis.js';
import type { Facts, MetricSeries, ProcessFacts, Runtime } from '../../facts/types.js';
import type { Rule } from '../shared/rule.js';
import {
  type Drop,
  fitLine,
  hoursBetween,
  hoursUntil,
  type Line,
  latest,
  splitAtDrops,
} from '../shared/series.js';
import { count, duration, percent, size } from '../shared/words.js';
import { GROWING_KIB_S, type GrowthReading, readGrowth } from './growth.js';
import { heapFull } from './heap.js';
import { killEvidence, killerFixes, killSummary, victimProcess } from './killers.js';

/** MemAvailable as percent of MemTotal: under 10% the kernel is reclaiming hard; under 20% it is tight. */
const AVAILABLE_LOW = 10;
const AVAILABLE_TIGHT = 20;
/**
 * Available memory falling by this share of RAM across samples, never rising, is growth: page
 * cache counts as available, so only memory that processes hold makes it fall.
 */
const AVAILABLE_FALL_SHARE = 10;
/** vmstat si+so, KiB/s: any steady paging is worth saying; 100 KiB/s and more is thrashing. */
const SWAP_ANY_KIB_S = 10;
const SWAP_HEAVY_KIB_S = 100;
/** kswapd's CPU, percent of one core: idle on a healthy host; 10% means constant reclaim. */
const KSWAPD_BUSY = 10;
const KSWAPD_ACTIVE = 3;
/** PSI memory avg10: share of the last 10 s in which some (or all) tasks stalled on memory. */
const PSI_SOME_STRONG = 20;
const PSI_FULL_STRONG = 5;
const PSI_SOME_SUGGESTIVE = 5;
/** A trend that rose at least this many points of mem_used_percent, over ≥ 1 h and ≥ 3 points. */
const TREND_RISE_POINTS = 3;
const TREND_MIN_HOURS = 1;
const TREND_MIN_POINTS = 3;
/** An ETA further out than this is no warning anyone acts on. */
const ETA_HORIZON_HOURS = 60 * 24;
/** A drop of ≥ 3 points and ≥ 10% of the value between two points is a restart, not GC noise. */
const isReset = (before: number, after: number): boolean =>
  before - after >= Math.max(TREND_RISE_POINTS, before * 0.1);
/** Identical processes from which "many workers" is worth saying. */
const WORKERS_MIN = 3;
/** The share of memory a worker group must hold before it is named. */
const WORKERS_MIN_SHARE = 20;
/**
 * A young process a person asked about, seen growing over one capture window and nothing else:
 * named (a leak of 1 MiB/s fills 20 GiB in hours), but under 0.5 — a start-up looks the same.
 */
const WEAK_GROWTH = 0.45;
/** One process holding this share of memory dominates it. */
const DOMINANT_SHARE = 30;
/** System CPU (percent of all CPUs) from which reclaim shows as a CPU cost. */
const SYSTEM_HIGH = 15;
const IOWAIT_HIGH = 10;

const KSWAPD = /^kswapd/;

interface TrendReading {
  series: MetricSeries;
  latest: number;
  /** Line through the points since the last reset. */
  current?: Line;
  currentGrowing: boolean;
  /** The resets preceded by growth: the leak signature. */
  leakResets: { drop: Drop; before: Line }[];
  /** The rate the ETA uses: the current life's, else the last life's before its restart. */
  rate?: { slopePerHour: number; basis: 'current' | 'before restart' };
  etaHours?: number;
  flat: boolean;
  hours: number;
}

const growing = (line: Line | undefined): line is Line =>
  line !== undefined &&
  line.points >= TREND_MIN_POINTS &&
  line.hours >= TREND_MIN_HOURS &&
  line.slopePerHour * line.hours >= TREND_RISE_POINTS;

const readTrend = (series: MetricSeries | undefined): TrendReading | undefined => {
  const newest = latest(series);
  const oldest = series?.points[0];
  if (!series || !newest || !oldest) return undefined;
  const { segments, drops } = splitAtDrops(series.points, isReset);
  const lines = segments.map((s) => fitLine(s));
  const current = lines.at(-1);
  const leakResets = drops.flatMap((drop, i) => {
    const before = lines[i];
    return growing(before) ? [{ drop, before }] : [];
  });
  const lastLeak = leakResets.at(-1);
  const rate = growing(current)
    ? { slopePerHour: current.slopePerHour, basis: 'current' as const }
    : lastLeak
      ? { slopePerHour: lastLeak.before.slopePerHour, basis: 'before restart' as const }
      : undefined;
  const eta = rate ? hoursUntil(newest.value, rate.slopePerHour, 100) : undefined;
  return {
    series,
    latest: newest.value,
    ...(current ? { current } : {}),
    currentGrowing: growing(current),
    leakResets,
    ...(rate ? { rate } : {}),
    ...(eta !== undefined && eta <= ETA_HORIZON_HOURS ? { etaHours: eta } : {}),
    flat:
      drops.length === 0 &&
      (current === undefined || Math.abs(current.slopePerHour * current.hours) < TREND_RISE_POINTS),
    hours: hoursBetween(oldest.at, newest.at),
  };
};

const points = (n: number): string => `${n.toFixed(n >= 10 ? 0 : 1)}%`;
const perDay = (slopePerHour: number): string => `${(slopePerHour * 24).toFixed(1)} points/day`;

const trendEvidence = (t: TrendReading): Evidence[] => {
  const lines: Evidence[] = [];
  for (const { drop, before } of t.leakResets) {
    const start = drop.from - before.slopePerHour * before.hours;
    lines.push({
      source: t.series.source,
      text: `${t.series.label} rose ${points(start)} → ${points(drop.from)} over ${duration(before.hours * 3600)} (+${perDay(before.slopePerHour)}), then dropped to ${points(drop.to)} at ${drop.at}: a restart or redeploy reset it, the signature of a leak`,
    });
  }
  if (t.currentGrowing && t.current)
    lines.push({
      source: t.series.source,
      text: `${t.series.label} at ${points(t.latest)}, rising ${perDay(t.current.slopePerHour)} over the last ${duration(t.current.hours * 3600)}${t.leakResets.length > 0 ? ' since the reset' : ''}`,
    });
  if (t.etaHours !== undefined && t.rate)
    lines.push({
      source: t.series.source,
      text: `at ${t.rate.basis === 'current' ? 'this rate' : 'the rate before the restart'} memory is full in ~${duration(t.etaHours * 3600)}`,
    });
  return lines;
};

const runtimeOf = (facts: Facts, p: ProcessFacts | undefined): Runtime | undefined => {
  if (!p) return undefined;
  const known = facts.runtimes.find((r) => r.pid === p.pid)?.runtime;
  if (known) return known;
  const text = `${p.name} ${p.command ?? ''}`;
  if (/gunicorn|uwsgi|celery|python/i.test(text)) return 'python';
  if (/\bnode\b|node-\d|pm2|nest/i.test(text)) return 'node';
  if (/\bjava\b/i.test(text)) return 'jvm';
  return undefined;
};

interface Workers {
  name: string;
  members: ProcessFacts[];
  totalKiB: number;
  typicalKiB: number;
}

/** The largest group of same-named processes each holding at least half of the group's biggest. */
const workersOf = (processes: readonly ProcessFacts[]): Workers | undefined => {
  const byName = new Map<string, ProcessFacts[]>();
  for (const p of processes)
    if (p.rssKiB !== undefined && !KSWAPD.test(p.name))
      byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  let best: Workers | undefined;
  for (const [name, group] of byName) {
    const largest = Math.max(...group.map((p) => p.rssKiB ?? 0));
    const members = group.filter((p) => (p.rssKiB ?? 0) >= largest / 2);
    if (members.length < WORKERS_MIN) continue;
    const sizes = members.map((p) => p.rssKiB ?? 0).sort((a, b) => a - b);
    const totalKiB = sizes.reduce((a, b) => a + b, 0);
    if (!best || totalKiB > best.totalKiB)
      best = { name, members, totalKiB, typicalKiB: sizes[Math.floor(sizes.length / 2)] ?? 0 };
  }
  return best;
};

const restartFix = (
  facts: Facts,
  target: ProcessFacts | undefined,
  workers: Workers | undefined,
): Fix[] => {
  if (workers && /gunicorn/i.test(workers.name))
    return [
      {
        title: 'Reload the gunicorn workers',
        detail: `HUP to the gunicorn master replaces all ${workers.members.length} workers gracefully and frees what they hold (${size(workers.totalKiB)}); the leak comes back, so it buys time only.`,
        command: 'kill -HUP $(pgrep -o gunicorn)',
        when: 'now',
      },
    ];
  if (!target) return [];
  const pm2 = runtimeOf(facts, target) === 'node' && /pm2/i.test(target.command ?? '');
  return [
    {
      title: `Restart ${target.name} (PID ${target.pid}), the ${(target.rssGrowthKiBPerSecond ?? 0) >= GROWING_KIB_S ? 'fastest grower' : 'biggest'}`,
      detail: `Frees the ${size(target.rssKiB ?? 0)} it holds; the leak comes back, so it buys time only.`,
      ...(pm2 ? { command: 'pm2 reload all' } : {}),
      when: 'now',
    },
  ];
};

const properFixes = (
  facts: Facts,
  target: ProcessFacts | undefined,
  workers: Workers | undefined,
  totalKiB: number | undefined,
): Fix[] => {
  const runtime = runtimeOf(facts, target ?? workers?.members[0]);
  const pid = target?.pid ?? workers?.members[0]?.pid;
  const pidText = pid !== undefined ? `${pid}` : 'PID';
  const fixes: Fix[] = [];
  const cores = facts.cpus ?? facts.instance?.burstable?.vcpus;
  if (workers && cores !== undefined && 2 * cores + 1 < workers.members.length) {
    const fit = 2 * cores + 1;
    fixes.push({
      title: `Run fewer workers: ${fit} instead of ${workers.members.length}`,
      detail: `2 × ${cores} cores + 1 = ${fit}; at ~${size(workers.typicalKiB)} each that is ${size(fit * workers.typicalKiB)}${totalKiB ? ` of ${size(totalKiB)}` : ''} instead of ${size(workers.totalKiB)}.`,
      ...(/gunicorn/i.test(workers.name) ? { command: `gunicorn --workers ${fit} …` } : {}),
      when: 'properly',
    });
  } else if (workers && cores === undefined)
    fixes.push({
      title: 'Run fewer workers (2 × cores + 1)',
      detail: `${workers.members.length} ${workers.name} processes hold ${size(workers.totalKiB)}.`,
      when: 'properly',
    });

  if (runtime === 'python' || (workers && /gunicorn|uwsgi/i.test(workers.name)))
    fixes.push({
      title: 'Recycle workers before they grow',
      detail:
        'Each gunicorn worker restarts after 1,000 requests plus a random 0–100, so a leak never outgrows 1,000 requests and the workers do not restart together (uwsgi: `--max-requests` and `--reload-on-rss`).',
      command: 'gunicorn --max-requests 1000 --max-requests-jitter 100 …',
      when: 'properly',
    });
  if (runtime === 'node')
    fixes.push(
      {
        title: 'Restart the process at a memory limit',
        detail:
          'pm2 `max_memory_restart` restarts it above the limit instead of letting it fill the host.',
        command: 'pm2 start app.js --max-memory-restart 500M',
        when: 'properly',
      },
      {
        title: 'Cap the heap',
        detail: 'A capped V8 heap collects harder and fails alone rather than starving the host.',
        command: `NODE_OPTIONS=--max-old-space-size=${Math.max(256, Math.round(((totalKiB ?? 2_097_152) * 0.6) / 1024 / 64) * 64)} node …`,
        when: 'properly',
      },
    );
  if (runtime === 'jvm')
    fixes.push({
      title: 'Cap the heap',
      detail: 'Set -Xmx (and -XX:MaxMetaspaceSize) so the JVM fits the box with room for the OS.',
      command: 'java -Xmx… -XX:+HeapDumpOnOutOfMemoryError …',
      when: 'properly',
    });

  const snapshot: Record<Runtime, Fix | undefined> = {
    node: {
      title: 'Find the leak: take two heap snapshots and compare them',
      detail:
        'Start node with the flag, then send SIGUSR2 twice some minutes apart; the snapshot pauses the process and needs about its heap size again in memory.',
      command: `node --heapsnapshot-signal=SIGUSR2 …; kill -USR2 ${pidText}`,
      when: 'properly',
    },
    jvm: {
      title: 'Find the leak: dump the heap',
      command: `jcmd ${pidText} GC.heap_dump /tmp/heap-${pidText}.hprof`,
      detail: 'Open it in Eclipse MAT; the dump pauses the JVM.',
      when: 'properly',
    },
    python: {
      title: 'Find the leak: compare tracemalloc snapshots',
      detail:
        'With tracemalloc on, take `tracemalloc.take_snapshot()` twice and print `snapshot2.compare_to(snapshot1, "lineno")[:20]`.',
      command: 'PYTHONTRACEMALLOC=25 gunicorn …',
      when: 'properly',
    },
    go: {
      title: 'Find the leak: take a heap profile',
      command: 'go tool pprof http://localhost:6060/debug/pprof/heap',
      when: 'properly',
    },
    ruby: undefined,
    dotnet: {
      title: 'Find the leak: dump the heap',
      command: `dotnet-gcdump collect -p ${pidText}`,
      when: 'properly',
    },
  };
  const profile = runtime ? snapshot[runtime] : undefined;
  fixes.push(
    profile ?? {
      title: 'Find the leak: profile the heap of the biggest grower',
      detail:
        'node: `--heapsnapshot-signal=SIGUSR2`; JVM: `jcmd PID GC.heap_dump`; Python: `tracemalloc`.',
      when: 'properly',
    },
  );
  fixes.push({
    title: 'More memory only as a stopgap',
    detail: 'A larger instance postpones the next incident; a leak fills any size.',
    when: 'now',
  });
  return fixes;
};

export const memoryCreepRule: Rule<'memory-creep'> = {
  cause: 'memory-creep',
  judge(facts): RuleOutcome {
    const { memory, cpu } = facts;
    const trend = readTrend(facts.memoryTrend);
    const ooms = facts.kernelEvents.filter((e) => e.kind === 'oom-kill');
    // A log cut before the kill line still shows the OOM killer was invoked: the same sign.
    const invoked = facts.kernelEvents.filter((e) => e.kind === 'oom-invoked');
    const kswapd = [...facts.processes, ...facts.threads]
      .filter((p) => KSWAPD.test(p.name))
      .sort((a, b) => b.cpuPercent - a.cpuPercent)[0];
    const withRss = facts.processes.filter((p) => p.rssKiB !== undefined);
    const heap = heapFull(facts);
    if (
      !memory &&
      !trend &&
      ooms.length === 0 &&
      invoked.length === 0 &&
      !kswapd &&
      withRss.length === 0 &&
      !heap
    )
      return {
        kind: 'no-data',
        missing:
          'memory: add `cat /proc/meminfo` or `free -m` (and CWAgent mem_used_percent for the trend)',
      };

    const evidence: Evidence[] = [];
    let strong = 0;
    let suggestive = 0;
    const totalKiB = memory?.totalKiB;

    // ——— pressure now ———
    const available = memory?.availablePercent;
    if (memory && available !== undefined && available < AVAILABLE_TIGHT) {
      if (available < AVAILABLE_LOW) strong++;
      else suggestive++;
      evidence.push({
        source: memory.source,
        text: `MemAvailable ${size(memory.availableKiB)} of ${size(memory.totalKiB)} (${percent(available)})${(memory.swapTotalKiB ?? 0) === 0 ? ', no swap configured' : ''}`,
      });
    }
    const swapKiBs = (memory?.swapInPerSecond ?? 0) + (memory?.swapOutPerSecond ?? 0);
    const swapping = swapKiBs >= SWAP_ANY_KIB_S;
    if (memory && swapping) {
      if (swapKiBs >= SWAP_HEAVY_KIB_S) strong++;
      else suggestive++;
      evidence.push({
        source: memory.source,
        text: `swapping: si ${count(memory.swapInPerSecond ?? 0)} KiB/s, so ${count(memory.swapOutPerSecond ?? 0)} KiB/s${memory.swapUsedKiB ? `, ${size(memory.swapUsedKiB)} of swap used` : ''}`,
      });
    }
    // kswapd busy while plenty is available is odd (zone imbalance, compaction): a hint only.
    const kswapdBusy =
      kswapd !== undefined &&
      kswapd.cpuPercent >= KSWAPD_BUSY &&
      (available === undefined || available < AVAILABLE_TIGHT);
    if (kswapd && kswapd.cpuPercent >= KSWAPD_ACTIVE) {
      if (kswapdBusy) strong++;
      else suggestive++;
      evidence.push({
        source: kswapd.source,
        text: `${kswapd.name} at ${percent(kswapd.cpuPercent)} of a core: the kernel is reclaiming memory`,
      });
    }
    const some = memory?.pressureSome10;
    const full = memory?.pressureFull10;
    if (memory && ((some ?? 0) >= PSI_SOME_SUGGESTIVE || (full ?? 0) >= PSI_FULL_STRONG)) {
      if ((some ?? 0) >= PSI_SOME_STRONG || (full ?? 0) >= PSI_FULL_STRONG) strong++;
      else suggestive++;
      evidence.push({
        source: memory.source,
        text: `PSI memory some ${percent(some ?? 0)}, full ${percent(full ?? 0)} (avg10): tasks stalled waiting for memory`,
      });
    }
    const oomFirst = ooms[0];
    if (oomFirst) {
      strong++;
      evidence.push(...killEvidence(ooms));
    } else if (invoked[0]) {
      strong++;
      evidence.push({
        source: invoked[0].source,
        text: `the OOM killer was invoked ${count(invoked.length)} time${invoked.length === 1 ? '' : 's'} (by ${invoked[0].process ?? 'a process'})`,
      });
    }
    // Available memory falling across samples (free or meminfo pasted several times).
    const avail = memory?.availableSeriesKiB;
    const availFirst = avail?.[0];
    const availLast = avail?.at(-1);
    if (
      memory &&
      avail &&
      availFirst !== undefined &&
      availLast !== undefined &&
      avail.every((v, i) => i === 0 || v <= (avail[i - 1] ?? v)) &&
      availFirst - availLast >= (AVAILABLE_FALL_SHARE / 100) * memory.totalKiB
    ) {
      suggestive++;
      evidence.push({
        source: memory.source,
        text: `available memory fell ${size(availFirst)} → ${size(availLast)} across ${avail.length} samples, never rising`,
      });
    }
    // A full heap is pressure inside the process, whatever the host has free.
    if (heap) {
      strong++;
      evidence.push({ source: heap.source, text: heap.text });
    }
    const pressure = strong > 0;

    // ——— who holds it, and is it growing ———
    // Workers matter only when they hold a real share of memory: 7 shells of 4 MiB do not.
    const group = workersOf(facts.processes);
    const groupShare = group && totalKiB ? (100 * group.totalKiB) / totalKiB : undefined;
    const workers =
      group && (groupShare === undefined || groupShare >= WORKERS_MIN_SHARE) ? group : undefined;
    if (workers) {
      // Who holds the memory, not a sign of pressure by itself: no weight of its own.
      const share = groupShare;
      evidence.push({
        source: workers.members[0]?.source ?? 'ps',
        text: `${workers.members.length} ${workers.name} workers of ~${size(workers.typicalKiB)} each hold ${size(workers.totalKiB)}${share !== undefined ? ` (${percent(share)} of ${size(totalKiB ?? 0)})` : ''}`,
      });
    }
    // Growth during the capture (growth.ts says when it is a leak and when a runtime breathing).
    const readings = facts.processes
      .map((p) => readGrowth(p, memory, runtimeOf(facts, p)))
      .filter((g): g is GrowthReading => g !== undefined)
      .sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0));
    // A young process's growth over a few seconds may be its start-up: it counts only for the
    // process a person asked about (`local --pid`); any other must be sure.
    const counted = readings.filter(
      (g) => g.counts && (g.sure || g.process.pid === facts.focusPid),
    );
    // The process a person asked about first when it grows itself, then the surest, the fastest.
    const growth =
      counted.find((g) => g.process.pid === facts.focusPid) ??
      counted.find((g) => g.sure) ??
      counted[0];
    const grower = growth?.process;
    const biggest = [...withRss].sort((a, b) => (b.rssKiB ?? 0) - (a.rssKiB ?? 0))[0];
    const growerEta = growth?.etaHours;
    // A young process growing over a few seconds may be starting up: named, below confident.
    let weakGrowth = false;
    if (growth?.text && grower) {
      if (growth.sure) suggestive++;
      else weakGrowth = true;
      evidence.push({ source: grower.source, text: growth.text });
    }
    const dismissed = readings.flatMap((g) =>
      g.why
        ? [g.why]
        : g.counts && !counted.includes(g) && g.rate !== undefined
          ? [
              `${g.process.name} (PID ${g.process.pid}) grew ${size(g.rate * 60)}/min in its first ${duration(g.process.ageSeconds ?? 0)}: starting up, or a leak to check with --pid ${g.process.pid}`,
            ]
          : [],
    );
    const dominant =
      biggest && totalKiB && (100 * (biggest.rssKiB ?? 0)) / totalKiB >= DOMINANT_SHARE
        ? biggest
        : undefined;
    if (dominant && dominant !== grower) {
      const age = dominant.ageSeconds;
      evidence.push({
        source: dominant.source,
        text: `${dominant.name} (PID ${dominant.pid}) holds ${size(dominant.rssKiB ?? 0)} (${percent((100 * (dominant.rssKiB ?? 0)) / (totalKiB ?? 1))} of memory)${age ? ` after ${duration(age)} up (~${size(((dominant.rssKiB ?? 0) / age) * 3600)}/h on average since start)` : ''}`,
      });
    }
    if (trend) {
      // Growth then a reset weighs twice: it shows the leak, not only the growth.
      if (trend.leakResets.length > 0) suggestive += 2;
      if (trend.currentGrowing && (trend.leakResets.length > 0 || trend.etaHours !== undefined))
        suggestive++;
      evidence.push(...trendEvidence(trend));
    }

    if (strong === 0 && suggestive === 0 && !weakGrowth) {
      const parts: string[] = [];
      if (memory)
        parts.push(
          `MemAvailable ${percent(memory.availablePercent)} (${size(memory.availableKiB)} of ${size(memory.totalKiB)})`,
          swapKiBs > 0 ? `swap ${count(swapKiBs)} KiB/s` : 'no swapping',
        );
      if (trend)
        parts.push(
          trend.flat
            ? `${trend.series.label} flat at ${points(trend.latest)} over ${duration(trend.hours * 3600)}`
            : trend.currentGrowing && trend.current
              ? `${trend.series.label} at ${points(trend.latest)}, rising ${perDay(trend.current.slopePerHour)}: not full within ${duration(ETA_HORIZON_HOURS * 3600)}`
              : `${trend.series.label} at ${points(trend.latest)}, no steady rise over ${duration(trend.hours * 3600)}`,
        );
      if (kswapd) parts.push(`${kswapd.name} at ${percent(kswapd.cpuPercent)}`);
      parts.push(...dismissed.slice(0, 2));
      return {
        kind: 'ruled-out',
        ruledOut: {
          cause: 'memory-creep',
          reason:
            parts.length > 0
              ? parts.join(', ')
              : 'no process grows and nothing shows memory pressure',
        },
      };
    }

    const confidence =
      strong >= 2
        ? 0.9
        : strong === 1
          ? suggestive > 0
            ? 0.85
            : 0.8
          : suggestive >= 3
            ? 0.7
            : suggestive === 2
              ? 0.6
              : suggestive === 1
                ? 0.5
                : WEAK_GROWTH;

    // ——— the chain from memory to the CPU alarm ———
    const steps = ['memory pressure'];
    if (pressure && kswapdBusy) steps.push('kswapd reclaim');
    if (pressure && swapping) steps.push('swapping');
    if (pressure && cpu && steps.length > 1 && cpu.split.system >= SYSTEM_HIGH) {
      steps.push('system CPU');
      evidence.push({
        source: cpu.source,
        text: `system CPU ${percent(cpu.split.system)} of all CPUs: the kernel's reclaim and page faults`,
      });
    }
    if (pressure && cpu && swapping && cpu.split.iowait >= IOWAIT_HIGH) steps.push('I/O wait');
    if (oomFirst) steps.push('OOM kills');
    const chain = steps.length > 1 ? steps.join(' → ') : undefined;
    // Reclaim's system CPU reads as a syscall storm: this diagnosis is its root.
    const explains: ProblemCause[] = steps.includes('system CPU') ? ['syscall-storm'] : [];

    // ——— wording ———
    const target = heap?.process ?? grower ?? biggest;
    const holder = workers
      ? `${workers.members.length} ${workers.name} workers hold ${size(workers.totalKiB)}`
      : grower
        ? `${grower.name} (PID ${grower.pid}) holds ${size(grower.rssKiB ?? 0)} and grows ${size((grower.rssGrowthKiBPerSecond ?? 0) * 60)}/min`
        : dominant
          ? `${dominant.name} (PID ${dominant.pid}) holds ${size(dominant.rssKiB ?? 0)}`
          : undefined;
    const eta = trend?.etaHours ?? growerEta;
    const rateText =
      trend?.etaHours !== undefined && trend.rate?.basis === 'before restart'
        ? 'at the rate before the restart'
        : 'at this rate';
    const etaText =
      eta !== undefined ? `; ${rateText} memory is full in ~${duration(eta * 3600)}` : '';
    const lastReset = trend?.leakResets.at(-1);
    const killed = killSummary(ooms);
    const hostShort = strong > (heap ? 1 : 0);
    const summary = pressure
      ? heap && !hostShort
        ? `${heap.process ? `${heap.process.name} (PID ${heap.process.pid})` : 'The process'}'s heap is full: its garbage collector takes ${percent(heap.share)} of its CPU${memory ? `, though the host has ${size(memory.availableKiB)} available` : ''}. Raise its heap cap if it is too small for the work, or find what fills it.`
        : !memory && killed
          ? `Memory ran out: ${killed}${holder ? `; ${holder}` : ''}${etaText}.`
          : `Memory is running out${memory ? ` (MemAvailable ${percent(memory.availablePercent)} of ${size(memory.totalKiB)})` : ''}${holder ? `: ${holder}` : ''}${kswapdBusy ? ', and the kernel burns CPU reclaiming it' : swapping ? ', and the host is swapping' : ''}${killed ? `; ${killed}` : ''}${etaText}.`
      : lastReset && trend
        ? `Memory creeps up and resets on restart, the signature of a leak: ${trend.series.label} rose to ${points(lastReset.drop.from)} (+${perDay(lastReset.before.slopePerHour)}) before dropping to ${points(lastReset.drop.to)}${holder ? `; ${holder}` : ''}${etaText}.`
        : `Memory creeps up${holder ? `: ${holder}` : trend ? `: ${trend.series.label} at ${points(trend.latest)}` : ''}${etaText}.${weakGrowth && grower?.ageSeconds !== undefined ? ` It started ${duration(grower.ageSeconds)} ago, so this may be its start-up: capture again in a few minutes to confirm.` : ''}`;

    const pid = (heap?.process ?? grower ?? dominant ?? (workers ? undefined : biggest))?.pid;
    return {
      kind: 'diagnosis',
      diagnosis: {
        cause: 'memory-creep',
        confidence,
        summary,
        evidence,
        fixes: [
          ...killerFixes(ooms),
          ...restartFix(facts, target, workers),
          // A killed process is gone: nothing to restart, but its runtime says how to find the leak.
          ...properFixes(facts, target ?? victimProcess(ooms), workers, totalKiB),
        ],
        ...(chain ? { chain } : {}),
        ...(explains.length > 0 ? { explains } : {}),
        ...(pid !== undefined ? { pid } : {}),
      },
    };
  },
};
