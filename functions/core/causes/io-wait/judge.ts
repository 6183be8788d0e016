/**
 * io-wait: the CPUs sit waiting on disk. `wa` is idle time with I/O outstanding, so it is read
 * together with what shows the waiting itself: processes in uninterruptible sleep (`D`), busy or
 * slow disks, PSI io stalls, and the kernel's hung-task warnings.
 */
import type { Evidence, Fix, RuleOutcome } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import type { Rule } from '../shared/rule.js';
import { singleSample } from '../shared/samples.js';
import { count, percent } from '../shared/words.js';
import { diskState, diskText } from './disks.js';

/**
 * iowait is percent of all CPUs. At 20% a fifth of the machine waits on disk (on a 2-vCPU host,
 * a process blocked on a slow volume nearly all the time); at 10% I/O is plainly in the way;
 * under 5% it explains nothing.
 */
const STRONG_IOWAIT = 20;
const SUGGESTIVE_IOWAIT = 10;
const QUIET_IOWAIT = 5;
/** PSI io avg10: share of the last 10 s in which some (or all) tasks stalled on I/O. */
const PSI_SOME = 10;
const PSI_FULL = 5;
/**
 * PSI io from which the stall is the finding by itself: all tasks stalled a tenth of the time,
 * or some of them a fifth (a quiet host shows 0–2%; this machine's `find` over the disk 1.8%).
 */
const PSI_SOME_DECISIVE = 20;
const PSI_FULL_DECISIVE = 10;
/** Application processes in D state at once from which the waiting is plain without a wa figure. */
const STUCK_APPS_MANY = 3;
/** vmstat si+so (KiB/s) from which the disk traffic may be swap rather than files. */
const SWAPPING_KIB_S = 10;
/** MemAvailable (percent) under which the page cache is being evicted and re-read. */
const MEMORY_STARVED_PERCENT = 10;
/** Kernel threads in D state are normal in small numbers; they do not name a culprit. */
const KERNEL_THREAD = /^(kworker|jbd2|kswapd|flush-|xfsaild|kcompactd|khugepaged)/;

const fixes = (facts: Facts, memoryBound: boolean): Fix[] => [
  ...(memoryBound
    ? [
        {
          title: 'Relieve the memory pressure first',
          detail:
            'Part of the disk traffic is memory paged out and read back; more IOPS only hide it (see memory-creep).',
          when: 'now' as const,
        },
      ]
    : []),
  {
    title: 'Find the process doing the I/O',
    detail:
      '`iotop -oPa` lists only processes doing I/O, with totals since it started (needs root); `pidstat -d 1 5` shows kB read/written per second per process.',
    command: 'sudo iotop -oPa -d 2 -n 5 -b | head -30; pidstat -d 1 5',
    when: 'now',
  },
  {
    title: 'Check the gp2 burst balance',
    detail:
      'A gp2 volume under 1 TiB bursts to 3,000 IOPS on I/O credits; at BurstBalance 0% it falls to its baseline of 3 IOPS per GiB (100 minimum).',
    command:
      "aws cloudwatch get-metric-statistics --namespace AWS/EBS --metric-name BurstBalance --dimensions Name=VolumeId,Value=vol-… --statistics Minimum --period 300 --start-time $(date -u -d '-6 hours' +%FT%TZ) --end-time $(date -u +%FT%TZ)",
    when: 'now',
  },
  {
    title: 'Move the volume to gp3 with the IOPS and throughput it needs',
    detail: `gp3 gives 3,000 IOPS and 125 MiB/s at any size, with more provisioned separately; the change is online.${facts.instance?.type ? ` Check that ${facts.instance.type}'s EBS bandwidth is not the ceiling.` : ''}`,
    command:
      'aws ec2 modify-volume --volume-id vol-… --volume-type gp3 --iops 6000 --throughput 250',
    when: 'properly',
  },
];

