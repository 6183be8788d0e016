/**
 * syscall-storm: a process spends its CPU in the kernel — a tight loop of failing or trivial
 * syscalls, futex contention, a clock read that is a real syscall, or a signal storm (seed 000:
 * Datadog's profiler flooding node with SIGPROF). Reads the CPU split (host and per process),
 * the `strace -c` table, signal deliveries, the rates counted without tracing (`perf stat`,
 * `/proc/PID/io`), `SigCgt`, profilers and `perf` kernel symbols.
 */

import type { Diagnosis, Evidence, Fix, RuleOutcome } from '../../diagnosis.js';
import type { Facts, ProcessFacts, ProcessKernelRates, SyscallCount } from '../../facts/types.js';
import {
  hottestProcess,
  KERNEL_HEAVY_SHARE,
  kernelShares,
  measuredSplit,
  who,
} from '../shared/cpu-burn.js';
import type { Rule } from '../shared/rule.js';
import { count, percent, perSecond } from '../shared/words.js';
import { readLoop, syscallLoopOf } from './loop.js';
import { readPerfStorm } from './perf.js';
import {
  loud,
  readTrace,
  rowText,
  STORM,
  type StormKind,
  type SyscallPattern,
  sumCalls,
  type TraceStrength,
} from './trace.js';

/** Host `sy` (percent of all CPUs) from which kernel time is suspect: healthy 1–10%, seed 000 37.1%. */
const SY_HIGH = 15;

/**
 * Steal (percent of all CPUs) from which `sy` is read against the CPU the guest got, not all of
 * it: with 60% stolen, sy 10% is a quarter of what the instance ran.
 */
const STEAL_SCALES_SY = 5;
/**
 * Confidence of a storm seen only in its own source, no CPU split beside it: a timed rate is
 * direct evidence; an untimed count is a storm only if the trace ran seconds; a screenful of
 * raw lines shows the loop but not its pace; a profile shows where the kernel time goes but
 * not how much CPU there is.
 */
const ALONE: Record<TraceStrength | 'perf', number> = {
  rate: 0.8,
  count: 0.7,
  pattern: 0.6,
  perf: 0.7,
};

/** Signal deliveries counted by `strace -e signal=all`. */
const DELIVERY_STORM = { rate: 2_000, untimed: 50_000 };

/** Kernel symbols of signal delivery and return (seed 000: `setup_sigframe`, `force_sig_info_to_task`). */
export const SIGNAL_FRAME =
  /setup_(?:rt_)?(?:sig)?frame|force_sig_info|send_signal|complete_signal|get_signal|handle_signal|do_signal|sys_rt_sigreturn|restore_sigcontext|do_tkill|do_send_sig_info|signal_setup_done|arch_do_signal/;

/** What the CPU split says about kernel time. */
interface KernelView {
  /** A split (host, per process or perf) was seen. */
  measured: boolean;
  high: boolean;
  sy?: number;
  /** The most kernel-heavy busy process, with its kernel share. */
  top?: { process: ProcessFacts; share: number };
  /** Only perf's kernel share says the kernel is busy: no split was captured. */
  perfOnly: boolean;
  /**
   * sy is high only read against the CPU the instance got (steal took the rest): it backs a
   * storm the trace or the signal path shows, and names none alone. With its evidence line.
   */
  underSteal?: Evidence;
  evidence: Evidence[];
}

