/**
 * jit-warmup: a young JVM compiling its hot code (seed 004: right after a deploy, `top -H`
 * shows `C2 CompilerThread` at 50–90% of a core while each of 40 workers uses 1–3%). One
 * decisive source is enough: compiler threads hot now (`top -H`, two dumps, or a dump's cpu= over
 * a life under an hour), or a JIT log (PrintCompilation, OpenJ9 verbose, jstat, Compiler.queue,
 * CITime) showing a high rate, a deep queue or a large share of the JVM's life spent compiling.
 * Warm-up only in a JVM under 10 minutes old; later a busy JIT is recompilation, said so. An old
 * JVM whose compiler threads idled over its life rules it out. Busy GC threads are pointed out,
 * not diagnosed (memory-creep names a full heap).
 */

import type { Evidence, Fix, RuleOutcome } from '../../diagnosis.js';
import type { Facts, JitFacts, ProcessFacts, ThreadFacts } from '../../facts/types.js';
import {
  BUSY_PROCESS,
  isCompilerThread,
  isGcThread,
  ofACore,
  threadsOf,
  who,
} from '../shared/cpu-burn.js';
import type { Rule } from '../shared/rule.js';
import { count, duration, percent } from '../shared/words.js';
import { recentChange } from './changes.js';
import { readJit } from './signs.js';

/**
 * Compiler threads' CPU (sum, percent of one core) from which the JIT is hot. Idle compiler
 * threads sit at 0–1%; occasional recompiles in a warm JVM stay in single digits; seed 004's
 * C2 ran at 50–90%.
 */
const COMPILER_HOT = 30;
/** Below this the compiler threads are cold. */
const COMPILER_COLD = 10;
/**
 * Warm-up under load lasts minutes (seed 004: quiet after 7–8 rounds; Jetty's C2 load after a
 * deploy lasted ~5 min): a JVM younger than this is warming up, an older one with a busy JIT is
 * recompiling (deoptimisations, a full code cache), which is not warm-up.
 */
const YOUNG_SECONDS = 10 * 60;
/**
 * A thread's CPU averaged over longer than this (a thread dump's cpu= over a long life) says
 * nothing about now: 566 s of C2 over 5.6 h may all have been spent in the first minutes.
 */
const RECENT_SECONDS = 3600;
/** GC threads' CPU (sum, percent of one core) worth pointing out. */
const GC_HOT = 50;
/**
 * A deploy or this JVM's start just before the alarm (changes.ts): the warm-up came when the
 * alarm did, so it is likelier the trigger. Never enough alone, and capped below certainty.
 */
const RECENT_CHANGE_BONUS = 0.1;
const MAX_CONFIDENCE = 0.95;

const ruledOut = (reason: string): RuleOutcome => ({
  kind: 'ruled-out',
  ruledOut: { cause: 'jit-warmup', reason },
});

/**
 * A compiler thread looked up by its id (`jstack PID | grep 0x48`, the step after top -H names
 * the hot thread): the JIT is what burned the CPU, though the paste shows no figure.
 * Suggestive only: how hot, and since when, the paste does not say.
 */
const LOOKED_UP_CONFIDENCE = 0.5;

const lookedUpCompiler = (facts: Facts, j: Jvm): RuleOutcome | undefined => {
  const found = facts.lookedUpThreads?.find((t) => isCompilerThread(t));
  if (!found) return undefined;
  return {
    kind: 'diagnosis',
    diagnosis: {
      cause: 'jit-warmup',
      confidence: LOOKED_UP_CONFIDENCE,
      summary: `The thread looked up by its id is ${whoIs(j)}'s JIT compiler (${found.name}): the CPU goes to compiling hot code. Capture top -b -H -n 2 -d 1 -p ${j.pid ?? 'PID'} to see how hot, and the JVM's age to tell warm-up from recompilation.`,
      evidence: [
        {
          source: found.source,
          text: `nid 0x${found.nid.toString(16)} (the id top -H names, in hex) is ${found.name}`,
        },
      ],
      fixes: warmUpFixes(j),
      ...(j.pid !== undefined ? { pid: j.pid } : {}),
    },
  };
};

const sumCpu = (threads: ThreadFacts[]) => threads.reduce((a, t) => a + t.cpuPercent, 0);

