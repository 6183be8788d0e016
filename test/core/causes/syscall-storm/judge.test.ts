import { describe, expect, it } from 'vitest';
import { syscallStorm } from '../../../../functions/core/causes/syscall-storm/index.js';
import type { Diagnosis } from '../../../../functions/core/diagnosis.js';
import type {
  CpuFacts,
  CpuSplit,
  Facts,
  SyscallFacts,
} from '../../../../functions/core/facts/types.js';
import { makeFacts, proc, split } from '../../../helpers/facts.js';
import { diagnosisOf } from '../../../helpers/outcomes.js';

const TOP = 'top -b -n 2 -d 1 -w 512 -c';

const cpu = (over: Partial<CpuSplit>, source = 'vmstat 1 5'): CpuFacts => ({
  split: split(over),
  source,
  samples: 4,
  series: [split(over), split(over), split(over), split(over)],
});

/** Every evidence line names its block and carries a number. */
const expectQuotedEvidence = (d: Diagnosis) => {
  expect(d.evidence.length).toBeGreaterThan(0);
  for (const e of d.evidence) {
    expect(e.source).not.toBe('');
    expect(e.text).toMatch(/\d/);
  }
};

/** Seed 000, sick instance: `strace -c -p 2852` as the author pasted it (untimed, ^C). */
const seed000Strace: SyscallFacts = {
  pid: 2852,
  source: 'strace -c -p 2852',
  totalCalls: 2_537_321,
  totalErrors: 633_476,
  syscalls: [
    { name: 'write', calls: 1_266_953, errors: 633_476, percentTime: 46.78 },
    { name: 'rt_sigreturn', calls: 636_891, errors: 0, percentTime: 29.0 },
    { name: 'read', calls: 633_477, errors: 0, percentTime: 24.23 },
  ],
};

/** Seed 000, healthy instance (the same profiler on, the same kind of load). */
const seed000HealthyStrace: SyscallFacts = {
  pid: 67254,
  source: 'strace -c -p 67254',
  totalCalls: 20_825,
  totalErrors: 4_147,
  syscalls: [
    { name: 'epoll_pwait', calls: 7_354, errors: 2_009, percentTime: 64.56 },
    { name: 'read', calls: 3_733, errors: 0, percentTime: 2.6 },
    { name: 'futex', calls: 3_264, errors: 121, percentTime: 12.46 },
    { name: 'write', calls: 3_076, errors: 0, percentTime: 9.85 },
    { name: 'rt_sigreturn', calls: 2_918, errors: 2_010, percentTime: 3.36 },
    { name: 'writev', calls: 480, errors: 7, percentTime: 4.2 },
  ],
};

const datadogNode = (pid: number) => ({
  pid,
  runtime: 'node' as const,
  profilers: [
    {
      name: 'Datadog profiler',
      evidence: 'DD_PROFILING_ENABLED=true',
      source: `tr '\\0' '\\n' < /proc/${pid}/environ`,
    },
  ],
});

/** Seed 000's sick instance: top's last frame, the strace table, perf's symbols, the profiler. */
const seed000 = (): Facts =>
  makeFacts({
    cpus: 2,
    cpu: { ...cpu({ user: 58.4, system: 37.1, idle: 3.5, softirq: 1.0 }, TOP), samples: 1 },
    load: { load1: 2.95, load5: 2.78, load15: 2.7, source: 'uptime' },
    processes: [
      proc({
        pid: 2872,
        name: 'node-20',
        user: 'webapp',
        cpuPercent: 102.3,
        caughtSignals: ['SIGINT', 'SIGPROF'],
        env: { DD_PROFILING_ENABLED: 'true' },
      }),
      proc({ pid: 2873, name: 'node-20', user: 'webapp', cpuPercent: 87.4 }),
      proc({ pid: 2793, name: 'nginx', cpuPercent: 1.0 }),
      proc({ pid: 2607, name: 'agent', user: 'dd-agent', cpuPercent: 0.7 }),
    ],
    syscalls: seed000Strace,
    perf: {
      kernelPercent: 12.1,
      source: 'perf report',
      topSymbols: [
        { symbol: 'el0_svc_common.constprop.0', percent: 6.01, kernel: true, command: 'node-20' },
        { symbol: 'setup_sigframe', percent: 2.04, kernel: true, command: 'node-20' },
        { symbol: 'force_sig_info_to_task', percent: 1.9, kernel: true, command: 'node-20' },
        { symbol: 'v...', percent: 1.69, kernel: false, command: 'node-20' },
        { symbol: 'el0_da', percent: 1.54, kernel: true, command: 'node-20' },
      ],
    },
    runtimes: [datadogNode(2872)],
  });

