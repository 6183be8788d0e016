/**
 * runaway-process: user-space CPU burn — an infinite loop, a spinning worker, a thread or
 * goroutine explosion (seed 001: a Go API server on ~25 cores because `break` inside a
 * `select` left only the `select`). The busiest process is pinned, its time is user time,
 * and its hot threads are its own code, not the JIT or the GC.
 */

import type { Evidence, Fix, RuleOutcome } from '../../diagnosis.js';
import type { Facts, ProcessFacts, Runtime, ThreadFacts } from '../../facts/types.js';
import {
  BUSY_PROCESS,
  hostKernelShare,
  hottestProcess,
  isCompilerThread,
  isGcThread,
  KERNEL_HEAVY_SHARE,
  kernelShare,
  measuredSplit,
  ofACore,
  runtimeOf,
  threadsOf,
  who,
} from '../shared/cpu-burn.js';
import type { Rule } from '../shared/rule.js';
import { count, duration, percent, perSecond } from '../shared/words.js';
import { DOMINANT_SYMBOL, type PerfLoop, readPerfLoop } from './perf.js';
import { type PoolBurn, readPoolBurn } from './workers.js';

/** Percent of one core from which a process is pinned: `top` shows a spinning thread at 95–100. */
const PINNED = 90;
/** A thread at this share of a core is spinning; below this the load is spread. */
const SPINNING_THREAD = 90;
/** A non-runtime thread this hot keeps a runaway loop possible beside busy JIT/GC threads. */
const BUSY_THREAD = 50;
/** Host `sy` from which the host's own split speaks for kernel-side burn (see syscall-storm). */
const SY_HIGH = 15;
/** Syscalls per second per core burned under which a busy process is computing, not calling. */
const FEW_SYSCALLS_PER_CORE = 1_000;
/**
 * Syscalls per second per core burned from which the burn is a syscall loop, not user code:
 * spinning loops traced here made 12k–35k/s on one core (a zero-timeout epoll_wait, a failing
 * read); ptunnel-ng's select loop 20k/s at 100%. Computing code stays under FEW_SYSCALLS_PER_CORE.
 */
export const MANY_SYSCALLS_PER_CORE = 10_000;
/** Threads from which a process has exploded (a pooled server runs tens to a few hundred). */
const MANY_THREADS = 500;
/** A JVM younger than this may be warming up its JIT (see jit-warmup). */
const YOUNG_JVM_SECONDS = 30 * 60;

const ruledOut = (reason: string): RuleOutcome => ({
  kind: 'ruled-out',
  ruledOut: { cause: 'runaway-process', reason },
});

const isRuntimeThread = (t: ThreadFacts) => isCompilerThread(t) || isGcThread(t);

/** How to see where the loop is, per runtime. */
const profileFixes = (runtime: Runtime | undefined, pid: number | 'PID'): Fix[] => {
  switch (runtime) {
    case 'go':
      return [
        {
          title: 'Take a 10-second CPU profile',
          detail:
            'From the net/http/pprof endpoint (often :6060); go tool pprof -top cpu.pprof names the spinning function. /debug/pprof/goroutine?debug=1 counts goroutines.',
          command: "curl -so cpu.pprof 'http://localhost:6060/debug/pprof/profile?seconds=10'",
          when: 'now',
        },
        {
          title: 'Guard against goroutine leaks',
          detail:
            'Add go.uber.org/goleak (defer goleak.VerifyNone(t)) to the tests of the code that starts goroutines.',
          when: 'properly',
        },
      ];
    case 'jvm':
      return [
        {
          title: 'Find the hot thread and its stack',
          detail: `top -H -p ${pid} names the hot thread; convert its id to hex and find that nid=0x… in a thread dump taken two or three times a few seconds apart.`,
          command: `jstack ${pid}`,
          when: 'now',
        },
      ];
    case 'python':
      return [
        {
          title: 'Dump its stacks',
          detail:
            'py-spy reads the stacks without stopping it; py-spy top shows the hot functions.',
          command: `py-spy dump --pid ${pid}`,
          when: 'now',
        },
      ];
    case 'node':
      return [
        {
          title: 'Profile it briefly',
          detail:
            'Start one instance with node --cpu-prof for a minute (or attach the inspector) and open the .cpuprofile in Chrome DevTools; perf top -p shows native frames meanwhile.',
          command: `perf top -p ${pid}`,
          when: 'now',
        },
      ];
    case 'ruby':
      return [
        {
          title: 'Sample its stacks',
          detail: 'rbspy reads the stacks of a running Ruby process.',
          command: `rbspy record --pid ${pid}`,
          when: 'now',
        },
      ];
    case 'dotnet':
      return [
        {
          title: 'Trace its CPU',
          detail: 'Open the trace in PerfView or speedscope.',
          command: `dotnet-trace collect -p ${pid}`,
          when: 'now',
        },
      ];
    default:
      return [
        {
          title: 'See the hot functions',
          detail: `top -H -p ${pid} shows whether one thread spins or many share the load.`,
          command: `perf top -p ${pid}`,
          when: 'now',
        },
      ];
  }
};