/** `C2 CompilerThre (tid 41) at 85% of a core`, or `2 compiler threads at 120% of a core`. */
const threadsText = (threads: ThreadFacts[], what: string): string => {
  const first = threads[0];
  if (!first) return `no ${what} threads`;
  const over = first.cpuOverSeconds !== undefined ? ` over ${duration(first.cpuOverSeconds)}` : '';
  return threads.length === 1
    ? `${first.name} (tid ${first.tid}) at ${ofACore(first.cpuPercent)}${over}`
    : `${threads.length} ${what} threads at ${ofACore(sumCpu(threads))}${over} (hottest ${first.name} ${percent(first.cpuPercent)})`;
};

/** A JVM the capture shows: a process, or only its threads or JIT log (a pasted dump). */
interface Jvm {
  name: string;
  pid?: number;
  process?: ProcessFacts;
  /** Busiest first. */
  threads: ThreadFacts[];
  source: string;
}

const whoIs = (j: Jvm): string =>
  j.process ? who(j.process) : j.pid !== undefined ? `the JVM (pid ${j.pid})` : 'the JVM';

/**
 * The JVMs in the capture: those the facts recognised, and those whose threads carry HotSpot's
 * compiler names (thread names are set by the JVM itself). A thread dump or JIT log pasted
 * without a process list is a JVM too.
 */
const jvms = (facts: Facts): Jvm[] => {
  const pids = new Set(facts.runtimes.filter((r) => r.runtime === 'jvm').map((r) => r.pid));
  for (const t of facts.threads) {
    if (!isCompilerThread(t)) continue;
    const owner = t.pid ?? facts.processes[0]?.pid;
    if (owner !== undefined) pids.add(owner);
  }
  if (facts.jit?.pid !== undefined) pids.add(facts.jit.pid);
  const found: Jvm[] = facts.processes
    .filter((p) => pids.has(p.pid))
    .map((p) => ({
      name: p.name,
      pid: p.pid,
      process: p,
      threads: threadsOf(facts, p.pid),
      source: p.source,
    }));
  const covered = (t: ThreadFacts) =>
    found.some((j) => j.threads.includes(t)) ||
    (t.pid !== undefined && found.some((j) => j.pid === t.pid));
  const loose = facts.threads.filter((t) => isCompilerThread(t) && !covered(t));
  const jitLoose =
    facts.jit !== undefined && !found.some((j) => j.pid === facts.jit?.pid || found.length === 1);
  if (loose.length > 0 || jitLoose) {
    const pid = loose.find((t) => t.pid !== undefined)?.pid ?? facts.jit?.pid;
    const threads = facts.threads
      .filter((t) => t.pid === undefined || pid === undefined || t.pid === pid)
      .sort((a, b) => b.cpuPercent - a.cpuPercent);
    found.push({
      name: 'java',
      ...(pid !== undefined ? { pid } : {}),
      threads,
      source: loose[0]?.source ?? facts.jit?.source ?? 'jstack',
    });
  }
  return found;
};

/** The JIT log of this JVM: the one naming its pid, else the only JVM's. */
const jitOf = (facts: Facts, j: Jvm, all: Jvm[]): JitFacts | undefined => {
  const jit = facts.jit;
  if (!jit) return undefined;
  if (jit.pid !== undefined) return jit.pid === j.pid ? jit : undefined;
  return all.length === 1 ? jit : undefined;
};

interface Age {
  seconds: number;
  source: string;
  /** False when only a lower bound is known (a thread's lifetime or two dumps' distance). */
  exact: boolean;
}

/**
 * How long the JVM has run: its process age, its JIT log's, a host younger than the limit, else
 * at least as long as a thread's CPU was averaged over (a dump's `elapsed=` is the thread's
 * life; two dumps' distance is shorter than the JVM's life): enough to call it old, not young.
 */
const ageOf = (facts: Facts, j: Jvm, jit: JitFacts | undefined): Age | undefined => {
  if (j.process?.ageSeconds !== undefined)
    return { seconds: j.process.ageSeconds, source: j.process.source, exact: true };
  if (jit?.jvmAgeSeconds !== undefined)
    return { seconds: jit.jvmAgeSeconds, source: jit.source, exact: true };
  if (facts.uptimeSeconds !== undefined && facts.uptimeSeconds < YOUNG_SECONDS)
    return { seconds: facts.uptimeSeconds, source: 'uptime', exact: true };
  const averaged = j.threads.filter((t) => t.cpuOverSeconds !== undefined);
  const longest = Math.max(0, ...averaged.map((t) => t.cpuOverSeconds ?? 0));
  const first = averaged[0];
  return first && longest > 0
    ? { seconds: longest, source: first.source, exact: false }
    : undefined;
};

