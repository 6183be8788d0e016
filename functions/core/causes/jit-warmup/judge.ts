/**
 * jit-warmup: a young JVM compiling its hot code (seed 004: right after a deploy, `top -H`
 * shows `C2 CompilerThread` at 50–90% of a core while each of 40 workers uses 1–3%). Reads
 * per-thread CPU and the process's age; busy GC threads are pointed out, not diagnosed.
 */

import type { Evidence, Fix, RuleOutcome } from '../../diagnosis.js';
import type { Facts, ProcessFacts, ThreadFacts } from '../../facts/types.js';
import {
  BUSY_PROCESS,
  isCompilerThread,
  isGcThread,
  ofACore,
  threadsOf,
  who,
} from '../shared/cpu-burn.js';
import type { Rule } from '../shared/rule.js';
import { duration, percent } from '../shared/words.js';

/**
 * Compiler threads' CPU (sum, percent of one core) from which the JIT is hot. Idle compiler
 * threads sit at 0–1%; occasional recompiles in a warm JVM stay in single digits; seed 004's
 * C2 ran at 50–90%.
 */
const COMPILER_HOT = 30;
/** Below this the compiler threads are cold. */
const COMPILER_COLD = 10;
/** Warm-up under load lasts minutes; a JVM younger than this is warming up. */
const YOUNG_SECONDS = 30 * 60;
/** Past this a JVM is warm: a hot JIT then is a deoptimisation loop or a full code cache. */
const OLD_SECONDS = 6 * 3600;
/** GC threads' CPU (sum, percent of one core) worth pointing out. */
const GC_HOT = 50;

const ruledOut = (reason: string): RuleOutcome => ({
  kind: 'ruled-out',
  ruledOut: { cause: 'jit-warmup', reason },
});

const sumCpu = (threads: ThreadFacts[]) => threads.reduce((a, t) => a + t.cpuPercent, 0);

/** `C2 CompilerThre (tid 41) at 85% of a core`, or `2 compiler threads at 120% of a core`. */
const threadsText = (threads: ThreadFacts[], what: string): string => {
  const first = threads[0];
  if (!first) return `no ${what} threads`;
  return threads.length === 1
    ? `${first.name} (tid ${first.tid}) at ${ofACore(first.cpuPercent)}`
    : `${threads.length} ${what} threads at ${ofACore(sumCpu(threads))} (hottest ${first.name} ${percent(first.cpuPercent)})`;
};

/**
 * The JVMs in the capture: those the facts recognised, and those whose threads carry HotSpot's
 * compiler names (thread names are set by the JVM itself).
 */
const jvms = (facts: Facts): ProcessFacts[] => {
  const pids = new Set(facts.runtimes.filter((r) => r.runtime === 'jvm').map((r) => r.pid));
  for (const t of facts.threads) {
    if (!isCompilerThread(t)) continue;
    const owner = t.pid ?? facts.processes[0]?.pid;
    if (owner !== undefined) pids.add(owner);
  }
  return facts.processes.filter((p) => pids.has(p.pid));
};

/** The process's age; a host younger than the limit bounds every process on it. */
const ageOf = (facts: Facts, p: ProcessFacts): number | undefined =>
  p.ageSeconds ??
  (facts.uptimeSeconds !== undefined && facts.uptimeSeconds < YOUNG_SECONDS
    ? facts.uptimeSeconds
    : undefined);

const warmUpFixes = (p: ProcessFacts): Fix[] => [
  {
    title: 'Let it finish, or hold traffic back for the first minutes',
    detail: `Compilation ends once the hot methods are compiled and the CPU falls by itself. Keep ${who(p)} out of the load balancer until then (readiness delay, ALB target group slow_start.duration_seconds), or give it more CPU for its first minutes.`,
    when: 'now',
  },
  {
    title: 'Warm it up before it takes traffic',
    detail:
      'Replay representative requests before the readiness check passes, enough to cross the C2 thresholds (seed 004 sent 10 rounds of 5,000 test notifications; the compiler went quiet after 7–8).',
    when: 'properly',
  },
  {
    title: 'Weigh -XX:TieredStopAtLevel=1',
    detail:
      'C1 only: little compile CPU and a fast start, but lower peak throughput for the life of the process. Fewer compiler threads (-XX:CICompilerCount) spread the same work over longer.',
    command: '-XX:TieredStopAtLevel=1',
    when: 'properly',
  },
  {
    title: 'Start from a CDS archive or an AOT cache',
    detail:
      'Class data sharing (-XX:SharedArchiveFile, made with -XX:ArchiveClassesAtExit) starts faster; the JDK 24+ AOT cache (-XX:AOTCache) also carries method profiles from JDK 25, so C2 starts sooner.',
    when: 'properly',
  },
];

