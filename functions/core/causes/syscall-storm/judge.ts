/**
 * syscall-storm: a process spends its CPU in the kernel — a tight loop of failing or trivial
 * syscalls, futex contention, a clock read that is a real syscall, or a signal storm (seed 000:
 * Datadog's profiler flooding node with SIGPROF). Reads the CPU split (host and per process),
 * the `strace -c` table, signal deliveries, the rates counted without tracing (`perf stat`,
 * `/proc/PID/io`), `SigCgt`, profilers and `perf` kernel symbols.
 */

import type { Diagnosis, Evidence, Fix, RuleOutcome } from '../../diagnosis.js';
import type {
  Facts,
  ProcessFacts,
  ProcessKernelRates,
  SyscallCount,
  SyscallFacts,
} from '../../facts/types.js';
import { hottestProcess, KERNEL_HEAVY_SHARE, kernelShares, who } from '../shared/cpu-burn.js';
import type { Rule } from '../shared/rule.js';
import { count, percent, perSecond } from '../shared/words.js';

/** Host `sy` (percent of all CPUs) from which kernel time is suspect: healthy 1–10%, seed 000 37.1%. */
const SY_HIGH = 15;

/**
 * A trace is a storm from these rates (calls per second), or, when its duration is unknown,
 * from these counts. Seed 000's sick node made 2,537,321 calls in an untimed `strace -c`
 * (a healthy one 20,825 with `epoll_pwait` on top); a healthy busy server makes a few
 * thousand calls a second. Untimed counts assume a trace of seconds, not minutes.
 */
const STORM = { rate: 20_000, untimed: 500_000 };
/** Signal-path calls: a 100 Hz profiler costs ~100–1,000/s; seed 000 made 636,891 `rt_sigreturn`. */
const SIGNAL_STORM = { rate: 2_000, untimed: 100_000 };
const FUTEX_STORM = { rate: 10_000, untimed: 250_000 };
const CLOCK_STORM = { rate: 5_000, untimed: 100_000 };
/** Signal deliveries counted by `strace -e signal=all`. */
const DELIVERY_STORM = { rate: 2_000, untimed: 50_000 };

/** Percent of calls the signal path takes in a signal storm (seed 000: 25%; healthy: ~14%). */
const SIGNAL_SHARE = 15;
const FUTEX_SHARE = 50;
const CLOCK_SHARE = 20;
/** A busy-wait: most calls fail, or three syscalls make nearly all of them. */
const ERROR_SHARE = 20;
const TOP3_SHARE = 80;
/** A calm trace: blocking waits make at least this share of calls (or lead the table). */
const CALM_BLOCKING_SHARE = 40;

/** Syscalls a signal delivery or a profiler's timer tick costs (seed 000's loop). */
const SIGNAL_CALLS = new Set([
  'rt_sigreturn',
  'sigreturn',
  'tgkill',
  'tkill',
  'kill',
  'rt_sigprocmask',
  'getpid',
  'gettid',
]);
const CLOCK_CALLS = new Set(['clock_gettime', 'clock_gettime64', 'gettimeofday', 'time']);
/** Calls that wait: at modest rates they are an idle event loop or thread pool. */
const BLOCKING_CALLS = new Set([
  'epoll_wait',
  'epoll_pwait',
  'epoll_pwait2',
  'futex',
  'poll',
  'ppoll',
  'select',
  'pselect6',
  '_newselect',
  'nanosleep',
  'clock_nanosleep',
  'wait4',
  'waitid',
  'accept',
  'accept4',
  'rt_sigtimedwait',
  'rt_sigsuspend',
  'pause',
  'io_getevents',
]);
/** Kernel symbols of signal delivery and return (seed 000: `setup_sigframe`, `force_sig_info_to_task`). */
const SIGNAL_FRAME =
  /setup_(?:rt_)?(?:sig)?frame|force_sig_info|send_signal|complete_signal|get_signal|handle_signal|do_signal|sys_rt_sigreturn|restore_sigcontext|do_tkill|do_send_sig_info|signal_setup_done|arch_do_signal/;