const loopFix: Fix = {
  title: 'Find the loop whose exit does not exit',
  detail:
    'Look at the hot function for a loop that never meets its exit on EOF, error or a closed peer (seed 001: break inside select left only the select; return fixed it), and for code that starts a worker per event without ever stopping it.',
  when: 'properly',
};

const fixesFor = (p: ProcessFacts, runtime: Runtime | undefined): Fix[] => [
  ...profileFixes(runtime, p.pid),
  {
    title: `Restart ${p.name} only as a stopgap`,
    detail: 'It frees the CPU until the same path is taken again.',
    when: 'now',
  },
  loopFix,
];

/** A profile alone names the loop: no process list says which process, or how busy. */
const perfDiagnosis = (loop: PerfLoop): RuleOutcome => ({
  kind: 'diagnosis',
  diagnosis: {
    cause: 'runaway-process',
    confidence: loop.confidence,
    summary:
      loop.percent >= DOMINANT_SYMBOL
        ? `${loop.command ? `${loop.command}: ` : ''}${loop.where} takes ${percent(loop.percent)} of the profile's samples: the CPU goes round one loop in user space.`
        : `The profiled process burns a core in user space (hottest: ${loop.where}): a loop that never blocks.`,
    evidence: [loop.evidence],
    fixes: [
      {
        title: 'Read the hot function with its callers',
        detail:
          'perf annotates the hot instructions and -g shows who calls the loop; see which process it is with top.',
        command: 'perf top -g -p PID',
        when: 'now',
      },
      loopFix,
    ],
  },
});

/** Workers that together pin the CPUs: the pool's own code, or more load than the pool. */
const poolDiagnosis = (facts: Facts, pool: PoolBurn): RuleOutcome => {
  const busiest = pool.group.members[0];
  const pid = busiest?.pid;
  return {
    kind: 'diagnosis',
    diagnosis: {
      cause: 'runaway-process',
      confidence: pool.confidence,
      summary: `${pool.group.members.length} ${pool.group.name} workers together pin every CPU in user time: each request runs code that burns CPU (a loop, a heavy computation), or the load outgrew the pool.`,
      evidence: pool.evidence,
      fixes: [
        ...(pid !== undefined ? profileFixes(runtimeOf(facts, pid), pid) : []),
        {
          title: 'Find the code every request runs',
          detail:
            'Profile one worker while the CPUs are pinned: a function every request enters (a loop left from testing, a regex, a hash of a growing set) is the fix; if the work is legitimate, add CPUs or instances.',
          when: 'properly',
        },
      ],
      ...(pid !== undefined ? { pid } : {}),
    },
  };
};

