/**
 * Small readings of CPU facts shared by the three CPU-burn rules (syscall-storm,
 * runaway-process, jit-warmup): which process is hot, how much of its CPU is kernel time,
 * which threads are the runtime's own. Pure; no wording beyond naming a process.
 */

import type { CpuSplit, Facts, ProcessFacts, Runtime, ThreadFacts } from '../../facts/types.js';
import { percent } from './words.js';

/** Percent of one core from which a process counts as busy (and below which nothing runs away). */
export const BUSY_PROCESS = 50;

/**
 * Kernel share of a busy process from which its CPU is kernel-side. Seed 000's node spent
 * ~39% of its CPU in the kernel (sy 37.1 of 96.5 busy); a process spinning on pipe reads
 * (LACT issue 831) 35%. Ordinary servers stay well under 20%.
 */
export const KERNEL_HEAVY_SHARE = 30;

/**
 * Kernel threads: all their time is system time and they make no syscalls, so they are
 * never a user-space loop nor a syscall storm (kswapd at 100% is memory reclaim). Their
 * names are set by the kernel, not chosen by whoever started a process.
 */
const KERNEL_THREAD =
  /^(?:kswapd|kworker\/|ksoftirqd\/|kcompactd|khugepaged|kthreadd|migration\/|rcu_|jbd2\/|watchdog\/|irq\/|kauditd|kblockd)/;

export const isKernelThread = (p: ProcessFacts): boolean => KERNEL_THREAD.test(p.name);

/** `node-20 (pid 2872)`. */
export const who = (p: { name: string; pid: number }): string => `${p.name} (pid ${p.pid})`;

/** `87% of a core`; a process on several cores says so: `2480% of a core (about 25 cores)`. */
export const ofACore = (cpuPercent: number): string =>
  cpuPercent >= 190
    ? `${percent(cpuPercent)} of a core (about ${Math.round(cpuPercent / 100)} cores)`
    : `${percent(cpuPercent)} of a core`;

/** The busiest user-space process, if any. */
export const hottestProcess = (facts: Facts): ProcessFacts | undefined => {
  const candidates = facts.processes.filter((p) => !isKernelThread(p));
  // The process a person asked about comes first when it is busy itself.
  const focus = candidates.find((p) => p.pid === facts.focusPid && p.cpuPercent >= BUSY_PROCESS);
  return (
    focus ??
    candidates.reduce<ProcessFacts | undefined>(
      (a, p) => (a && a.cpuPercent >= p.cpuPercent ? a : p),
      undefined,
    )
  );
};

/** Share of a process's CPU spent in the kernel, 0–100, when its user/system split is known. */
export const kernelShare = (p: ProcessFacts): number | undefined => {
  if (p.systemPercent === undefined) return undefined;
  const total = p.userPercent !== undefined ? p.userPercent + p.systemPercent : p.cpuPercent;
  return total > 0 ? (100 * p.systemPercent) / total : undefined;
};

/**
 * The host's CPU split when one was measured: htop's bars (`busyOnly`) say how busy the CPUs
 * were, not how that time splits into user, system, iowait and steal.
 */
export const measuredSplit = (facts: Facts): CpuSplit | undefined =>
  facts.cpu?.busyOnly ? undefined : facts.cpu?.split;

/** Share of the host's busy (user + nice + system) time that is system time, 0–100. */
export const hostKernelShare = (split: CpuSplit): number | undefined => {
  const busy = split.user + split.nice + split.system;
  return busy >= 1 ? (100 * split.system) / busy : undefined;
};

/**
 * A fifth of a core of pure kernel time is a lot for one process even when its total stays
 * under BUSY_PROCESS (a signal storm on a small host: 0.47 cores, 48% of it in the kernel).
 */
export const KERNEL_BUSY_PROCESS = 20;

/** Busy user-space processes whose user/system split is known, most kernel-heavy first. */
export const kernelShares = (facts: Facts): { process: ProcessFacts; share: number }[] =>
  facts.processes
    .filter(
      (p) =>
        !isKernelThread(p) &&
        (p.cpuPercent >= BUSY_PROCESS || (p.systemPercent ?? 0) >= KERNEL_BUSY_PROCESS),
    )
    .flatMap((p) => {
      const share = kernelShare(p);
      return share === undefined ? [] : [{ process: p, share }];
    })
    // The process a person asked about first when it is kernel-heavy itself (else host-wide
    // system time would be pinned on it), then the most kernel-heavy.
    .sort((a, b) => focusFirst(facts, b) - focusFirst(facts, a) || b.share - a.share);

const focusFirst = (facts: Facts, entry: { process: ProcessFacts; share: number }): number =>
  Number(entry.process.pid === facts.focusPid && entry.share >= KERNEL_HEAVY_SHARE);

/**
 * Threads of a process, busiest first. Threads whose process is unknown are the capture's
 * `top -H -p PID` of the busiest process, so they are counted as the busiest process's.
 */
export const threadsOf = (facts: Facts, pid: number): ThreadFacts[] => {
  const busiest = hottestProcess(facts)?.pid;
  return facts.threads
    .filter(
      (t) => t.pid === pid || (t.pid === undefined && (busiest === undefined || busiest === pid)),
    )
    .sort((a, b) => b.cpuPercent - a.cpuPercent);
};