type StormKind = 'signal' | 'futex' | 'clock' | 'busy-wait';

/** What a `strace -c` table shows. */
type TraceReading =
  | { kind: 'storm'; storm: StormKind; rows: SyscallCount[]; totalRate?: number }
  | { kind: 'calm'; top: SyscallCount; blockingShare: number; totalRate?: number }
  | { kind: 'unclear'; top: SyscallCount; totalRate?: number };

const sumCalls = (rows: SyscallCount[]): number => rows.reduce((a, r) => a + r.calls, 0);

const loud = (calls: number, seconds: number | undefined, at: { rate: number; untimed: number }) =>
  seconds !== undefined && seconds > 0 ? calls / seconds >= at.rate : calls >= at.untimed;

const readTrace = (trace: SyscallFacts): TraceReading | undefined => {
  const rows = [...trace.syscalls].sort((a, b) => b.calls - a.calls);
  const total = Math.max(trace.totalCalls, sumCalls(rows));
  const top = rows[0];
  if (!top || total === 0) return undefined;
  const share = (calls: number) => (100 * calls) / total;
  const totalRate = trace.seconds ? total / trace.seconds : undefined;
  const signal = rows.filter((r) => SIGNAL_CALLS.has(r.name));
  if (
    share(sumCalls(signal)) >= SIGNAL_SHARE &&
    loud(sumCalls(signal), trace.seconds, SIGNAL_STORM)
  ) {
    // Quote the signal path and whatever dominates beside it (seed 000: `write`, `read`).
    const quoted = [...new Set([...signal.slice(0, 2), ...rows.slice(0, 2)])];
    return { kind: 'storm', storm: 'signal', rows: quoted, totalRate };
  }
  const futex = rows.find((r) => r.name === 'futex');
  if (futex && share(futex.calls) >= FUTEX_SHARE && loud(futex.calls, trace.seconds, FUTEX_STORM)) {
    return { kind: 'storm', storm: 'futex', rows: [futex], totalRate };
  }
  const clock = rows.filter((r) => CLOCK_CALLS.has(r.name));
  if (share(sumCalls(clock)) >= CLOCK_SHARE && loud(sumCalls(clock), trace.seconds, CLOCK_STORM)) {
    return { kind: 'storm', storm: 'clock', rows: clock, totalRate };
  }
  // Interrupted waits and signal returns "fail" by design (EINTR): seed 000's healthy node
  // shows epoll_pwait 2,009 and rt_sigreturn 2,010 errors. They are not a busy-wait's errors.
  const errorShare = share(
    rows
      .filter((r) => !BLOCKING_CALLS.has(r.name) && !SIGNAL_CALLS.has(r.name))
      .reduce((a, r) => a + r.errors, 0),
  );
  const top3 = share(sumCalls(rows.slice(0, 3)));
  if (loud(total, trace.seconds, STORM) && (errorShare >= ERROR_SHARE || top3 >= TOP3_SHARE)) {
    return { kind: 'storm', storm: 'busy-wait', rows: rows.slice(0, 3), totalRate };
  }
  const blockingShare = share(sumCalls(rows.filter((r) => BLOCKING_CALLS.has(r.name))));
  if (
    !loud(total, trace.seconds, STORM) &&
    (blockingShare >= CALM_BLOCKING_SHARE || BLOCKING_CALLS.has(top.name))
  ) {
    return { kind: 'calm', top, blockingShare, totalRate };
  }
  return { kind: 'unclear', top, totalRate };
};

/** `write 1,266,953 calls (633,476 errors, 47% of traced time)`. */
const rowText = (row: SyscallCount, seconds: number | undefined): string => {
  const rate = row.perSecond ?? (seconds ? row.calls / seconds : undefined);
  const notes = [
    row.errors > 0 ? `${count(row.errors)} errors` : undefined,
    row.percentTime !== undefined ? `${percent(row.percentTime)} of traced time` : undefined,
    rate !== undefined ? perSecond(rate) : undefined,
  ].filter((n) => n !== undefined);
  return `${row.name} ${count(row.calls)} calls${notes.length ? ` (${notes.join(', ')})` : ''}`;
};