const warmUpFixes = (j: Jvm): Fix[] => [
  {
    title: 'Let it finish, or hold traffic back for the first minutes',
    detail: `Compilation ends once the hot methods are compiled and the CPU falls by itself. Keep ${whoIs(j)} out of the load balancer until then (readiness delay, ALB target group slow_start.duration_seconds), or give it more CPU for its first minutes.`,
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

const lateJitFixes = (j: Jvm): Fix[] => [
  {
    title: 'Check the code cache',
    detail:
      'A full code cache makes the JIT flush and recompile (the log says "CodeCache is full"); raise -XX:ReservedCodeCacheSize if so.',
    command: `jcmd ${j.pid ?? 'PID'} Compiler.codecache`,
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
  const all = jvms(facts);
  // The JVM whose recent compiler CPU is hottest, else the busiest JVM.
  const judged = all
    .map((j) => {
      const compilers = j.threads.filter(isCompilerThread);
      return {
        j,
        compilers,
        recent: compilers.filter((t) => (t.cpuOverSeconds ?? 0) <= RECENT_SECONDS),
        gc: j.threads.filter(isGcThread),
      };
    })
    .sort(
      (a, b) =>
        sumCpu(b.recent) - sumCpu(a.recent) ||
        (b.j.process?.cpuPercent ?? 0) - (a.j.process?.cpuPercent ?? 0),
    );
  const best = judged[0];
  if (!best) {
    // A dump pasted as one grepped entry shows no JVM but the thread that was looked up.
    const found = facts.lookedUpThreads?.[0];
    const pasted = found && {
      name: 'java',
      ...(found.pid !== undefined ? { pid: found.pid } : {}),
      threads: [],
      source: found.source,
    };
    return (
      (pasted && lookedUpCompiler(facts, pasted)) ?? {
        kind: 'not-applicable',
        reason: 'no JVM in the capture',
      }
    );
  }
  const { j, compilers, recent, gc } = best;
  const { threads, process: p } = j;
  const jit = jitOf(facts, j, all);
  const log = jit ? readJit(jit) : undefined;
  const age = ageOf(facts, j, jit);
  const young = age?.exact === true && age.seconds < YOUNG_SECONDS;
  const old = age !== undefined && age.seconds >= YOUNG_SECONDS;
  const ageText =
    age !== undefined
      ? `${whoIs(j)} has run ${age.exact ? '' : 'at least '}${duration(age.seconds)}`
      : undefined;

  // Compiler threads measured now (top -H, two dumps, or a young JVM's dump) are in `recent`;
  // a lifetime average over hours is not a measure of now.
  const lifetime = compilers.filter((t) => !recent.includes(t));
  const sampledThreads = threads.some((t) => (t.cpuOverSeconds ?? 0) <= RECENT_SECONDS);
  if (!log && recent.length === 0 && !(sampledThreads && compilers.length === 0)) {
    const lookedUp = lookedUpCompiler(facts, j);
    if (lookedUp && !old) return lookedUp;
    if (lifetime.length > 0) {
      return ruledOut(
        `${ageText ?? whoIs(j)}: long past warm-up; its compiler threads averaged ${ofACore(sumCpu(lifetime))} over their life (${threadsText(lifetime, 'compiler')})`,
      );
    }
    if (p && p.cpuPercent < BUSY_PROCESS) {
      return ruledOut(`${who(p)} uses ${ofACore(p.cpuPercent)}: its JIT is not what burns the CPU`);
    }
    if (old) return ruledOut(`${ageText}: long past warm-up`);
    return {
      kind: 'no-data',
      missing: `per-thread CPU of ${whoIs(j)} (top -b -H -n 2 -d 1 -p ${j.pid ?? 'PID'})`,
    };
  }

  const compilerCpu = sumCpu(recent);
  const gcCpu = sumCpu(gc);
  const gcBusy = gcCpu >= GC_HOT;
  const gcText = threadsText(gc, 'GC');
  const gcPointer = gcBusy
    ? ` GC threads are busy too (${gcText}): look at memory pressure (memory-creep).`
    : '';
  const threadsMeasured = recent.length > 0 || sampledThreads;
  const threadsHot = compilerCpu >= COMPILER_HOT;
  const logHot = log?.hot ?? false;

  if (!threadsHot && !logHot) {
    const parts = [ageText];
    if (threadsMeasured) parts.push(`compiler threads at ${percent(compilerCpu)} of a core`);
    if (log && log.quiet.length > 0) parts.push(`JIT ${log.quiet.join(', ')}`);
    const busiest = gcBusy ? `; the hot threads are GC threads (${gcText}) — see memory-creep` : '';
    // A log that gave no rate, queue or share (a single jstat sample, a burst under a second).
    if (!threadsMeasured && (log?.quiet.length ?? 0) === 0) {
      if (old) return ruledOut(`${ageText}: long past warm-up`);
      return {
        kind: 'no-data',
        missing: `the JIT's rate: jstat -compiler ${j.pid ?? 'PID'} 1000 10, or per-thread CPU (top -b -H -n 2 -d 1 -p ${j.pid ?? 'PID'})`,
      };
    }
    if (compilerCpu < COMPILER_COLD || !threadsMeasured)
      return ruledOut(`${parts.filter(Boolean).join('; ')}${busiest}`);
  }

  const evidence: Evidence[] = [];
  if (recent.length > 0)
    evidence.push({
      source: recent[0]?.source ?? j.source,
      text: threadsText(recent, 'compiler'),
    });
  if (jit && log?.hot)
    evidence.push({
      source: jit.source,
      text: `the JIT compiled ${log.signs.join('; ')}${jit.deoptimizations > 0 ? `; ${count(jit.deoptimizations)} compiled methods thrown away (made not entrant)` : ''}`,
    });
  const workers = threads.filter((t) => !isCompilerThread(t) && !isGcThread(t));
  const busiestWorker = workers[0];
  if (busiestWorker && recent.length > 0) {
    evidence.push({
      source: busiestWorker.source,
      text: `busiest other thread ${busiestWorker.name} at ${percent(busiestWorker.cpuPercent)} of a core`,
    });
  }
  if (age !== undefined) {
    evidence.push({
      source: age.source,
      text: `${whoIs(j)} started ${age.exact ? '' : 'at least '}${duration(age.seconds)} ago`,
    });
  }
  if (gcBusy) evidence.push({ source: gc[0]?.source ?? j.source, text: gcText });
  // An old JVM was not restarted by the deploy: the change says nothing of its JIT.
  const change = old ? undefined : recentChange(facts, j.pid);
  if (change) {
    const what = change.change.kind === 'deploy' ? `deploy (${change.change.what})` : 'JVM start';
    evidence.push({
      source: change.change.source,
      text: `${what} ${duration(change.seconds)} before ${change.before}`,
    });
  }

  // Among the hottest: a compiler thread leads, or the compilers hold a quarter of the threads' CPU.
  const leads = threads[0] !== undefined && isCompilerThread(threads[0]);
  const amongHottest = leads || compilerCpu >= 0.25 * sumCpu(threads);
  const hot = threadsHot || logHot;
  // Hot compiler threads show the CPU going to the JIT; a log shows the JIT busy, not how much
  // of the host's CPU that is: a notch less direct.
  const base = threadsHot ? 0 : -0.1;
  let confidence = !hot ? 0.3 : base + (young ? 0.9 : old ? 0.5 : 0.7);
  if (threadsHot && !amongHottest) confidence -= 0.2;
  if (hot && change) confidence = Math.min(MAX_CONFIDENCE, confidence + RECENT_CHANGE_BONUS);
  const busy = threadsHot
    ? threadsText(recent, 'compiler')
    : (log?.signs.join(', ') ?? threadsText(recent, 'compiler'));
  const compiling = `${whoIs(j)}'s JIT compiler is busy (${busy})`;
  const summary = old
    ? `${compiling} after ${age?.exact ? '' : 'at least '}${duration(age?.seconds ?? 0)}: that is not warm-up but recompilation — a full code cache or a deoptimisation loop.${gcPointer}`
    : young
      ? `${whoIs(j)} is warming up: it started ${duration(age?.seconds ?? 0)} ago and its JIT compiler is busy (${busy}); the CPU falls once the hot code is compiled.${gcPointer}`
      : `${compiling}; its age is unknown: JIT compilation of hot code.${gcPointer}`;
  return {
    kind: 'diagnosis',
    diagnosis: {
      cause: 'jit-warmup',
      confidence: Math.round(confidence * 100) / 100,
      summary,
      evidence,
      fixes: old ? lateJitFixes(j) : warmUpFixes(j),
      ...(j.pid !== undefined ? { pid: j.pid } : {}),
    },
  };
};

export const jitWarmupRule: Rule<'jit-warmup'> = { cause: 'jit-warmup', judge };