describe('syscallStorm', () => {
  it('names a Datadog SIGPROF storm on seed 000 and says to set DD_PROFILING_ENABLED=false', () => {
    // Prepare
    const facts = seed000();

    // Act
    const d = diagnosisOf(syscallStorm.judge(facts));

    // Assess
    expect(d.cause).toBe('syscall-storm');
    expect(d.confidence).toBeGreaterThanOrEqual(0.85);
    expect(d.pid).toBe(2852);
    expect(d.summary).toContain('SIGPROF');
    expect(d.summary).toContain('Datadog');
    expect(d.evidence).toContainEqual({ source: TOP, text: 'sy 37% of all CPU (us 58%)' });
    expect(d.evidence).toContainEqual({
      source: 'strace -c -p 2852',
      text: 'rt_sigreturn 636,891 calls (29% of traced time)',
    });
    expect(d.evidence).toContainEqual({
      source: 'strace -c -p 2852',
      text: 'write 1,266,953 calls (633,476 errors, 47% of traced time)',
    });
    expect(
      d.evidence.some((e) => e.source === 'perf report' && e.text.includes('setup_sigframe')),
    ).toBe(true);
    expectQuotedEvidence(d);
    const now = d.fixes.find((f) => f.when === 'now');
    expect(now?.command).toBe('DD_PROFILING_ENABLED=false');
    expect(d.fixes.some((f) => f.when === 'properly' && /upgrade/i.test(f.title))).toBe(true);
  });

  it("rules out seed 000's healthy instance: epoll_pwait and futex lead, sy is low, though the profiler runs", () => {
    // Prepare
    const facts = makeFacts({
      cpu: cpu({ user: 21, system: 4 }),
      processes: [
        proc({
          pid: 67254,
          name: 'node-20',
          cpuPercent: 52,
          userPercent: 46,
          systemPercent: 6,
          caughtSignals: ['SIGPROF'],
          env: { DD_PROFILING_ENABLED: 'true' },
        }),
      ],
      syscalls: seed000HealthyStrace,
      runtimes: [datadogNode(67254)],
    });

    // Act
    const outcome = syscallStorm.judge(facts);

    // Assess
    expect(outcome).toEqual({
      kind: 'ruled-out',
      ruledOut: {
        cause: 'syscall-storm',
        reason: expect.stringContaining('system CPU 4.0% of all CPU'),
      },
    });
    expect(outcome.kind === 'ruled-out' && outcome.ruledOut.reason).toContain(
      'epoll_pwait 35% of calls',
    );
  });

  it("does not call seed 000's healthy mix a storm when traced for one second", () => {
    // Prepare: the same table at 20,825 calls/s — busy, but led by epoll_pwait, few real errors.
    const facts = makeFacts({
      cpu: cpu({ user: 30, system: 6 }),
      processes: [
        proc({ pid: 67254, name: 'node-20', cpuPercent: 70, userPercent: 62, systemPercent: 8 }),
      ],
      syscalls: { ...seed000HealthyStrace, seconds: 1 },
    });

    // Act
    const outcome = syscallStorm.judge(facts);

    // Assess
    expect(outcome.kind).toBe('ruled-out');
  });

  it('rules out a host whose system CPU is low, with the numbers', () => {
    // Prepare
    const facts = makeFacts({
      cpu: cpu({ user: 60, system: 3 }),
      processes: [
        proc({ pid: 2872, name: 'node-20', cpuPercent: 60, userPercent: 54, systemPercent: 6 }),
        proc({ pid: 100, name: 'nginx', cpuPercent: 4, userPercent: 1, systemPercent: 3 }),
      ],
    });

    // Act
    const outcome = syscallStorm.judge(facts);

    // Assess
    expect(outcome).toEqual({
      kind: 'ruled-out',
      ruledOut: {
        cause: 'syscall-storm',
        reason:
          'system CPU 3.0% of all CPU; no busy process spends more than 10% of its CPU in the kernel (most: node-20, pid 2872)',
      },
    });
  });

  it('names a busy-wait when one process spins on failing reads', () => {
    // Prepare: LACT issue 831's shape — pidstat 65% usr, 35% system, spinning on pipe reads.
    const facts = makeFacts({
      cpus: 8,
      cpu: cpu({ user: 8.2, system: 4.4 }),
      processes: [
        proc({ pid: 831, name: 'lact', cpuPercent: 100, userPercent: 65.35, systemPercent: 34.65 }),
      ],
      syscalls: {
        pid: 831,
        source: 'strace -c -f -p 831',
        seconds: 5,
        totalCalls: 2_400_000,
        totalErrors: 1_190_000,
        syscalls: [
          { name: 'read', calls: 1_200_000, errors: 1_190_000, percentTime: 71 },
          { name: 'poll', calls: 1_199_000, errors: 0, percentTime: 28 },
          { name: 'futex', calls: 1_000, errors: 0, percentTime: 1 },
        ],
      },
    });

    // Act
    const d = diagnosisOf(syscallStorm.judge(facts));

    // Assess
    expect(d.confidence).toBeGreaterThanOrEqual(0.8);
    expect(d.summary).toContain('busy-wait');
    expect(d.pid).toBe(831);
    expect(d.evidence).toContainEqual({
      source: TOP,
      text: 'lact (pid 831): 35% of its CPU in the kernel (system 35% of a core, user 65%)',
    });
    expect(d.evidence).toContainEqual({
      source: 'strace -c -f -p 831',
      text: 'read 1,200,000 calls (1,190,000 errors, 71% of traced time, 240k/s)',
    });
    expect(d.fixes.map((f) => f.title)).toContain('Fix the busy-wait');
    expectQuotedEvidence(d);
  });

  it('names a futex storm when futex dominates at a high rate', () => {
    // Prepare
    const facts = makeFacts({
      cpus: 4,
      cpu: cpu({ user: 30, system: 42 }),
      processes: [
        proc({ pid: 40, name: 'java', cpuPercent: 280, userPercent: 110, systemPercent: 170 }),
      ],
      syscalls: {
        pid: 40,
        source: 'strace -c -f -p 40',
        seconds: 5,
        totalCalls: 520_000,
        totalErrors: 140_000,
        syscalls: [
          { name: 'futex', calls: 480_000, errors: 140_000, percentTime: 93 },
          { name: 'epoll_wait', calls: 40_000, errors: 0, percentTime: 7 },
        ],
      },
    });

    // Act
    const d = diagnosisOf(syscallStorm.judge(facts));

    // Assess
    expect(d.confidence).toBeGreaterThanOrEqual(0.8);
    expect(d.summary).toContain('futex');
    expect(d.fixes.map((f) => f.title)).toContain('Cut the thread count');
    expectQuotedEvidence(d);
  });

  it('names clock_gettime as a real syscall and points at the clocksource', () => {
    // Prepare
    const facts = makeFacts({
      cpu: cpu({ user: 40, system: 30 }),
      processes: [
        proc({ pid: 77, name: 'app', cpuPercent: 100, userPercent: 55, systemPercent: 45 }),
      ],
      syscalls: {
        pid: 77,
        source: 'strace -c -f -p 77',
        seconds: 5,
        totalCalls: 400_000,
        totalErrors: 0,
        syscalls: [
          { name: 'clock_gettime', calls: 300_000, errors: 0, percentTime: 80 },
          { name: 'epoll_wait', calls: 100_000, errors: 0, percentTime: 20 },
        ],
      },
    });

    // Act
    const d = diagnosisOf(syscallStorm.judge(facts));

    // Assess
    expect(d.confidence).toBeGreaterThanOrEqual(0.8);
    expect(d.summary).toContain('clock');
    expect(d.fixes.map((f) => f.command)).toContain(
      'cat /sys/devices/system/clocksource/clocksource0/current_clocksource',
    );
  });

  it('names a signal storm from counted SIGPROF deliveries without a syscall table', () => {
    // Prepare
    const facts = makeFacts({
      cpu: cpu({ user: 55, system: 38 }),
      processes: [proc({ pid: 2853, name: 'node-20', cpuPercent: 98, caughtSignals: ['SIGPROF'] })],
      signals: {
        source: 'strace -f -p 2853 -e signal=all',
        seconds: 10,
        counts: { SIGPROF: 41_000 },
      },
    });

    // Act
    const d = diagnosisOf(syscallStorm.judge(facts));

    // Assess
    expect(d.confidence).toBeGreaterThanOrEqual(0.8);
    expect(d.evidence).toContainEqual({
      source: 'strace -f -p 2853 -e signal=all',
      text: 'SIGPROF delivered 41,000 times, 4100/s',
    });
    expect(d.fixes.map((f) => f.title)).toContain('Disable or slow the profiler');
  });

  it('stays at 0.4–0.6 on high sy with no syscall table, and says what to capture', () => {
    // Prepare
    const facts = makeFacts({
      cpu: cpu({ user: 50, system: 40 }),
      processes: [
        proc({ pid: 2872, name: 'node-20', cpuPercent: 100, userPercent: 59, systemPercent: 41 }),
      ],
    });

    // Act
    const d = diagnosisOf(syscallStorm.judge(facts));

    // Assess
    expect(d.confidence).toBeGreaterThanOrEqual(0.4);
    expect(d.confidence).toBeLessThanOrEqual(0.6);
    expect(d.summary).toContain('strace -c -f -p 2872');
    expect(d.evidence).toContainEqual({
      source: TOP,
      text: 'node-20 (pid 2872): 41% of its CPU in the kernel (system 41% of a core, user 59%)',
    });
    expect(d.fixes[0]).toMatchObject({
      when: 'now',
      command: 'timeout -s INT 5 strace -c -f -p 2872',
    });
  });

  it('suspects a signal storm on high sy when the profiler runs and perf shows signal frames', () => {
    // Prepare
    const facts = seed000();
    delete facts.syscalls;

    // Act
    const d = diagnosisOf(syscallStorm.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.6);
    expect(d.summary).toContain('signal');
    expect(d.fixes.some((f) => f.command === 'DD_PROFILING_ENABLED=false')).toBe(true);
  });

  it('lowers its confidence when memory pressure may explain the kernel time', () => {
    // Prepare
    const facts = makeFacts({
      cpu: cpu({ user: 20, system: 45, iowait: 20 }),
      memory: {
        totalKiB: 1_000_000,
        availableKiB: 40_000,
        availablePercent: 4,
        swapInPerSecond: 3_000,
        swapOutPerSecond: 5_000,
        source: 'cat /proc/meminfo',
      },
    });

    // Act
    const d = diagnosisOf(syscallStorm.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.4);
    expect(d.summary).toContain('reclaim');
  });

  it('rules out high sy when the same process traces as blocking waits', () => {
    // Prepare
    const facts = makeFacts({
      cpu: cpu({ user: 40, system: 35 }),
      processes: [
        proc({ pid: 67254, name: 'node-20', cpuPercent: 100, userPercent: 55, systemPercent: 45 }),
      ],
      syscalls: seed000HealthyStrace,
    });

    // Act
    const outcome = syscallStorm.judge(facts);

    // Assess
    expect(outcome.kind).toBe('ruled-out');
    expect(outcome.kind === 'ruled-out' && outcome.ruledOut.reason).toMatch(
      /blocking waits.*sy 35%/,
    );
  });

  it('keeps a kernel-heavy process on a many-CPU host in view although host sy is low', () => {
    // Prepare
    const facts = makeFacts({
      cpus: 32,
      cpu: cpu({ user: 4, system: 1.5 }),
      processes: [
        proc({ pid: 9, name: 'worker', cpuPercent: 100, userPercent: 60, systemPercent: 40 }),
      ],
    });

    // Act
    const d = diagnosisOf(syscallStorm.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.5);
    expect(d.pid).toBe(9);
  });

  it('returns no-data without a CPU split, a per-process split or a syscall table', () => {
    // Prepare
    const facts = makeFacts({ processes: [proc({ pid: 1, cpuPercent: 95 })] });
    delete facts.cpu;

    // Act
    const outcome = syscallStorm.judge(facts);

    // Assess
    expect(outcome.kind).toBe('no-data');
  });
});