/** What the CPU split says about kernel time. */
interface KernelView {
  /** A split (host, per process or perf) was seen. */
  measured: boolean;
  high: boolean;
  sy?: number;
  /** The most kernel-heavy busy process, with its kernel share. */
  top?: { process: ProcessFacts; share: number };
  evidence: Evidence[];
}

const readKernel = (facts: Facts): KernelView => {
  const evidence: Evidence[] = [];
  const cpu = facts.cpu;
  const sy = cpu?.split.system;
  const top = kernelShares(facts)[0];
  const hostHigh = sy !== undefined && sy >= SY_HIGH;
  const processHigh = top !== undefined && top.share >= KERNEL_HEAVY_SHARE;
  if (cpu && hostHigh) {
    evidence.push({
      source: cpu.source,
      text: `sy ${percent(cpu.split.system)} of all CPU (us ${percent(cpu.split.user)})`,
    });
  }
  if (top && processHigh) {
    const p = top.process;
    const parts = [
      p.systemPercent !== undefined ? `system ${percent(p.systemPercent)} of a core` : undefined,
      p.userPercent !== undefined ? `user ${percent(p.userPercent)}` : undefined,
    ].filter((n) => n !== undefined);
    evidence.push({
      source: p.source,
      text: `${who(p)}: ${percent(top.share)} of its CPU in the kernel (${parts.join(', ')})`,
    });
  }
  // perf speaks for the kernel only when no split was captured.
  const perf = facts.perf;
  const perfHigh =
    sy === undefined && top === undefined && perf !== undefined && perf.kernelPercent >= 50;
  if (perf && perfHigh) {
    evidence.push({
      source: perf.source,
      text: `${percent(perf.kernelPercent)} of samples in kernel symbols`,
    });
  }
  return {
    measured: sy !== undefined || top !== undefined || perfHigh,
    high: hostHigh || processHigh || perfHigh,
    ...(sy !== undefined ? { sy } : {}),
    ...(top ? { top } : {}),
    evidence,
  };
};

interface ProfilerSeen {
  datadog: boolean;
  /** Only a Datadog agent on the host was seen, not the profiler's own flag. */
  datadogAgentOnly?: boolean;
  names: string[];
  evidence: Evidence[];
}

const truthy = (v: string | undefined) =>
  v !== undefined && !/^(?:false|0|no|off|)$/i.test(v.trim());

/**
 * Whether the capture saw the diagnosed process's own flags and environment. When it did,
 * only that process's profilers count; another process's profiler explains nothing here.
 */
const knowsFlagsOf = (facts: Facts, pid: number | undefined): pid is number =>
  pid !== undefined &&
  facts.processes.some((p) => p.pid === pid && (p.env !== undefined || p.command !== undefined));

/** Profilers in runtimes' flags or environment: the diagnosed process's, else the host's. */
const readProfilers = (facts: Facts, pid: number | undefined): ProfilerSeen => {
  const name = (p: number) => {
    const proc = facts.processes.find((q) => q.pid === p);
    return proc ? who(proc) : `pid ${p}`;
  };
  const own = knowsFlagsOf(facts, pid);
  const runtimes = facts.runtimes.filter((r) => !own || r.pid === pid);
  const evidence: Evidence[] = [];
  const names: string[] = [];
  let datadog = false;
  for (const r of runtimes) {
    for (const prof of r.profilers) {
      names.push(prof.name);
      if (/datadog|dd-trace|dd_profiling/i.test(`${prof.name} ${prof.evidence}`)) datadog = true;
      evidence.push({
        source: prof.source,
        text: `${name(r.pid)}: ${prof.evidence} (${prof.name})`,
      });
    }
  }
  for (const p of facts.processes.filter((q) => !own || q.pid === pid)) {
    const flag = p.env?.DD_PROFILING_ENABLED;
    if (truthy(flag) && !evidence.some((e) => e.text.includes('DD_PROFILING_ENABLED'))) {
      datadog = true;
      names.push('Datadog profiler');
      evidence.push({ source: p.source, text: `${who(p)}: DD_PROFILING_ENABLED=${flag}` });
    }
  }
  const agent = facts.agents.find((a) => a.name === 'Datadog agent');
  if (!datadog && names.length === 0 && agent) {
    return {
      datadog: true,
      datadogAgentOnly: true,
      names: [],
      evidence: [
        { source: agent.source, text: `a Datadog agent runs on this host (${agent.evidence})` },
      ],
    };
  }
  return { datadog, names: [...new Set(names)], evidence: evidence.slice(0, 2) };
};