const readKernel = (facts: Facts): KernelView => {
  const evidence: Evidence[] = [];
  const cpu = measuredSplit(facts) ? facts.cpu : undefined;
  const sy = cpu?.split.system;
  const top = kernelShares(facts)[0];
  const steal = cpu?.split.steal ?? 0;
  const guestSy =
    sy !== undefined && steal >= STEAL_SCALES_SY && steal < 100 ? (100 * sy) / (100 - steal) : sy;
  const hostHigh = sy !== undefined && sy >= SY_HIGH;
  const stealHigh = !hostHigh && guestSy !== undefined && guestSy >= SY_HIGH;
  const processHigh = top !== undefined && top.share >= KERNEL_HEAVY_SHARE;
  const syLine = (): Evidence | undefined =>
    cpu && {
      source: cpu.source,
      text: `sy ${percent(cpu.split.system)} of all CPU (us ${percent(cpu.split.user)}${steal >= STEAL_SCALES_SY ? `, st ${percent(steal)}: ${percent(guestSy ?? 0)} of the CPU the instance got` : ''})`,
    };
  const hostLine = hostHigh ? syLine() : undefined;
  if (hostLine) evidence.push(hostLine);
  const underSteal = stealHigh ? syLine() : undefined;
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
    perfOnly: perfHigh,
    ...(underSteal ? { underSteal } : {}),
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
  // Seen only in a profile: count the calls first.
  if (calls === '') return [captureTrace(pid), restartStopgap(name)];
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

const yieldFixes = (name: string, pid: number | undefined): Fix[] => [
  {
    title: 'See which threads yield and from where',
    detail:
      'A yield loop is a spin lock or a scheduler waiting for work without sleeping. Go: a goroutine dump (SIGQUIT or /debug/pprof/goroutine?debug=2) names runtime.osyield callers; native: perf top -p shows the caller.',
    command: `perf top -g -p ${pid ?? 'PID'}`,
    when: 'now',
  },
  restartStopgap(name),
  {
    title: 'Replace the spin with a blocking wait, or upgrade the runtime',
    detail:
      'A lock or queue that yields until it gets its turn burns every idle CPU; block on a futex, condition variable or channel instead. Runtime bugs do this too (Go 1.14 timers, golang/go#38051): upgrade.',
    when: 'properly',
  },
];

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
  yield: (subject) =>
    `${subject}'s threads spin on sched_yield: they yield the CPU in a loop instead of sleeping until there is work.`,
};

/** A signal storm keeps the CPUs wanting to run; steal shows only then. */
const stealChain = (subject: string, steal: number): Pick<Diagnosis, 'explains' | 'chain'> => ({
  explains: ['cpu-steal'],
  chain: `The signal storm keeps ${subject} wanting the CPU; steal (${percent(steal)}) is the share of that demand the hypervisor does not give. Stop the storm first, then see whether steal remains.`,
});

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
const subjectOf = (facts: Facts, pid: number | undefined, unnamed = 'the traced process') => {
  const p = facts.processes.find((q) => q.pid === pid);
  return {
    subject: p ? who(p) : pid !== undefined ? `PID ${pid}` : unnamed,
    name: p?.name ?? (pid !== undefined ? `pid ${pid}` : 'the process'),
    pidPart: pid !== undefined ? { pid } : {},
  };
};