describe('syscallStorm evidence about other processes', () => {
  it('cites only the diagnosed process profiler and SigCgt when its own were captured', () => {
    // Prepare: dd burns kernel time; an unrelated node process runs the Datadog profiler.
    const facts = makeFacts({
      cpu: { split: split({ user: 20, system: 45 }), source: 'vmstat 1 5', samples: 4, series: [] },
      processes: [
        proc({
          pid: 14037,
          name: 'dd',
          command: 'dd if=/dev/zero of=/dev/null bs=1',
          cpuPercent: 90,
          userPercent: 20,
          systemPercent: 70,
          env: {},
          caughtSignals: [],
        }),
        proc({
          pid: 8304,
          name: 'node',
          command: 'node --cpu-prof app.js',
          cpuPercent: 3,
          env: { DD_PROFILING_ENABLED: 'true' },
          caughtSignals: ['SIGPROF'],
        }),
      ],
      runtimes: [
        {
          pid: 8304,
          runtime: 'node',
          profilers: [
            { name: 'Datadog profiler', evidence: 'DD_PROFILING_ENABLED=true', source: 'env' },
          ],
        },
      ],
    });

    // Act
    const outcome = syscallStorm.judge(facts);

    // Assess
    const text = outcome.kind === 'diagnosis' ? JSON.stringify(outcome.diagnosis) : '';
    expect(outcome.kind).toBe('diagnosis');
    expect(text).not.toMatch(/DD_PROFILING_ENABLED|pid 8304|SigCgt/);
  });
});