/** A SIGPROF handler (`SigCgt`): the diagnosed process's when its status was read, else any. */
const sigprofCatchers = (facts: Facts, pid: number | undefined): Evidence[] => {
  const ownKnown = facts.processes.some((p) => p.pid === pid && p.caughtSignals !== undefined);
  return facts.processes
    .filter((p) => !ownKnown || p.pid === pid)
    .filter((p) => p.caughtSignals?.some((s) => /^(?:SIG)?PROF$/.test(s)))
    .slice(0, 1)
    .map((p) => ({
      // The facts keep one source per process (its CPU's); SigCgt comes from its status file.
      source: `cat /proc/${p.pid}/status`,
      text: `${who(p)} catches SIGPROF (SigCgt)`,
    }));
};

/** Signal-delivery frames among perf's kernel symbols. */
const perfSignalFrames = (facts: Facts): Evidence[] => {
  const perf = facts.perf;
  if (!perf) return [];
  const frames = perf.topSymbols.filter((s) => s.kernel && SIGNAL_FRAME.test(s.symbol));
  if (frames.length === 0) return [];
  const hottest = perf.topSymbols.filter((s) => s.kernel).slice(0, 3);
  const quoted = [...new Set([...hottest, ...frames.slice(0, 2)])];
  return [
    {
      source: perf.source,
      text: `kernel symbols ${quoted.map((s) => `${s.symbol} ${percent(s.percent)}`).join(', ')} (signal delivery)`,
    },
  ];
};

/** Deliveries counted by `strace -e signal=all`, when they make a storm. */
const deliveryStorm = (facts: Facts): Evidence | undefined => {
  const signals = facts.signals;
  if (!signals) return undefined;
  const [name, n] = Object.entries(signals.counts).sort((a, b) => b[1] - a[1])[0] ?? [];
  if (name === undefined || n === undefined || !loud(n, signals.seconds, DELIVERY_STORM))
    return undefined;
  const rate = signals.seconds ? `, ${perSecond(n / signals.seconds)}` : '';
  return { source: signals.source, text: `${name} delivered ${count(n)} times${rate}` };
};

/**
 * A storm in the rates counted without tracing (perf stat, /proc/PID/io) of the process the
 * rule talks about: signal deliveries or syscalls at storm rates.
 */
