/**
 * Facts: one normalised view of a capture, derived from whichever blocks it has. Rules read
 * only this, never the blocks, so a fact means the same whether it came from `top`, `vmstat`
 * or `mpstat`. Every group names its `source` (the block's command) for evidence lines.
 * Percentages are 0–100. CPU of a process or thread is in percent of ONE core, as `top`
 * shows it (a process spinning on two cores is 200). Memory is in KiB; durations in seconds.
 */
import type { BurstableSpec } from '../burstable.js';

export interface CpuSplit {
  user: number;
  system: number;
  nice: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export interface CpuFacts {
  /** The split of all CPUs the rules should believe (the average of the steady samples). */
  split: CpuSplit;
  source: string;
  /** The kind of block the split came from, for wording ("a single iostat report"). */
  origin?: 'vmstat' | 'mpstat' | 'sar' | 'iostat' | 'top';
  /** How many samples `split` averages; 1 when only a single `top` frame was there (weak). */
  samples: number;
  /** The samples over time, oldest first (vmstat rows, top frames). */
  series: CpuSplit[];
  /** Average run queue (vmstat `r`) and blocked (`b`) processes, when known. */
  runQueue?: number;
  blocked?: number;
  contextSwitchesPerSecond?: number;
  interruptsPerSecond?: number;
  /**
   * The source gave only how busy the CPUs were (htop's bars), not the split: `user` then holds
   * the whole busy share and `system` is 0 because it is unknown, not because it was measured.
   */
  busyOnly?: boolean;
}

export interface LoadFacts {
  load1: number;
  load5: number;
  load15: number;
  source: string;
}

export interface ProcessFacts {
  pid: number;
  /** Short name (`comm`), e.g. `node-20`, `java`, `gunicorn`. */
  name: string;
  /** Full command line, redacted on the host. */
  command?: string;
  user?: string;
  /** Percent of one core (top's %CPU from its last frame, else ps). */
  cpuPercent: number;
  /** Split of that CPU into user and kernel time, percent of one core, from two /proc/PID/stat samples (or pidstat). */
  userPercent?: number;
  systemPercent?: number;
  threads?: number;
  rssKiB?: number;
  /**
   * RSS change during the capture, KiB per second: two `ps -o rss` samples timed by their
   * `@ TIME` headers, or by the process's own `etimes`/ELAPSED when pasted without them.
   */
  rssGrowthKiBPerSecond?: number;
  /** RSS in each `ps` sample that listed the process, oldest first (order only when untimed). */
  rssSeriesKiB?: number[];
  /** How long the process has been running. */
  ageSeconds?: number;
  /** ps/top state letter(s): R, S, D, Z… */
  state?: string;
  /** Signals it has handlers for (`SigCgt`), e.g. `SIGPROF`. */
  caughtSignals?: string[];
  /** Allow-listed environment (profiler and runtime flags only). */
  env?: Record<string, string>;
  voluntaryContextSwitches?: number;
  involuntaryContextSwitches?: number;
  /** Where the CPU figure came from. */
  source: string;
}

export interface ThreadFacts {
  tid: number;
  /** The process the thread belongs to, when known. */
  pid?: number;
  /** Thread name as the kernel shows it (15 chars): `C2 CompilerThre`, `G1 Conc#0`, `node`. */
  name: string;
  cpuPercent: number;
  /**
   * The seconds `cpuPercent` averages over, when it is not a sample of now: a thread dump's
   * `cpu=` ÷ `elapsed=` is the thread's lifetime average (then this is its age), two dumps give
   * the rate between them (then this is their distance).
   */
  cpuOverSeconds?: number;
  source: string;
}

export interface SyscallCount {
  name: string;
  calls: number;
  errors: number;
  /** Share of traced syscall time. */
  percentTime?: number;
  /**
   * `strace -c`'s usecs/call: system time per call, or time inside the call with `-w`. A wait
   * that blocked shows milliseconds with `-w`; one that returns at once a few microseconds.
   */
  usecsPerCall?: number;
  /** Calls per second, when the trace's duration is known. */
  perSecond?: number;
  /** Errors by errno name (raw traces only; `strace -c` does not tell them apart). */
  errnos?: Record<string, number>;
  /** Waits whose timeout was zero (`poll(…, 0)`), raw traces only: they cannot block. */
  zeroTimeout?: number;
}

/**
 * The same few calls over and over in a raw trace (facts/syscall-loop.ts): one turn, how often
 * it came round, and why each turn returns at once when its lines say so.
 */
export interface SyscallLoopFacts {
  /** The raw trace's block. */
  source: string;
  pid?: number;
  /** One turn of the loop, in order: `['read', 'epoll_wait']`. */
  calls: string[];
  /** Whole turns seen. */
  turns: number;
  /** Percent of the trace's call lines the turns make up. */
  share: number;
  /** Turns per second, when the lines had timestamps. */
  perSecond?: number;
  /** Why each turn returns at once, when its lines show it and no call in it waited. */
  immediate?: string;
  /** A read in the turn brought data: the loop does work each turn. */
  readsData?: boolean;
}

export interface SyscallFacts {
  /** The traced process. */
  pid?: number;
  source: string;
  /** How long the trace ran, when known (the capture's `strace` duration). */
  seconds?: number;
  totalCalls: number;
  totalErrors: number;
  /** All rows, most calls first. */
  syscalls: SyscallCount[];
  /**
   * What the counts came from: `strace -c`'s table, or raw lines (`strace -p`) counted. A raw
   * trace is usually a pasted screenful: its rate (under ptrace, which slows each call
   * many-fold) is a floor, and its shares say more than its counts.
   */
  traced?: 'summary' | 'raw';
  /** Percent of calls that failed (all errnos). */
  errorShare?: number;
  /** Raw traces: percent of calls that were waits with a zero timeout (`epoll_wait(5, [], 1024, 0)`). */
  zeroTimeoutShare?: number;
  /**
   * Raw traces: percent of calls that returned at once having done nothing — zero-timeout
   * waits, `EAGAIN`/`EWOULDBLOCK` failures (a non-blocking read or a `FUTEX_WAIT` whose value
   * changed) and `sched_yield`. Most of a trace so is a spin loop, whatever the call names.
   */
  spinShare?: number;
}

export interface SignalFacts {
  source: string;
  /** Deliveries per signal name (`--- SIGPROF {…} ---` lines). */
  counts: Record<string, number>;
  seconds?: number;
}

/** A rate counted without slowing the process, and how. */
export interface KernelRate {
  perSecond: number;
  /** The span the counts cover. */
  seconds: number;
  source: string;
  /** `perf stat raw_syscalls:sys_enter …`, `syscr + syscw deltas …`. */
  method: string;
}

/** Where a process's threads sat across the samples: `futex (futex_do_wait)`, `running`. */
export interface ThreadState {
  state: string;
  /** Share of thread-samples, 0–1. */
  share: number;
  samples: number;
}

/**
 * What a process did at full speed, from counters that do not trace it (`/proc/PID/io`,
 * `/proc/PID/status`, `perf stat`). Unlike `SyscallFacts` (strace, which slows the process it
 * counts), these are the real rates.
 */
export interface ProcessKernelRates {
  pid: number;
  /** All syscalls (perf), or only the read and write families (`/proc/PID/io`): `lowerBound`. */
  syscalls?: KernelRate & { lowerBound: boolean };
  readsPerSecond?: number;
  writesPerSecond?: number;
  /** Signal deliveries per second. */
  signals?: KernelRate;
  switches?: { voluntaryPerSecond: number; involuntaryPerSecond: number; source: string };
  threadStates?: ThreadState[];
}

export interface MemoryFacts {
  totalKiB: number;
  availableKiB: number;
  availablePercent: number;
  swapTotalKiB?: number;
  swapUsedKiB?: number;
  /** vmstat si/so averages, KiB/s. */
  swapInPerSecond?: number;
  swapOutPerSecond?: number;
  /** PSI memory `some`/`full` avg10, percent of time stalled. */
  pressureSome10?: number;
  pressureFull10?: number;
  /** Available memory in each sample of the same command (`free` pasted three times), oldest first. */
  availableSeriesKiB?: number[];
  source: string;
}

export interface KernelEvent {
  kind: 'oom-kill' | 'oom-invoked' | 'hung-task' | 'soft-lockup' | 'kswapd' | 'mem-info';
  /** oom-kill by a user-space killer acting on memory pressure; absent for the kernel's OOM killer. */
  killer?: 'systemd-oomd' | 'earlyoom';
  /** The systemd unit the killed process belonged to, when the log named it. */
  unit?: string;
  pid?: number;
  process?: string;
  rssKiB?: number;
  line: string;
  source: string;
}

export interface DiskFacts {
  device: string;
  utilPercent?: number;
  /** `await` (sysstat < 12), else the larger of `r_await` and `w_await`. */
  awaitMs?: number;
  /** `r_await` / `w_await`: ms a read / write took, queueing included. */
  readAwaitMs?: number;
  writeAwaitMs?: number;
  /** `avgqu-sz` (sysstat < 12) or `aqu-sz`: requests in flight on average. */
  queueSize?: number;
}

export interface IoFacts {
  /** PSI io `some`/`full` avg10. */
  pressureSome10?: number;
  pressureFull10?: number;
  /** Processes in uninterruptible sleep (`D`) seen in ps/top. */
  uninterruptible: { pid: number; name: string }[];
  disks: DiskFacts[];
  /** What reached the disks per second (iotop's `Actual`/`Current DISK READ/WRITE`, else `Total`). */
  diskReadKiBPerSecond?: number;
  diskWriteKiBPerSecond?: number;
  /** iotop's tasks doing IO, most time waiting on IO (`IO>`) first. */
  ioTasks?: IoTaskFacts[];
  source: string;
}

export interface IoTaskFacts {
  /** TID (iotop's default) or PID (`iotop -P`). */
  id: number;
  thread: boolean;
  name: string;
  /** Share of its time the task waited on IO (`IO>`), when the kernel keeps delay accounting. */
  ioPercent?: number;
  /** KiB/s; absent when iotop showed amounts since it started (`-a`). */
  readKiBPerSecond?: number;
  writeKiBPerSecond?: number;
  source: string;
}

export interface SeriesPoint {
  /** ISO 8601. */
  at: string;
  value: number;
}

export interface MetricSeries {
  label: string;
  /** Oldest first. */
  points: SeriesPoint[];
  source: string;
}

export interface InstanceFacts {
  id?: string;
  type?: string;
  /** Set for t2/t3/t3a/t4g types. */
  burstable?: BurstableSpec;
  /** Where the mode came from matters: a family default is a guess the card must say. */
  creditMode?: {
    value: 'standard' | 'unlimited';
    from: 'describe-instance-credit-specifications' | 'metadata' | 'family default';
  };
  launchTime?: string;
  /** Hours since launch at capture time. */
  ageHours?: number;
  beanstalkEnvironment?: string;
  autoScalingGroup?: string;
  source: string;
}

export interface CreditFacts {
  balance?: MetricSeries;
  surplusBalance?: MetricSeries;
  surplusCharged?: MetricSeries;
  cpuUtilization?: MetricSeries;
}

export interface PerfFacts {
  /** Share of samples in kernel symbols (`[k]`, or a Go syscall wrapper). */
  kernelPercent: number;
  /** Hottest first, by the symbol's own share of the samples. */
  topSymbols: {
    symbol: string;
    percent: number;
    kernel: boolean;
    command?: string;
    /** The shared object (`libtorrent.so.47.0.0`, `[kernel]`), when perf printed it. */
    object?: string;
  }[];
  /** CPU the profiled process used over the profile, percent of one core (pprof states it). */
  busyPercent?: number;
  source: string;
}

/**
 * What a JVM's JIT compiler was doing, from PrintCompilation / OpenJ9 verbose logs, jstat,
 * `jcmd Compiler.queue` or CITime (tool `jit-log`), with the JVM's age from the same log or a
 * thread dump. Every figure is optional: each output tells part of it.
 */
export interface JitFacts {
  source: string;
  /** The JVM, when a command named it (`jstat -compiler 8086`). */
  pid?: number;
  /**
   * Compilations seen over {@link seconds}: log lines between the first and last timestamp,
   * or the growth of jstat's `Compiled` counter between samples.
   */
  compilations?: number;
  seconds?: number;
  /** compilations ÷ seconds. Over a span under a second this is a burst, not a rate. */
  perSecond?: number;
  /** Seconds spent compiling since the JVM started (or in the logged compilations). */
  compileSeconds?: number;
  /** Methods compiled since the JVM started, as a counter or a summary printed it. */
  totalCompiled?: number;
  /** Methods waiting to be compiled, and the most that waited at once. */
  queueLength?: number;
  queuePeak?: number;
  failures: number;
  /** `made not entrant`: compiled code thrown away, to be compiled again. */
  deoptimizations: number;
  /** How long the JVM had run: the last PrintCompilation time, or a thread dump's `elapsed=`. */
  jvmAgeSeconds?: number;
  /**
   * compileSeconds ÷ jvmAgeSeconds × 100: the average share of one core the JIT took over the
   * JVM's life (HotSpot's compile time is wall time of the compiler threads, so roughly CPU).
   */
  compilePercentOfAge?: number;
}

export type Runtime = 'jvm' | 'node' | 'python' | 'go' | 'ruby' | 'dotnet';

export interface RuntimeFacts {
  pid: number;
  runtime: Runtime;
  /** Profilers seen in its flags or environment, each with what showed it. */
  profilers: { name: string; evidence: string; source: string }[];
}

/** A monitoring agent on the host whose in-process libraries can profile the app. */
export interface HostAgent {
  name: string;
  /** What showed it: `user dd-agent runs agent, trace-agent`. */
  evidence: string;
  source: string;
}

/** A thread a person looked up by its id in a thread dump (`jstack PID | grep 0x48`). */
export interface LookedUpThread {
  name: string;
  /** The id as jstack prints it in `nid=0x…`: the kernel's thread id. */
  nid: number;
  /** The JVM's pid, when the command names it (`jstack 28`). */
  pid?: number;
  source: string;
}

/** What a change was: how the rules and the card tell them apart. */
export type ChangeKind = 'deploy' | 'config' | 'scaling' | 'launch' | 'process-start' | 'api-call';

/** Something that changed before the alarm (facts/changes.ts): context, never a cause. */
export interface Change {
  /** ISO 8601, UTC. */
  at: string;
  kind: ChangeKind;
  /** `app-v42: New application version was deployed to running EC2 instances.` */
  what: string;
  /** Who, when the source says (CloudTrail's user name). */
  by?: string;
  /** The process that started (`process-start`). */
  pid?: number;
  source: string;
}

export interface Facts {
  host?: string;
  capturedAt?: string;
  /** When the alarm fired (ISO 8601), when the caller or the capture's `alarm-at` said. */
  alarmAt?: string;
  /** Logical CPUs on the host. */
  cpus?: number;
  uptimeSeconds?: number;
  /** `uname -r`'s release: `5.10.198-187.748.amzn2.aarch64`. */
  kernelRelease?: string;
  load?: LoadFacts;
  cpu?: CpuFacts;
  /** Busiest first. */
  processes: ProcessFacts[];
  /**
   * Set (to the listing's source) when the processes come only from a filtered listing
   * (`ps aux | grep java`, rows pasted without their header): not every process on the host.
   */
  partialProcessList?: string;
  /**
   * The process a person asked about (`local --pid`, `demo`): rules judge it before the
   * host's busiest when it shows the symptom too.
   */
  focusPid?: number;
  /** Busiest first (from `top -H`, pidstat -t, or jstack cpu=). */
  threads: ThreadFacts[];
  /** Threads looked up by id in a dump, as after top -H: the hot one, though no CPU is shown. */
  lookedUpThreads?: LookedUpThread[];
  syscalls?: SyscallFacts;
  /** A repeated-call loop in a raw trace. */
  syscallLoop?: SyscallLoopFacts;
  signals?: SignalFacts;
  /** Per-process syscall and signal rates counted without tracing (see ProcessKernelRates). */
  syscallRates?: ProcessKernelRates[];
  memory?: MemoryFacts;
  kernelEvents: KernelEvent[];
  io?: IoFacts;
  instance?: InstanceFacts;
  credits?: CreditFacts;
  /** CloudWatch agent `mem_used_percent`, oldest first. */
  memoryTrend?: MetricSeries;
  perf?: PerfFacts;
  /** JIT compiler activity, when a JIT log, jstat or Compiler.queue was pasted. */
  jit?: JitFacts;
  runtimes: RuntimeFacts[];
  agents: HostAgent[];
  /** What changed in the 2 hours before the alarm (or the capture), oldest first. */
  changes?: Change[];
  /** The capture script's own notes (`skipped: strace not installed`, `deep: …`). */
  notes: string[];
  /** Contradictions between blocks, and which one was believed. */
  conflicts: string[];
}