export const ioWaitRule: Rule<'io-wait'> = {
  cause: 'io-wait',
  judge(facts): RuleOutcome {
    const { cpu, io, memory } = facts;
    const hung = facts.kernelEvents.filter((e) => e.kind === 'hung-task');
    if (!cpu && !io && hung.length === 0)
      return {
        kind: 'no-data',
        missing:
          'CPU split with iowait (wa) or disk facts: add `vmstat 1 5`, `iostat -x 1 3` or `cat /proc/pressure/io`',
      };

    const wa = cpu?.split.iowait;
    const evidence: Evidence[] = [];
    const quiet: string[] = [];

    if (cpu && wa !== undefined) {
      const bar = wa >= STRONG_IOWAIT ? STRONG_IOWAIT : SUGGESTIVE_IOWAIT;
      const high = cpu.series.filter((s) => s.iowait >= bar).length;
      const blocked =
        cpu.blocked !== undefined && cpu.blocked >= 1
          ? `, ${cpu.blocked.toFixed(1)} blocked (b) on average`
          : '';
      if (wa >= QUIET_IOWAIT)
        evidence.push({
          source: cpu.source,
          text:
            cpu.series.length > 1
              ? `iowait ${percent(wa)} of all CPUs, ${high} of ${cpu.series.length} samples at ${percent(bar)} or more${blocked}`
              : `iowait ${percent(wa)} of all CPUs${singleSample(cpu)}${blocked}`,
        });
      else quiet.push(`iowait ${percent(wa)} (${cpu.source})`);
    }

    let corroborating = 0;
    const stuck = io?.uninterruptible ?? [];
    // One kernel thread in D for an instant is ordinary; an application thread or several are
    // not, and three or more application processes stuck at once weigh as two signs.
    const stuckApps = stuck.filter((p) => !KERNEL_THREAD.test(p.name)).length;
    if (stuckApps >= STUCK_APPS_MANY) corroborating += 2;
    else if (stuckApps > 0 || stuck.length >= 3) corroborating++;
    if (io && stuck.length > 0) {
      const names = stuck
        .slice(0, 4)
        .map((p) => `${p.name} (${p.pid})`)
        .join(', ');
      evidence.push({
        source: io.source,
        text: `${count(stuck.length)} process${stuck.length === 1 ? '' : 'es'} in D state (uninterruptible, waiting on I/O): ${names}${stuck.length > 4 ? ', …' : ''}`,
      });
    } else if (io) quiet.push('no process in D state');

    const disks = (io?.disks ?? []).map((d) => ({ disk: d, state: diskState(d) }));
    const saturated = disks.filter((d) => d.state === 'saturated').map((d) => d.disk);
    const busy = disks
      .filter((d) => d.state === 'saturated' || d.state === 'busy')
      .map((d) => d.disk);
    const parallel = disks.filter((d) => d.state === 'parallel').map((d) => d.disk);
    if (io && busy.length > 0) {
      corroborating++;
      for (const d of busy)
        evidence.push({
          source: io.source,
          text: `${diskText(d)}${saturated.includes(d) ? ': full and slow, requests queue' : ''}`,
        });
    }
    if (parallel.length > 0)
      quiet.push(
        `${parallel.map(diskText).join('; ')}: requests answered in under a millisecond, a parallel device keeping up, not saturated`,
      );

    const some = io?.pressureSome10;
    const full = io?.pressureFull10;
    if (io && ((some ?? 0) >= PSI_SOME || (full ?? 0) >= PSI_FULL)) {
      corroborating++;
      evidence.push({
        source: io.source,
        text: `PSI io some ${percent(some ?? 0)}, full ${percent(full ?? 0)} (avg10): tasks stalled on I/O that share of the last 10 s`,
      });
    } else if (io && some !== undefined) quiet.push(`PSI io some ${percent(some)}`);

    if (hung.length > 0) {
      corroborating++;
      const first = hung[0];
      if (first)
        evidence.push({
          source: first.source,
          text: `${count(hung.length)} hung-task warning${hung.length === 1 ? '' : 's'}: ${first.line.trim()}`,
        });
    }

    // One decisive source is enough: a disk that is full and slow, tasks stalled on I/O per
    // PSI, or a high wa. Without them, only several independent signs of waiting make a finding.
    const strongPsi = (some ?? 0) >= PSI_SOME_DECISIVE || (full ?? 0) >= PSI_FULL_DECISIVE;
    const decisive = saturated.length > 0 || strongPsi;
    let confidence: number;
    if (wa !== undefined && wa >= STRONG_IOWAIT)
      confidence = Math.min(0.95, 0.8 + 0.05 * corroborating);
    else if (decisive && (wa === undefined || wa >= QUIET_IOWAIT))
      confidence = Math.min(0.9, 0.75 + 0.05 * corroborating);
    else if (decisive)
      // The disk is saturated but the CPUs barely wait on it: slow I/O, not idle CPUs.
      confidence = 0.55;
    else if (wa !== undefined && wa >= SUGGESTIVE_IOWAIT)
      confidence = Math.min(0.7, 0.5 + 0.05 * corroborating);
    else if (wa !== undefined && wa >= QUIET_IOWAIT && corroborating >= 1) confidence = 0.4;
    else if (wa === undefined && stuckApps >= STUCK_APPS_MANY) confidence = 0.6;
    else if (wa === undefined && corroborating >= 1) confidence = corroborating >= 2 ? 0.5 : 0.3;
    else
      return {
        kind: 'ruled-out',
        ruledOut: {
          cause: 'io-wait',
          reason:
            [
              ...quiet,
              ...(wa !== undefined && wa >= QUIET_IOWAIT
                ? [`iowait ${percent(wa)} with nothing else waiting on disk`]
                : []),
            ].join(', ') || 'nothing waits on disk',
        },
      };
    if (cpu?.samples === 1) confidence -= 0.1;

    // Memory pressure makes disk traffic of its own: pages swapped, or (with no swap, as on most
    // EC2 images) page cache and program text evicted and read back. Then more IOPS only hide it.
    const swapKiBs = (memory?.swapInPerSecond ?? 0) + (memory?.swapOutPerSecond ?? 0);
    const swapping = swapKiBs >= SWAPPING_KIB_S;
    const starved = memory !== undefined && memory.availablePercent < MEMORY_STARVED_PERCENT;
    if (swapping && memory)
      evidence.push({
        source: memory.source,
        text: `swapping ${count(swapKiBs)} KiB/s (si+so): part of the disk traffic is memory`,
      });
    else if (starved && memory)
      evidence.push({
        source: memory.source,
        text: `MemAvailable ${percent(memory.availablePercent)}: the kernel evicts page cache, and files (program code included) are read back from disk`,
      });
    const memoryBound = swapping || starved;
    const culprit = stuck.find((p) => !KERNEL_THREAD.test(p.name));
    const what = [
      wa !== undefined ? `iowait ${percent(wa)}` : undefined,
      stuck.length > 0 ? `${count(stuck.length)} in D state` : undefined,
      busy[0]
        ? `${busy[0].device} ${busy[0].utilPercent !== undefined ? `${percent(busy[0].utilPercent)} busy` : `await ${Math.round(busy[0].awaitMs ?? 0)} ms`}${saturated.length > 1 ? ` and ${saturated.length - 1} more saturated` : ''}`
        : undefined,
    ]
      .filter(Boolean)
      .join(', ');

    // Say only what was seen: without a wa figure the CPUs' waiting is not measured.
    const headline =
      wa !== undefined && wa >= QUIET_IOWAIT
        ? 'The CPUs are waiting on disk'
        : saturated.length > 0
          ? 'The disks are saturated: requests queue on them'
          : 'Processes are waiting on disk';
    return {
      kind: 'diagnosis',
      diagnosis: {
        cause: 'io-wait',
        confidence: Math.round(confidence * 100) / 100,
        summary: `${headline} (${what})${swapping ? ', and the host is swapping' : starved ? ', and memory is nearly gone' : ''}${culprit ? `; ${culprit.name} (PID ${culprit.pid}) is among the waiting` : ''}.`,
        evidence,
        fixes: fixes(facts, memoryBound),
        ...(memoryBound
          ? {
              chain: swapping
                ? 'memory pressure → swapping → I/O wait'
                : 'memory pressure → page cache evicted → I/O wait',
            }
          : {}),
        ...(culprit ? { pid: culprit.pid } : {}),
      },
    };
  },
};
