import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { CAUSES, RULES } from '../../../functions/core/causes/index.js';
import { judgeQuiet } from '../../../functions/core/causes/quiet.js';
import type { ProblemCause } from '../../../functions/core/diagnosis.js';
import { deriveFacts } from '../../../functions/core/facts/derive.js';
import type { CpuSplit, Facts } from '../../../functions/core/facts/types.js';
import { makeFacts, proc, split } from '../../helpers/facts.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { metricSeries } from '../../helpers/metric-series.js';

const withSplit = (over: Partial<CpuSplit>): Facts =>
  makeFacts({ cpu: { split: split(over), source: 'vmstat 1 5', samples: 4, series: [] } });

const corpus = (path: string): Facts =>
  deriveFacts(readCapture(loadFixture(`captures/corpus/${path}`)), { now: '2026-11-22T09:15:00Z' });

/** Only what a test names: no CPU split, load, processes or memory. */
const bare = (over: Partial<Facts> = {}): Facts =>
  makeFacts({
    cpu: undefined,
    load: undefined,
    processes: [],
    memory: undefined,
    cpus: undefined,
    ...over,
  });

/** A capture of a quiet host but for one sign of the cause. Typed by cause: a new cause must add one. */
const ONLY_A_SIGN_OF: Record<ProblemCause, Facts> = {
  'credit-exhaustion': makeFacts({
    instance: { id: 'i-0abc', type: 't2.micro', source: 'aws ec2 describe-instances' },
    credits: { balance: metricSeries('CPUCreditBalance', [0.6, 0.4, 0.2]) },
  }),
  'syscall-storm': withSplit({ system: 20 }),
  'memory-creep': makeFacts({
    memory: {
      totalKiB: 4_000_000,
      availableKiB: 400_000,
      availablePercent: 10,
      swapTotalKiB: 0,
      swapUsedKiB: 0,
      source: 'cat /proc/meminfo',
    },
  }),
  'runaway-process': makeFacts({ processes: [proc({ pid: 7, name: 'api', cpuPercent: 99 })] }),
  'jit-warmup': makeFacts({
    threads: [
      { tid: 41, name: 'C2 CompilerThre', cpuPercent: 60, source: 'top -H -b -n 1 -p 4100' },
    ],
  }),
  'io-wait': withSplit({ iowait: 12 }),
  // Steal counts when the guest wants the CPU: here its run queue fills both CPUs.
  'cpu-steal': makeFacts({
    cpu: { split: split({ steal: 6 }), source: 'vmstat 1 5', samples: 4, series: [], runQueue: 2 },
  }),
};

const withSigns = Object.entries(ONLY_A_SIGN_OF).map(([cause, facts]) => ({
  cause: cause as ProblemCause,
  facts,
}));