const rateStorm = (
  facts: Facts,
  pid: number | undefined,
): { kind: StormKind; pid: number; evidence: Evidence[] } | undefined => {
  const rates: ProcessKernelRates | undefined = facts.syscallRates?.find((r) => r.pid === pid);
  if (!rates) return undefined;
  const p = facts.processes.find((q) => q.pid === rates.pid);
  const name = p ? who(p) : `pid ${rates.pid}`;
  const where = rates.threadStates?.length
    ? `; its threads: ${rates.threadStates
        .slice(0, 2)
        .map((t) => `${t.state} ${percent(100 * t.share)}`)
        .join(', ')} of ${rates.threadStates[0]?.samples} samples`
    : '';
  const { signals, syscalls } = rates;
  if (signals && signals.perSecond >= DELIVERY_STORM.rate) {
    // A read/write count says nothing of the signal path's calls: quote only perf's total.
    const calls =
      syscalls && !syscalls.lowerBound ? `, ${perSecond(syscalls.perSecond)} syscalls` : '';
    return {
      kind: 'signal',
      pid: rates.pid,
      evidence: [
        {
          source: signals.source,
          text: `${name}: ${perSecond(signals.perSecond)} signal deliveries${calls} (${signals.method})`,
        },
      ],
    };
  }
  if (syscalls && syscalls.perSecond >= STORM.rate) {
    const what = syscalls.lowerBound ? 'read/write syscalls' : 'syscalls';
    return {
      kind: 'busy-wait',
      pid: rates.pid,
      evidence: [
        {
          source: syscalls.source,
          text: `${name}: ${perSecond(syscalls.perSecond)} ${what} at full speed (${syscalls.method}, over ${syscalls.seconds.toFixed(1)} s)${where}`,
        },
      ],
    };
  }
  return undefined;
};

const memoryPressure = (facts: Facts): boolean => {
  const m = facts.memory;
  return (
    (m !== undefined &&
      (m.availablePercent < 10 ||
        (m.swapInPerSecond ?? 0) + (m.swapOutPerSecond ?? 0) >= 1_000 ||
        (m.pressureSome10 ?? 0) >= 10)) ||
    facts.kernelEvents.some((e) => e.kind === 'kswapd' || e.kind === 'oom-kill')
  );
};

/** `timeout -s INT 5 strace -c -f -p PID`: five seconds, and strace prints its table on SIGINT. */
const straceCommand = (pid: number | undefined) =>
  `timeout -s INT 5 strace -c -f -p ${pid ?? 'PID'}`;

const captureTrace = (pid: number | undefined): Fix => ({
  title: 'Count its syscalls for 5 seconds',
  detail:
    'The table says which calls the kernel time goes to (a signal storm shows rt_sigreturn, tgkill and getpid; a busy-wait one call with many errors). Run it while the CPU is high.',
  command: straceCommand(pid),
  when: 'now',
});

const restartStopgap = (name: string): Fix => ({
  title: `Restart ${name} as a stopgap`,
  detail: 'It relieves the host until the loop starts again; it fixes nothing.',
  when: 'now',
});

const signalFixes = (profilers: ProfilerSeen, pid: number | undefined): Fix[] => {
  const fixes: Fix[] = [];
  if (profilers.datadog) {
    fixes.push({
      title: profilers.datadogAgentOnly
        ? 'If the Datadog profiler is on, turn it off: DD_PROFILING_ENABLED=false'
        : 'Turn off the Datadog profiler: DD_PROFILING_ENABLED=false',
      detail: `${profilers.datadogAgentOnly ? "A Datadog agent runs here, and its tracer's profiler signals the app it is loaded in; the capture did not see the app's environment to confirm. " : ''}Set it in the service's environment (Elastic Beanstalk: environment properties) and restart the app. In seed 000 this brought the CPU back to normal at once; tracing keeps working.`,
      command: 'DD_PROFILING_ENABLED=false',
      when: 'now',
    });
  } else {
    fixes.push({
      title: 'Disable or slow the profiler',
      detail: `${profilers.names.length ? `Seen: ${profilers.names.join(', ')}. ` : ''}Drop --cpu-prof or raise --cpu-prof-interval (node); stop the pprof CPU profile or lower its rate (Go); run async-profiler with event=cpu or a longer interval instead of itimer; DD_PROFILING_ENABLED=false for Datadog.`,
      when: 'now',
    });
  }
  if (profilers.names.length === 0) {
    fixes.push({
      title: 'Find who sends the signals',
      detail:
        'Look for the sender (tgkill/kill callers) and the handler (grep SigCgt /proc/PID/status); profilers and APM agents are the usual source.',
      command: `timeout -s INT 5 strace -f -e trace=tgkill,tkill,kill -e signal=all -p ${pid ?? 'PID'}`,
      when: 'now',
    });
  }
  fixes.push({
    title: 'Upgrade the tracer before profiling again',
    detail:
      'Upgrade the profiler/tracer library (dd-trace for Datadog), then re-enable profiling on one instance and watch sy and strace -c against a healthy instance.',
    when: 'properly',
  });
  return fixes;
};