/**
 * HotSpot's JIT compiler threads: `C2 CompilerThread0` (the kernel cuts names to 15 chars:
 * `C2 CompilerThre`), `C1 CompilerThre`, Graal's `JVMCI CompilerThread0` (`JVMCI CompilerT`).
 */
export const isCompilerThread = (t: Pick<ThreadFacts, 'name'>): boolean =>
  /^(?:C[12]|JVMCI) Compiler/.test(t.name);

/**
 * HotSpot's garbage-collector and safepoint threads: `GC Thread#0`, `G1 Conc#0`,
 * `G1 Refine#0`, `G1 Main Marker`, `VM Thread`, ZGC's `ZWorker#0`, Shenandoah's workers,
 * Parallel GC's `GC task thread#0` (jstack's full name).
 */
export const isGcThread = (t: Pick<ThreadFacts, 'name'>): boolean =>
  /^(?:GC Thread|GC task thread|G1 |VM Thread|ZWorker|ZDriver|ZDirector|Shenandoah|Gang worker|Parallel GC)/.test(
    t.name,
  );

/** The runtime a process runs on, when the facts recognised one. */
export const runtimeOf = (facts: Facts, pid: number): Runtime | undefined =>
  facts.runtimes.find((r) => r.pid === pid)?.runtime;

/**
 * Kernel symbols of the syscall path itself: entry, exit and the `sys_*` handlers' wrappers
 * (x86-64, i386 and arm64 names, old and new kernels). When they lead a profile the process
 * makes syscalls that do almost nothing: the crossing costs more than the work (LACT issue 831:
 * 55% of samples in entry_SYSCALL_64, entry_SYSRETQ_unsafe_stack and syscall_return_via_sysret).
 */
export const SYSCALL_PATH_SYMBOL =
  /^(?:entry_SYSCALL|entry_SYSRETQ|entry_INT80|syscall_return_via_sysret|do_syscall_64|do_fast_syscall_32|__x64_sys_|__ia32_sys_|__arm64_sys_|__se_sys_|__do_sys_|el0_svc|invoke_syscall|system_call|sysret_check|syscall_exit_to_user_mode|exit_to_user_mode|ret_from_sys_call|int_ret_from_sys_call|sys_[a-z])/;

/**
 * Kernel lock spinning: the slow path of a spin lock or of a contended mutex (StackOverflow
 * 13293452: `_spin_lock` at 50.73% behind a 700-thread process's contended futexes).
 */
export const SPIN_LOCK_SYMBOL =
  /(?:^|_)spin_lock|queued_spin_lock_slowpath|osq_lock|mutex_spin_on_owner|rwsem_spin_on_owner/;

/**
 * User-space symbols of a runtime's own machinery — its JIT compiler, garbage collector or
 * interpreter's compile queue — whose burn is jit-warmup's or memory-creep's, not a loop in the
 * application's code. HotSpot (`PhaseIdealLoop::…`, `G1ParScanThreadState::…`, `SpinPause` of
 * the GC workers), V8 (`v8::internal::Heap…`, `Scavenger`), Go (`runtime.gcBgMarkWorker`,
 * `runtime.scanobject`) and perf's `[JIT]` objects are named so.
 */
const RUNTIME_SYMBOL =
  /^(?:Phase[A-Z]|C2Compiler|Compile::|CompileBroker|G1[A-Z]|GCTask|ParallelTask|PSPromotion|PSScavenge|ZMark|ZRelocate|ShenandoahMark|SpinPause|v8::internal::(?:Heap|Scavenger|MarkCompact|Compiler|compiler::|maglev|Sweeper)|runtime\.(?:gcBgMarkWorker|gcDrain|scanobject|markroot|greyobject|findObject|mallocgc|sweepone|bgsweep))/;

export const isRuntimeSymbol = (s: { symbol: string; object?: string; command?: string }) =>
  RUNTIME_SYMBOL.test(s.symbol) ||
  /^\[JIT\]/.test(s.object ?? '') ||
  (s.command !== undefined &&
    (isCompilerThread({ name: s.command }) || isGcThread({ name: s.command })));

/** Percent of the profile's listed samples whose kernel symbol passes `test`. */
export const perfKernelShare = (facts: Facts, test: RegExp): number =>
  (facts.perf?.topSymbols ?? [])
    .filter((s) => s.kernel && test.test(s.symbol))
    .reduce((a, s) => a + s.percent, 0);

/** Same-named user-space processes (a worker pool: php-fpm, gunicorn, puma workers). */
export interface WorkerGroup {
  name: string;
  members: ProcessFacts[];
  /** Their CPU together, percent of one core. */
  cpuPercent: number;
}

/** Same-named user-space processes with two members or more, the busiest group first. */
export const workerGroups = (facts: Facts): WorkerGroup[] => {
  const byName = new Map<string, ProcessFacts[]>();
  for (const p of facts.processes) {
    if (isKernelThread(p)) continue;
    byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  }
  return [...byName.entries()]
    .filter(([, members]) => members.length >= 2)
    .map(([name, members]) => ({
      name,
      members: [...members].sort((a, b) => b.cpuPercent - a.cpuPercent),
      cpuPercent: members.reduce((a, p) => a + p.cpuPercent, 0),
    }))
    .sort((a, b) => b.cpuPercent - a.cpuPercent);
};