describe('judgeQuiet: healthy only on positive evidence', () => {
  it('calls a quiet capture healthy, with the numbers it rests on', () => {
    // Act
    const verdict = judgeQuiet(makeFacts(), []);

    // Assess
    expect(verdict.cause).toBe('healthy');
    expect(verdict.confidence).toBe(0.85);
    expect(verdict.evidence.map((e) => e.text)).toEqual([
      'CPU 3.0% busy over 4 samples (us 2.0%, sy 1.0%, wa 0%, st 0%); load 0.1 on 2 CPUs',
      'memory: 2.9 GiB of 3.8 GiB available (75%; page cache counts as available, the kernel reclaims it on demand), no swapping',
    ]);
  });

  it.each(withSigns)('is not healthy with only a sign of $cause', ({ cause, facts }) => {
    // Prepare: no other cause sees a sign in these facts.
    const seeing = RULES.filter((d) => d.signs(facts).length > 0).map((d) => d.cause);

    // Act
    const verdict = judgeQuiet(facts, []);

    // Assess
    expect(seeing).toEqual([cause]);
    expect(verdict.cause).toBe('inconclusive');
    expect(verdict.evidence).toEqual(CAUSES[cause].signs(facts));
    expect(verdict.evidence.length).toBeGreaterThan(0);
  });

  it('lists the signs of several causes, cause by cause in card order', () => {
    // Prepare: steal, a pinned process and little memory at once.
    const facts = makeFacts({
      ...ONLY_A_SIGN_OF['cpu-steal'],
      processes: [proc({ pid: 7, name: 'api', cpuPercent: 99 })],
      memory: ONLY_A_SIGN_OF['memory-creep'].memory,
    });

    // Act
    const verdict = judgeQuiet(facts, []);

    // Assess
    expect(verdict.evidence.map((e) => e.text)).toEqual([
      'only 391 MiB (10%) memory available',
      'api (pid 7) at 99% of a core',
      'steal 6.0%',
    ]);
  });

  it('calls a memory-only capture healthy on memory at 0.55 and says CPU was not seen (librenms #5660)', () => {
    // Act
    const verdict = judgeQuiet(corpus('healthy/librenms-5660-free-h-monitor-vm.txt'), []);

    // Assess
    expect(verdict.cause).toBe('healthy');
    expect(verdict.confidence).toBe(0.55);
    expect(verdict.summary).toBe(
      'Nothing abnormal in what was measured: memory: 5.6 GiB of 7.8 GiB available (72%; page cache counts as available, the kernel reclaims it on demand); CPU was not captured.',
    );
  });

  it('takes memory as healthy from 20% available, not in the tight band under it', () => {
    // Prepare: memory only, at 20% and just under (memory-creep's own signs start under 15%).
    const memory = (availablePercent: number) =>
      bare({
        memory: {
          totalKiB: 4_000_000,
          availableKiB: availablePercent * 40_000,
          availablePercent,
          source: 'free -m',
        },
      });

    // Act
    const at = judgeQuiet(memory(20), []);
    const under = judgeQuiet(memory(19.9), []);

    // Assess
    expect(at.cause).toBe('healthy');
    expect(under.cause).toBe('inconclusive');
  });

  it('does not take memory as healthy with half the swap in use: it ran short before', () => {
    // Prepare
    const swap = (usedKiB: number) =>
      bare({
        memory: {
          totalKiB: 4_000_000,
          availableKiB: 2_000_000,
          availablePercent: 50,
          swapTotalKiB: 1_000_000,
          swapUsedKiB: usedKiB,
          source: 'free -m',
        },
      });

    // Act
    const half = judgeQuiet(swap(500_000), []);
    const under = judgeQuiet(swap(499_999), []);

    // Assess
    expect(half.cause).toBe('inconclusive');
    expect(under.cause).toBe('healthy');
  });

  it('calls an idle EC2 with 5.7% steal healthy: the guest does not want the CPU (techworldwithmurali)', () => {
    // Act
    const verdict = judgeQuiet(corpus('healthy/techworldwithmurali-top-idle-ec2-st-5.7.txt'), []);

    // Assess
    expect(verdict.cause).toBe('healthy');
    expect(verdict.confidence).toBe(0.75);
  });

  it('calls a busy but healthy database server healthy (process-exporter #41, 15% busy)', () => {
    // Act
    const verdict = judgeQuiet(corpus('healthy/process-exporter-41-vmstat-busy-mysql.txt'), []);

    // Assess
    expect(verdict.cause).toBe('healthy');
    expect(verdict.evidence[0]?.text).toMatch(/^CPU 1\d% busy over \d+ samples/);
  });

  it('judges a load average against the CPU count: healthy up to one runnable task per CPU', () => {
    // Prepare
    const load = (load1: number) =>
      bare({ cpus: 4, load: { load1, load5: load1, load15: load1, source: 'uptime' } });

    // Act
    const at = judgeQuiet(load(4), []);
    const over = judgeQuiet(load(4.01), []);

    // Assess
    expect(at.cause).toBe('healthy');
    expect(at.confidence).toBe(0.55);
    expect(at.summary).toContain('memory was not captured');
    expect(over.cause).toBe('inconclusive');
    expect(over.fixes[0]?.detail).toContain('vmstat 1 5');
    expect(over.fixes[0]?.detail).toContain('iostat -x 1 3');
  });

  it('with no CPU count takes a load under 1 as healthy, not 1 (openbmc #1759)', () => {
    // Prepare
    const load = (load1: number) =>
      bare({ load: { load1, load5: 1, load15: 1, source: 'uptime' } });

    // Act
    const under = judgeQuiet(load(0.99), []);
    const at = judgeQuiet(load(1), []);
    const real = judgeQuiet(corpus('healthy/openbmc-1759-loadavg-1-d-state-kthread.txt'), []);

    // Assess
    expect(under.cause).toBe('healthy');
    expect(at.cause).toBe('inconclusive');
    expect(at.fixes[0]?.detail).toContain('nproc');
    expect(real.cause).toBe('healthy');
  });

  it('takes a high load with idle CPUs as tasks waiting in D state, not a CPU problem', () => {
    // Prepare: load 6 on 4 CPUs (under the 2-per-CPU sign), 95% idle.
    const facts = makeFacts({ cpus: 4, load: { load1: 6, load5: 6, load15: 6, source: 'uptime' } });

    // Act
    const verdict = judgeQuiet(facts, []);

    // Assess
    expect(verdict.cause).toBe('healthy');
    expect(verdict.evidence[0]?.text).toContain('counts tasks waiting in D state, not for a CPU');
  });

  it('is not healthy when the CPUs are busy and the load is above the CPU count, from 50% busy', () => {
    // Prepare: load 6 on 4 CPUs (under runaway's 2-per-CPU sign), the split at and under 50% idle.
    const busy = (idle: number) =>
      makeFacts({
        cpus: 4,
        load: { load1: 6, load5: 6, load15: 6, source: 'uptime' },
        cpu: {
          split: split({ user: 100 - idle - 3, idle }),
          source: 'vmstat 1 5',
          samples: 4,
          series: [],
        },
      });

    // Act
    const queued = judgeQuiet(busy(49.9), []);
    const idle = judgeQuiet(busy(50), []);

    // Assess
    expect(queued.cause).toBe('inconclusive');
    expect(queued.fixes[0]?.detail).toContain('vmstat 1 5 (the run queue');
    expect(idle.cause).toBe('healthy');
  });

  it('with only a process list calls under half a core in all healthy, not half a core', () => {
    // Prepare
    const listed = (cpuPercent: number) =>
      bare({ processes: [proc({ pid: 22789, name: 'test', cpuPercent })] });

    // Act
    const under = judgeQuiet(listed(49.9), []);
    const at = judgeQuiet(listed(50), []);

    // Assess
    expect(under.cause).toBe('healthy');
    expect(at.cause).toBe('inconclusive');
  });

  it('does not call a full NVMe at 0.1 ms sick, and says CPU and memory were not seen (sysstat #187)', () => {
    // Act
    const verdict = judgeQuiet(corpus('healthy/sysstat-187-nvme-util-100-await-0.1ms.txt'), []);

    // Assess
    expect(verdict.cause).toBe('healthy');
    expect(verdict.confidence).toBe(0.45);
    expect(verdict.summary).toContain('CPU and memory were not captured');
  });

  it('never calls a host healthy from a grepped process listing (ps aux | grep)', () => {
    // Prepare: the same quiet rows, once as the host's listing and once filtered by grep.
    const rows = [
      'root      1865  0.0  1.0  85300  5360 ?        Sl   Oct05   0:10 /usr/bin/vmtoolsd',
      'root      1866  0.0  0.5  45300  2360 ?        Sl   Oct05   0:01 /usr/bin/VGAuthService',
    ];
    const header = 'USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND';

    // Act
    const whole = judgeQuiet(
      deriveFacts(readCapture(['$ ps aux', header, ...rows].join('\n'))),
      [],
    );
    const grepped = judgeQuiet(
      deriveFacts(readCapture(['$ ps aux | grep vm', ...rows].join('\n'))),
      [],
    );

    // Assess
    expect(whole.cause).toBe('healthy');
    expect(grepped.cause).toBe('inconclusive');
  });

  it('never calls workers filling the CPUs healthy, though none is pinned (geektime 05, php-fpm)', () => {
    // Act
    const verdict = judgeQuiet(corpus('runaway-process/geektime-05-phpfpm-sqrt-loop-top.txt'), []);

    // Assess
    expect(verdict.cause).toBe('inconclusive');
    // The per-CPU lines give the CPU count and say every CPU is busy.
    expect(verdict.evidence.map((e) => e.text)).toEqual([
      'CPU 100% busy',
      '5 php-fpm together at 198% of a core on 2 CPUs',
    ]);
  });
});