const futexFixes = (name: string): Fix[] => [
  {
    title: 'Cut the thread count',
    detail: `Fewer threads fight less over the same lock: shrink ${name}'s worker or thread pools (UV_THREADPOOL_SIZE, GOMAXPROCS, executor sizes) towards the number of CPUs.`,
    when: 'now',
  },
  {
    title: 'Find and split the contended lock',
    detail:
      'Profile lock contention (Java: jstack BLOCKED threads; Go: /debug/pprof/mutex; native: perf record -g -p PID), then shard the lock, shorten the critical section or use lock-free structures.',
    when: 'properly',
  },
];

const clockFixes: Fix[] = [
  {
    title: 'Check the clocksource',
    detail:
      'With xen (older EC2 types) clock_gettime cannot use the vDSO and becomes a real syscall; tsc and kvm-clock do not.',
    command: 'cat /sys/devices/system/clocksource/clocksource0/current_clocksource',
    when: 'now',
  },
  {
    title: 'Switch the clocksource to tsc',
    detail:
      'Takes effect at once; make it permanent with the kernel parameters clocksource=tsc tsc=reliable.',
    command: 'echo tsc | sudo tee /sys/devices/system/clocksource/clocksource0/current_clocksource',
    when: 'properly',
  },
];

const busyWaitFixes = (name: string, pid: number | undefined, rows: SyscallCount[]): Fix[] => {
  const calls = rows.map((r) => r.name).join(',');
  return [
    {
      title: 'See which file descriptor it spins on',
      detail: `Watch the looping calls for a second, then look the fd up in /proc/${pid ?? 'PID'}/fd.`,
      command: `timeout -s INT 1 strace -f -e trace=${calls} -p ${pid ?? 'PID'}`,
      when: 'now',
    },
    restartStopgap(name),
    {
      title: 'Fix the busy-wait',
      detail: `A loop retries ${rows[0]?.name ?? 'a syscall'} without blocking (EAGAIN, a zero poll timeout, a closed peer read as 0 bytes). Block in epoll/poll with a timeout, and leave the loop on EOF or error.`,
      when: 'properly',
    },
  ];
};

const genericFixes = (pid: number | undefined): Fix[] => [
  captureTrace(pid),
  {
    title: 'See where in the kernel',
    detail:
      'Kernel symbols tell a signal storm (setup_sigframe) from syscall entry or page faults.',
    command: `perf top -p ${pid ?? 'PID'}`,
    when: 'now',
  },
];

const STORM_SUMMARY: Record<StormKind, (subject: string, profilers: ProfilerSeen) => string> = {
  signal: (subject, profilers) =>
    profilers.datadogAgentOnly
      ? `${subject} is in a signal storm: delivering and returning from signals keeps it in the kernel. A Datadog agent runs here; its profiler is the likely sender.`
      : profilers.datadog
        ? `Datadog's profiler is flooding ${subject} with SIGPROF: delivering and returning from the signals keeps it in the kernel.`
        : profilers.names.length
          ? `A profiler (${profilers.names.join(', ')}) is flooding ${subject} with signals: delivering and returning from them keeps it in the kernel.`
          : `${subject} is in a signal storm: delivering and returning from signals keeps it in the kernel.`,
  futex: (subject) =>
    `${subject}'s threads are fighting over locks: a futex storm keeps its CPU in the kernel.`,
  clock: (subject) =>
    `${subject} reads the clock through a real syscall many times a second: the clocksource does not offer the vDSO.`,
  'busy-wait': (subject) =>
    `${subject} spins on failing or trivial syscalls: a busy-wait loop keeps its CPU in the kernel.`,
};