const judge = (facts: Facts): RuleOutcome => {
  const kernel = readKernel(facts);
  const trace: SyscallPattern | undefined = facts.syscalls;
  const reading = trace ? readTrace(trace) : undefined;
  const loop = syscallLoopOf(facts);
  const loopStorm = readLoop(loop);
  const perfStorm = readPerfStorm(facts);
  const deliveries = deliveryStorm(facts);
  const heavy =
    kernel.top && kernel.top.share >= KERNEL_HEAVY_SHARE ? kernel.top.process : undefined;
  const hottest = hottestProcess(facts);

  const counted = rateStorm(facts, heavy?.pid ?? facts.focusPid ?? hottest?.pid);
  const storm:
    | {
        kind: StormKind;
        evidence: Evidence[];
        rows: SyscallCount[];
        strength: TraceStrength | 'perf';
        pid?: number;
      }
    | undefined =
    reading?.kind === 'storm' && trace
      ? {
          kind: reading.storm,
          rows: reading.rows,
          strength: reading.strength,
          evidence: [
            ...reading.rows.map((r) => ({ source: trace.source, text: rowText(r, trace.seconds) })),
            {
              source: trace.source,
              text: `${count(Math.max(trace.totalCalls, sumCalls(trace.syscalls)))} calls in all${reading.totalRate !== undefined ? ` (${perSecond(reading.totalRate)})` : ''}, ${count(trace.totalErrors)} errors${reading.why ? `: ${reading.why}` : ''}`,
            },
            // strace slows what it counts: the untraced rate says how fast it really goes.
            ...(counted?.kind === reading.storm ? counted.evidence : []),
          ],
        }
      : deliveries
        ? { kind: 'signal', rows: [], strength: 'rate', evidence: [deliveries] }
        : counted
          ? {
              kind: counted.kind,
              rows: [],
              strength: 'rate',
              evidence: counted.evidence,
              pid: counted.pid,
            }
          : loopStorm
            ? {
                kind: 'busy-wait',
                rows: loopStorm.calls.map((name) => ({ name, calls: 0, errors: 0 })),
                strength: loopStorm.strength,
                evidence: [loopStorm.evidence],
                ...(loop?.pid !== undefined ? { pid: loop.pid } : {}),
              }
            : perfStorm
              ? { kind: perfStorm.kind, rows: [], strength: 'perf', evidence: [perfStorm.evidence] }
              : undefined;

  if (storm) {
    // The storm is the traced process's; one seen only in signal deliveries, the hot one's.
    const pid =
      reading?.kind === 'storm'
        ? (trace?.pid ?? heavy?.pid)
        : (storm.pid ?? heavy?.pid ?? hottest?.pid);
    const { subject, name, pidPart } = subjectOf(
      facts,
      pid,
      storm.strength === 'perf' ? 'the profiled process' : undefined,
    );
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
    // perf's own kernel share does not confirm what perf shows; memory pressure spins kernel
    // locks too (reclaim), so a lock storm seen only in perf is then a hint.
    const kernelHigh = kernel.high || kernel.underSteal !== undefined;
    const confirmed = kernelHigh && !(kernel.perfOnly && storm.strength === 'perf');
    const reclaimLocks =
      storm.strength === 'perf' && storm.kind === 'futex' && memoryPressure(facts);
    const confidence = reclaimLocks
      ? 0.4
      : confirmed
        ? 0.85 + (corroboration.length > 0 ? 0.05 : 0)
        : kernel.measured && !kernel.perfOnly
          ? 0.45
          : ALONE[storm.strength];
    const costs =
      kernelHigh || storm.strength === 'perf'
        ? ''
        : kernel.measured
          ? ` It costs the host little now (${lowKernelReason(kernel)}).`
          : ' No CPU split was captured to show what it costs.';
    // Steal shows only while the guest wants the CPU: a storm that keeps it busy drives it.
    const steal = facts.cpu?.split.steal ?? 0;
    const drivesSteal = storm.kind === 'signal' && confirmed && steal >= STEAL_SCALES_SY;
    const fixes =
      storm.kind === 'signal'
        ? signalFixes(profilers, pid)
        : storm.kind === 'futex'
          ? futexFixes(name)
          : storm.kind === 'clock'
            ? clockFixes
            : storm.kind === 'yield'
              ? yieldFixes(name, pid)
              : busyWaitFixes(name, pid, storm.rows);
    return diagnosis({
      confidence,
      summary: `${STORM_SUMMARY[storm.kind](subject, profilers)}${costs}`.replace(/^the /, 'The '),
      evidence: [
        ...kernel.evidence,
        ...(kernel.underSteal ? [kernel.underSteal] : []),
        ...storm.evidence,
        ...corroboration,
      ],
      fixes,
      ...pidPart,
      ...(drivesSteal ? stealChain(subject, steal) : {}),
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

  const pid = heavy?.pid ?? (traceIsOfSubject ? trace?.pid : undefined) ?? hottest?.pid;
  const profilers = readProfilers(facts, pid);
  const frames = perfSignalFrames(facts);
  const signalHints = [...sigprofCatchers(facts, pid), ...frames];
  const suspectSignals =
    frames.length > 0 || (profilers.names.length > 0 && signalHints.length > 0);
  // Under steal, sy read against the CPU the instance got counts for a signal storm's hints.
  const stealSignals = kernel.underSteal !== undefined && suspectSignals;
  if (kernel.high || stealSignals) {
    const { subject, pidPart } = subjectOf(facts, pid);
    const steal = facts.cpu?.split.steal ?? 0;
    const drivesSteal = suspectSignals && steal >= STEAL_SCALES_SY;
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
        ...(stealSignals && kernel.underSteal ? [kernel.underSteal] : []),
        ...(suspectSignals ? [...profilers.evidence, ...signalHints] : []),
      ],
      fixes: suspectSignals
        ? [captureTrace(pid), ...signalFixes(profilers, pid)]
        : genericFixes(pid),
      ...pidPart,
      ...(drivesSteal ? stealChain(subject, steal) : {}),
    });
  }

  if (kernel.measured) return ruledOut(lowKernelReason(kernel));
  return {
    kind: 'no-data',
    missing: 'system vs user CPU (top, vmstat or /proc/PID/stat)',
  };
};

export const syscallStormRule: Rule<'syscall-storm'> = { cause: 'syscall-storm', judge };