describe('syscallStorm on a small host', () => {
  it('counts a process spending a fifth of a core in the kernel as high, though under half a core', () => {
    // Prepare: the signal-storm demo on 2 vCPUs: 0.47 cores, 48% of it in the kernel; host sy 12%.
    const facts = makeFacts({
      cpu: {
        split: split({ user: 12, system: 12.2 }),
        source: 'vmstat -w 1 4',
        samples: 3,
        series: [],
      },
      processes: [
        proc({
          pid: 13904,
          name: 'node',
          command: 'node --cpu-prof x.js',
          cpuPercent: 49.5,
          userPercent: 24.4,
          systemPercent: 22.8,
          caughtSignals: ['SIGPROF'],
        }),
      ],
      syscalls: {
        pid: 13904,
        source: 'timeout -s INT 2 strace -c -f -p 13904',
        seconds: 2,
        totalCalls: 60_372,
        totalErrors: 18_053,
        syscalls: [
          { name: 'rt_sigprocmask', calls: 19_147, errors: 0, percentTime: 22, perSecond: 9_574 },
          { name: 'rt_sigreturn', calls: 9_574, errors: 8_095, percentTime: 15, perSecond: 4_787 },
          { name: 'tgkill', calls: 9_574, errors: 0, percentTime: 10, perSecond: 4_787 },
          { name: 'getpid', calls: 9_574, errors: 0, percentTime: 5, perSecond: 4_787 },
        ],
      },
    });

    // Act
    const outcome = syscallStorm.judge(facts);

    // Assess
    expect(outcome.kind === 'diagnosis' && outcome.diagnosis.confidence).toBeGreaterThanOrEqual(
      0.8,
    );
  });
});