const diagnosis = (d: Omit<Diagnosis, 'cause'>): RuleOutcome => ({
  kind: 'diagnosis',
  diagnosis: { cause: 'syscall-storm', ...d, confidence: Math.round(d.confidence * 100) / 100 },
});

const ruledOut = (reason: string): RuleOutcome => ({
  kind: 'ruled-out',
  ruledOut: { cause: 'syscall-storm', reason },
});

/** `system CPU 3% of all CPU; no busy process spends more than 12% of its CPU in the kernel`. */
const lowKernelReason = (kernel: KernelView): string => {
  const parts = [
    kernel.sy !== undefined ? `system CPU ${percent(kernel.sy)} of all CPU` : undefined,
    kernel.top
      ? `no busy process spends more than ${percent(kernel.top.share)} of its CPU in the kernel (most: ${kernel.top.process.name}, pid ${kernel.top.process.pid})`
      : undefined,
  ].filter((p) => p !== undefined);
  return parts.join('; ');
};

/** How the rule names the process it talks about. */
const subjectOf = (facts: Facts, pid: number | undefined) => {
  const p = facts.processes.find((q) => q.pid === pid);
  return {
    subject: p ? who(p) : pid !== undefined ? `PID ${pid}` : 'the traced process',
    name: p?.name ?? (pid !== undefined ? `pid ${pid}` : 'the process'),
    pidPart: pid !== undefined ? { pid } : {},
  };
};