const judge = (facts: Facts): RuleOutcome => {
  const loop = readPerfLoop(facts);
  if (facts.processes.length === 0)
    return loop ? perfDiagnosis(loop) : { kind: 'no-data', missing: 'per-process CPU (top or ps)' };
  const hot = hottestProcess(facts);
  const pool = readPoolBurn(facts);
  if (!hot || hot.cpuPercent < BUSY_PROCESS) {
    if (pool) return poolDiagnosis(facts, pool);
    return ruledOut(
      hot
        ? `no process uses more than ${ofACore(hot.cpuPercent)} (busiest: ${who(hot)})`
        : 'no user-space process is busy',
    );
  }

  // Kernel-side burn is a syscall storm, not a loop in user code.
  const share = kernelShare(hot);
  if (share !== undefined && share >= KERNEL_HEAVY_SHARE) {
    return ruledOut(
      `${who(hot)} spends ${percent(share)} of its CPU in the kernel: its burn is kernel-side (syscall-storm), not a user-space loop`,
    );
  }
  const trace = facts.syscalls;
  if (trace && trace.pid === hot.pid && trace.seconds) {
    const perCore = trace.totalCalls / trace.seconds / (hot.cpuPercent / 100);
    if (perCore >= MANY_SYSCALLS_PER_CORE) {
      return ruledOut(
        `${who(hot)} makes ${perSecond(trace.totalCalls / trace.seconds)} syscalls at ${ofACore(hot.cpuPercent)}: its burn is a syscall loop (syscall-storm), not user code`,
      );
    }
  }
  const split = measuredSplit(facts);
  const hostShare = split ? hostKernelShare(split) : undefined;
  if (
    share === undefined &&
    split &&
    split.system >= SY_HIGH &&
    (hostShare ?? 0) >= KERNEL_HEAVY_SHARE
  ) {
    return ruledOut(
      `sy ${percent(split.system)} of all CPU (${percent(hostShare ?? 0)} of busy time in the kernel) while ${who(hot)} runs at ${ofACore(hot.cpuPercent)}: the burn is kernel-side (syscall-storm), not a user-space loop`,
    );
  }

  // The runtime's own threads (JIT compiler, GC) are other causes.
  const threads = threadsOf(facts, hot.pid);
  const hottestThread = threads[0];
  const ownThreads = threads.filter((t) => !isRuntimeThread(t));
  const hottestOwn = ownThreads[0];
  if (
    hottestThread &&
    isRuntimeThread(hottestThread) &&
    (hottestOwn?.cpuPercent ?? 0) < BUSY_THREAD
  ) {
    const kind = isCompilerThread(hottestThread)
      ? 'the JIT compiler (jit-warmup)'
      : 'the garbage collector (memory-creep)';
    const own = hottestOwn ? `; its busiest own thread ${percent(hottestOwn.cpuPercent)}` : '';
    return ruledOut(
      `${who(hot)}'s hottest thread is ${kind}: ${hottestThread.name} at ${ofACore(hottestThread.cpuPercent)}${own}`,
    );
  }

  const evidence: Evidence[] = [
    { source: hot.source, text: `${who(hot)} at ${ofACore(hot.cpuPercent)}` },
  ];
  const runtime = runtimeOf(facts, hot.pid);
  const pinned = hot.cpuPercent >= PINNED;

  let confidence = pinned ? 0.5 : 0.3;
  if (share !== undefined) {
    confidence += 0.2;
    evidence.push({
      source: hot.source,
      text: `${percent(100 - share)} of its CPU is user time (user ${percent(hot.userPercent ?? hot.cpuPercent - (hot.systemPercent ?? 0))}, system ${percent(hot.systemPercent ?? 0)} of a core)`,
    });
  } else if (split && facts.cpu && split.system < SY_HIGH && split.user >= 2 * split.system) {
    confidence += 0.1;
    evidence.push({
      source: facts.cpu.source,
      text: `us ${percent(split.user)}, sy ${percent(split.system)} of all CPU`,
    });
  }

  // Corroboration: a spinning thread, few syscalls for the CPU, many cores, many threads.
  const corroboration: Evidence[] = [];
  const spinning = ownThreads.filter((t) => t.cpuPercent >= SPINNING_THREAD);
  const firstSpinning = spinning[0];
  if (firstSpinning) {
    corroboration.push({
      source: firstSpinning.source,
      text:
        spinning.length === 1
          ? `thread ${firstSpinning.name} (tid ${firstSpinning.tid}) at ${percent(firstSpinning.cpuPercent)} of a core`
          : `${count(spinning.length)} threads at ≥ ${percent(SPINNING_THREAD)} of a core each`,
    });
  }
  if (trace && trace.pid === hot.pid && trace.seconds) {
    const perCore = trace.totalCalls / trace.seconds / (hot.cpuPercent / 100);
    if (perCore < FEW_SYSCALLS_PER_CORE) {
      corroboration.push({
        source: trace.source,
        text: `only ${perSecond(trace.totalCalls / trace.seconds)} syscalls for ${ofACore(hot.cpuPercent)}: it computes, it does not call`,
      });
    }
  }
  if (loop && (loop.command === undefined || loop.command === hot.name)) {
    corroboration.push(loop.evidence);
  }
  if ((hot.threads ?? 0) >= MANY_THREADS) {
    corroboration.push({ source: hot.source, text: `${count(hot.threads ?? 0)} threads` });
  }
  // Several cores pinned by one process (seed 001: ~25) count too; the first line already says so.
  const manyCores = hot.cpuPercent >= 2 * PINNED && !firstSpinning ? 1 : 0;
  confidence += Math.min(0.2, 0.1 * (corroboration.length + manyCores));
  evidence.push(...corroboration);

  // A young JVM without per-thread CPU is more likely compiling than looping.
  const youngJvm =
    runtime === 'jvm' &&
    hot.ageSeconds !== undefined &&
    hot.ageSeconds < YOUNG_JVM_SECONDS &&
    threads.length === 0;
  if (youngJvm) confidence = Math.min(confidence, 0.3);
  // Busy but not pinned stays a hint (below the report threshold): load looks the same.
  if (!pinned) confidence = Math.min(confidence, 0.35);

  // A pool pinning every CPU says more than one busy-but-not-pinned member of it.
  if (pool && pool.confidence > confidence && !pinned) return poolDiagnosis(facts, pool);

  const where = firstSpinning
    ? `thread ${firstSpinning.name} spins at ${percent(firstSpinning.cpuPercent)} of a core`
    : `it runs at ${ofACore(hot.cpuPercent)}`;
  const summary = youngJvm
    ? `${who(hot)} burns ${ofACore(hot.cpuPercent)} in user space, but it is a JVM started ${duration(hot.ageSeconds ?? 0)} ago: its JIT may be warming up. Capture top -H -p ${hot.pid} to tell.`
    : pinned
      ? `${who(hot)} burns CPU in user space: ${where}${share !== undefined ? ' with little kernel time' : ''}, like a loop that never exits.`
      : `${who(hot)} is busy (${ofACore(hot.cpuPercent)}) but not pinned: more likely load than a runaway loop.`;
  return {
    kind: 'diagnosis',
    diagnosis: {
      cause: 'runaway-process',
      confidence: Math.round(Math.min(0.9, confidence) * 100) / 100,
      summary,
      evidence,
      fixes: fixesFor(hot, runtime),
      pid: hot.pid,
    },
  };
};

export const runawayProcessRule: Rule<'runaway-process'> = { cause: 'runaway-process', judge };