describe('judgeQuiet: inconclusive says what to capture next', () => {
  it('asks for the CPU split, processes and memory when the capture has only a trace', () => {
    // Act
    const verdict = judgeQuiet(corpus('syscall-storm/nomad-8163-sched-yield-strace-c.txt'), []);

    // Assess
    expect(verdict.cause).toBe('inconclusive');
    expect(verdict.summary).toBe(
      'Nothing usable to judge the host by: no CPU split and no process list, no load, no memory figures (read: sudo timeout 10 strace -c -f -p 5748).',
    );
    const detail = verdict.fixes[0]?.detail ?? '';
    expect(detail).toContain('top -b -n 2 -d 1 and vmstat 1 5');
    expect(detail).toContain('ps -eo');
    expect(detail).toContain('free -m');
  });

  it('asks for the deep capture when system time is the sign', () => {
    // Act
    const verdict = judgeQuiet(ONLY_A_SIGN_OF['syscall-storm'], []);

    // Assess
    expect(verdict.fixes[0]?.command).toBe('alert-triage local --deep always');
    expect(verdict.fixes[0]?.detail).toContain('strace -c -f -p PID');
    expect(verdict.fixes[0]?.detail).not.toContain('vmstat 1 5');
  });

  it('asks for top -H and jstack when a JVM is in the capture', () => {
    // Act
    const verdict = judgeQuiet(ONLY_A_SIGN_OF['jit-warmup'], []);

    // Assess
    expect(verdict.fixes[0]?.detail).toContain('jstack PID');
  });

  it('asks for the instance type when steal is the sign and the type is unknown', () => {
    // Act
    const verdict = judgeQuiet(ONLY_A_SIGN_OF['cpu-steal'], []);

    // Assess
    expect(verdict.fixes[0]?.detail).toContain('aws ec2 describe-instances');
  });
});

describe('judgeQuiet on htop’s bars', () => {
  it('quotes how busy the CPUs were, and no us/sy/wa/st the bars did not show', () => {
    // Act
    const verdict = judgeQuiet(
      deriveFacts(readCapture(loadFixture('captures/htop/meters-idle-2cpu-cld-labo.txt'))),
      [],
    );

    // Assess
    expect(verdict.cause).toBe('healthy');
    expect(verdict.evidence[0]?.text).toBe('CPU 0.2% busy; load 0.01 on 2 CPUs');
  });
});