const judge = (facts: Facts): RuleOutcome => {
  const kernel = readKernel(facts);
  const trace = facts.syscalls;
  const reading = trace ? readTrace(trace) : undefined;
  const deliveries = deliveryStorm(facts);
  const heavy =
    kernel.top && kernel.top.share >= KERNEL_HEAVY_SHARE ? kernel.top.process : undefined;
  const hottest = hottestProcess(facts);

  const counted = rateStorm(facts, heavy?.pid ?? facts.focusPid ?? hottest?.pid);
  const storm:
    | { kind: StormKind; evidence: Evidence[]; rows: SyscallCount[]; pid?: number }
    | undefined =
    reading?.kind === 'storm' && trace
      ? {
          kind: reading.storm,
          rows: reading.rows,
          evidence: [
            ...reading.rows.map((r) => ({ source: trace.source, text: rowText(r, trace.seconds) })),
            {
              source: trace.source,
              text: `${count(Math.max(trace.totalCalls, sumCalls(trace.syscalls)))} calls in all${reading.totalRate !== undefined ? ` (${perSecond(reading.totalRate)})` : ''}, ${count(trace.totalErrors)} errors`,
            },
            // strace slows what it counts: the untraced rate says how fast it really goes.
            ...(counted?.kind === reading.storm ? counted.evidence : []),
          ],
        }
      : deliveries
        ? { kind: 'signal', rows: [], evidence: [deliveries] }
        : counted
          ? { kind: counted.kind, rows: [], evidence: counted.evidence, pid: counted.pid }
          : undefined;

  if (storm) {
    // The storm is the traced process's; one seen only in signal deliveries, the hot one's.
    const pid =
      reading?.kind === 'storm'
        ? (trace?.pid ?? heavy?.pid)
        : (storm.pid ?? heavy?.pid ?? hottest?.pid);
    const { subject, name, pidPart } = subjectOf(facts, pid);
    const profilers = readProfilers(facts, pid);
    const corroboration =
      storm.kind === 'signal'
        ? [
            ...(deliveries && reading?.kind === 'storm' ? [deliveries] : []),
            ...sigprofCatchers(facts, pid),
            ...profilers.evidence,
            ...perfSignalFrames(facts),
          ]
        : [];
    const confidence = kernel.high
      ? 0.85 + (corroboration.length > 0 ? 0.05 : 0)
      : kernel.measured
        ? 0.45
        : 0.7;
    const costs = kernel.high
      ? ''
      : kernel.measured
        ? ` It costs the host little now (${lowKernelReason(kernel)}).`
        : ' No CPU split was captured to show what it costs.';
    const fixes =
      storm.kind === 'signal'
        ? signalFixes(profilers, pid)
        : storm.kind === 'futex'
          ? futexFixes(name)
          : storm.kind === 'clock'
            ? clockFixes
            : busyWaitFixes(name, pid, storm.rows);
    return diagnosis({
      confidence,
      summary: `${STORM_SUMMARY[storm.kind](subject, profilers)}${costs}`.replace(/^the /, 'The '),
      evidence: [...kernel.evidence, ...storm.evidence, ...corroboration],
      fixes,
      ...pidPart,
    });
  }

  // A calm trace of the kernel-heavy process (or of an unnamed one) speaks against a storm.
  const traceIsOfSubject =
    trace !== undefined &&
    (trace.pid === undefined || heavy === undefined || trace.pid === heavy.pid);
  if (reading?.kind === 'calm' && trace && traceIsOfSubject) {
    const rate = reading.totalRate !== undefined ? ` at ${perSecond(reading.totalRate)}` : '';
    const topShare = percent((100 * reading.top.calls) / Math.max(1, trace.totalCalls));
    const waits = `strace of ${subjectOf(facts, trace.pid ?? heavy?.pid).subject} shows mostly blocking waits (${reading.top.name} ${topShare} of calls, ${percent(reading.blockingShare)} waits in all)${rate}`;
    return ruledOut(
      kernel.high
        ? `${waits}; the kernel time (${kernel.evidence.map((e) => e.text).join('; ')}) is not a syscall loop — page faults or reclaim?`
        : [lowKernelReason(kernel), waits].filter(Boolean).join('; '),
    );
  }

  if (kernel.high) {
    const pid = heavy?.pid ?? (traceIsOfSubject ? trace?.pid : undefined) ?? hottest?.pid;
    const { pidPart } = subjectOf(facts, pid);
    const profilers = readProfilers(facts, pid);
    const frames = perfSignalFrames(facts);
    const signalHints = [...sigprofCatchers(facts, pid), ...frames];
    const suspectSignals =
      frames.length > 0 || (profilers.names.length > 0 && signalHints.length > 0);
    const syscallsSeen =
      trace && !traceIsOfSubject && heavy
        ? `the strace block traced pid ${trace.pid}, not ${heavy.pid}`
        : reading?.kind === 'unclear' && trace
          ? `strace shows ${count(trace.totalCalls)} calls${reading.totalRate !== undefined ? ` (${perSecond(reading.totalRate)})` : ''} with no single pattern`
          : 'no syscall table shows which calls';
    const reclaim = memoryPressure(facts);
    const kernelWhere =
      heavy !== undefined
        ? `${who(heavy)} spends ${percent(kernel.top?.share ?? 0)} of its CPU in the kernel`
        : kernel.sy !== undefined
          ? `System CPU is ${percent(kernel.sy)} of all CPU`
          : 'Most CPU samples are in the kernel';
    const confidence = suspectSignals ? 0.6 : reclaim ? 0.4 : heavy ? 0.5 : 0.45;
    const why = suspectSignals
      ? ' and the signal path looks hot, as in a profiler signal storm'
      : reclaim
        ? ', but memory is under pressure: it may be reclaim, not syscalls'
        : '';
    return diagnosis({
      confidence,
      summary: `${kernelWhere}${why}; ${syscallsSeen}. Count them with ${straceCommand(pid)}.`,
      evidence: [
        ...kernel.evidence,
        ...(suspectSignals ? [...profilers.evidence, ...signalHints] : []),
      ],
      fixes: suspectSignals
        ? [captureTrace(pid), ...signalFixes(profilers, pid)]
        : genericFixes(pid),
      ...pidPart,
    });
  }

  if (kernel.measured) return ruledOut(lowKernelReason(kernel));
  return {
    kind: 'no-data',
    missing: 'system vs user CPU (top, vmstat or /proc/PID/stat)',
  };
};

export const syscallStormRule: Rule<'syscall-storm'> = { cause: 'syscall-storm', judge };
