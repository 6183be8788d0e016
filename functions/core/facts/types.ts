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
  /** RSS change during the capture, KiB per second (two `ps -o rss` samples). */
  rssGrowthKiBPerSecond?: number;
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
  source: string;
}

export interface SyscallCount {
  name: string;
  calls: number;
  errors: number;
  /** Share of traced syscall time. */
  percentTime?: number;
  /** Calls per second, when the trace's duration is known. */
  perSecond?: number;
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
}

export interface SignalFacts {
  source: string;
  /** Deliveries per signal name (`--- SIGPROF {…} ---` lines). */
  counts: Record<string, number>;
  seconds?: number;
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
  source: string;
}

export interface KernelEvent {
  kind: 'oom-kill' | 'oom-invoked' | 'hung-task' | 'soft-lockup' | 'kswapd' | 'mem-info';
  pid?: number;
  process?: string;
  rssKiB?: number;
  line: string;
  source: string;
}

export interface DiskFacts {
  device: string;
  utilPercent?: number;
  awaitMs?: number;
}

export interface IoFacts {
  /** PSI io `some`/`full` avg10. */
  pressureSome10?: number;
  pressureFull10?: number;
  /** Processes in uninterruptible sleep (`D`) seen in ps/top. */
  uninterruptible: { pid: number; name: string }[];
  disks: DiskFacts[];
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
  /** Share of samples in kernel symbols (`[k]`). */
  kernelPercent: number;
  topSymbols: { symbol: string; percent: number; kernel: boolean; command?: string }[];
  source: string;
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

export interface Facts {
  host?: string;
  capturedAt?: string;
  /** Logical CPUs on the host. */
  cpus?: number;
  uptimeSeconds?: number;
  load?: LoadFacts;
  cpu?: CpuFacts;
  /** Busiest first. */
  processes: ProcessFacts[];
  /**
   * The process a person asked about (`local --pid`, `demo`): rules judge it before the
   * host's busiest when it shows the symptom too.
   */
  focusPid?: number;
  /** Busiest first (from `top -H`, pidstat -t, or jstack cpu=). */
  threads: ThreadFacts[];
  syscalls?: SyscallFacts;
  signals?: SignalFacts;
  memory?: MemoryFacts;
  kernelEvents: KernelEvent[];
  io?: IoFacts;
  instance?: InstanceFacts;
  credits?: CreditFacts;
  /** CloudWatch agent `mem_used_percent`, oldest first. */
  memoryTrend?: MetricSeries;
  perf?: PerfFacts;
  runtimes: RuntimeFacts[];
  agents: HostAgent[];
  /** The capture script's own notes (`skipped: strace not installed`, `deep: …`). */
  notes: string[];
  /** Contradictions between blocks, and which one was believed. */
  conflicts: string[];
}