const lateJitFixes = (p: ProcessFacts): Fix[] => [
  {
    title: 'Check the code cache',
    detail:
      'A full code cache makes the JIT flush and recompile (the log says "CodeCache is full"); raise -XX:ReservedCodeCacheSize if so.',
    command: `jcmd ${p.pid} Compiler.codecache`,
    when: 'now',
  },
  {
    title: 'Look for a deoptimisation loop',
    detail:
      'Run with -Xlog:jit+compilation=debug (or -XX:+PrintCompilation) for a while and look for the same methods compiled again and again ("made not entrant").',
    when: 'properly',
  },
];

const judge = (facts: Facts): RuleOutcome => {
  const candidates = jvms(facts);
  if (candidates.length === 0) return { kind: 'not-applicable', reason: 'no JVM in the capture' };

  // The JVM whose compiler threads are hottest, else the busiest JVM.
  const judged = candidates
    .map((p) => {
      const threads = threadsOf(facts, p.pid);
      return {
        p,
        threads,
        compilers: threads.filter(isCompilerThread),
        gc: threads.filter(isGcThread),
      };
    })
    .sort((a, b) => sumCpu(b.compilers) - sumCpu(a.compilers) || b.p.cpuPercent - a.p.cpuPercent);
  const best = judged[0];
  if (!best) return { kind: 'not-applicable', reason: 'no JVM in the capture' };
  const { p, threads, compilers, gc } = best;
  const age = ageOf(facts, p);
  const ageText = age !== undefined ? `${who(p)} has run ${duration(age)}` : undefined;

  if (threads.length === 0) {
    if (p.cpuPercent < BUSY_PROCESS) {
      return ruledOut(`${who(p)} uses ${ofACore(p.cpuPercent)}: its JIT is not what burns the CPU`);
    }
    if (age !== undefined && age >= OLD_SECONDS) {
      return ruledOut(`${ageText}: long past warm-up`);
    }
    return {
      kind: 'no-data',
      missing: `per-thread CPU of ${who(p)} (top -b -H -n 2 -d 1 -p ${p.pid})`,
    };
  }

  const compilerCpu = sumCpu(compilers);
  const gcCpu = sumCpu(gc);
  const gcBusy = gcCpu >= GC_HOT;
  const gcText = threadsText(gc, 'GC');
  const gcPointer = gcBusy
    ? ` GC threads are busy too (${gcText}): look at memory pressure (memory-creep).`
    : '';

  if (compilerCpu < COMPILER_COLD) {
    const cold = `compiler threads at ${percent(compilerCpu)} of a core`;
    const busiest = gcBusy ? `; the hot threads are GC threads (${gcText}) — see memory-creep` : '';
    return ruledOut(`${[ageText, cold].filter(Boolean).join('; ')}${busiest}`);
  }

  const source = compilers[0]?.source ?? p.source;
  const evidence: Evidence[] = [{ source, text: threadsText(compilers, 'compiler') }];
  const workers = threads.filter((t) => !isCompilerThread(t) && !isGcThread(t));
  const busiestWorker = workers[0];
  if (busiestWorker) {
    evidence.push({
      source: busiestWorker.source,
      text: `busiest other thread ${busiestWorker.name} at ${percent(busiestWorker.cpuPercent)} of a core`,
    });
  }
  if (age !== undefined) {
    evidence.push({
      source: p.ageSeconds !== undefined ? p.source : 'uptime',
      text: `${who(p)} started ${duration(age)} ago`,
    });
  }
  if (gcBusy) evidence.push({ source: gc[0]?.source ?? p.source, text: gcText });

  // Among the hottest: a compiler thread leads, or the compilers hold a quarter of the threads' CPU.
  const leads = threads[0] !== undefined && isCompilerThread(threads[0]);
  const amongHottest = leads || compilerCpu >= 0.25 * sumCpu(threads);
  const hot = compilerCpu >= COMPILER_HOT;
  const young = age !== undefined && age < YOUNG_SECONDS;
  const old = age !== undefined && age >= OLD_SECONDS;

  let confidence = !hot ? 0.3 : young ? 0.9 : age === undefined ? 0.7 : old ? 0.5 : 0.6;
  if (hot && !amongHottest) confidence -= 0.2;
  const compiling = `${who(p)}'s JIT compiler is busy (${threadsText(compilers, 'compiler')})`;
  const summary = old
    ? `${compiling} after ${duration(age ?? 0)}: that is not warm-up but recompilation — a full code cache or a deoptimisation loop.${gcPointer}`
    : young
      ? `${who(p)} is warming up: it started ${duration(age ?? 0)} ago and its JIT compiler is busy (${threadsText(compilers, 'compiler')}); the CPU falls once the hot code is compiled.${gcPointer}`
      : `${compiling}${age === undefined ? '; its age is unknown' : ` ${duration(age)} after start`}: JIT compilation of hot code.${gcPointer}`;
  return {
    kind: 'diagnosis',
    diagnosis: {
      cause: 'jit-warmup',
      confidence: Math.round(confidence * 100) / 100,
      summary,
      evidence,
      fixes: old ? lateJitFixes(p) : warmUpFixes(p),
      pid: p.pid,
    },
  };
};

export const jitWarmupRule: Rule<'jit-warmup'> = { cause: 'jit-warmup', judge };