describe('syscallStorm and a Datadog agent on the host', () => {
  const stormFacts = (over: Parameters<typeof makeFacts>[0] = {}) =>
    makeFacts({
      cpu: { split: split({ user: 58.4, system: 37.1 }), source: 'top', samples: 1, series: [] },
      processes: [proc({ pid: 2852, name: 'node-20', cpuPercent: 102 })],
      syscalls: {
        pid: 2852,
        source: 'strace -c -p 2852',
        totalCalls: 2_537_321,
        totalErrors: 633_476,
        syscalls: [
          { name: 'write', calls: 1_266_953, errors: 633_476, percentTime: 46.78 },
          { name: 'rt_sigreturn', calls: 636_891, errors: 0, percentTime: 29 },
          { name: 'read', calls: 633_477, errors: 0, percentTime: 24.23 },
        ],
      },
      ...over,
    });

  it('points the first fix at DD_PROFILING_ENABLED=false, hedged, when only the agent was seen', () => {
    // Prepare: seed 000's top shows dd-agent's agent and trace-agent; the app's env was not captured.
    const facts = stormFacts({
      agents: [
        { name: 'Datadog agent', evidence: 'dd-agent runs agent, trace-agent', source: 'top' },
      ],
    });

    // Act
    const d = diagnosisOf(syscallStorm.judge(facts));

    // Assess
    expect(d.fixes[0]?.command).toBe('DD_PROFILING_ENABLED=false');
    expect(d.fixes[0]?.title).toMatch(/^If the Datadog profiler is on/);
    expect(d.summary).toMatch(/likely sender/);
    expect(d.evidence.map((e) => e.text)).toContain(
      'a Datadog agent runs on this host (dd-agent runs agent, trace-agent)',
    );
  });

  it('gives the generic profiler fix when no agent runs', () => {
    const d = diagnosisOf(syscallStorm.judge(stormFacts()));

    expect(d.fixes[0]?.title).toBe('Disable or slow the profiler');
  });
});

describe('syscallStorm and the process a person asked about', () => {
  it('does not pin host-wide system time on a --pid process that runs in user space', () => {
    // Prepare: the asked-about loop is all user time; a dd elsewhere makes the kernel time.
    const facts = makeFacts({
      focusPid: 500,
      cpu: { split: split({ user: 50, system: 45 }), source: 'vmstat 1 5', samples: 4, series: [] },
      processes: [
        proc({ pid: 500, name: 'node', cpuPercent: 99, userPercent: 99, systemPercent: 0.5 }),
        proc({ pid: 900, name: 'dd', cpuPercent: 95, userPercent: 20, systemPercent: 75 }),
      ],
    });

    // Act
    const outcome = syscallStorm.judge(facts);

    // Assess
    expect(outcome.kind === 'diagnosis' ? outcome.diagnosis.pid : undefined).not.toBe(500);
  });
});
