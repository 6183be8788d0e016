/**
 * The JIT's own measures, shared by the rule and its tests: when a JIT log, jstat or
 * Compiler.queue shows the compiler busy. Figures measured on this machine (JDK 17, a
 * 40-thread service; test/fixtures/captures/jit-log/this-machine-jdk17-*) against a warm JVM.
 */
import type { Evidence } from '../../diagnosis.js';
import type { Facts, JitFacts } from '../../facts/types.js';
import { isCompilerThread } from '../shared/cpu-burn.js';
import { percent } from '../shared/words.js';

/** Compilations a second from which the JIT is busy: 20/s during warm-up, 1.2/s once warm. */
export const JIT_RATE_HOT = 20;
/** A rate over less than this is a burst of lines, not a rate (a JVM's first 10 ms compile 1,000/s). */
export const JIT_RATE_MIN_SECONDS = 1;
/** Methods waiting to compile: 22 during warm-up, the queue "Empty" once warm. */
export const JIT_QUEUE_DEEP = 10;
/** Share of the JVM's life spent compiling: 23.7% over a 25 s life, 2.8% over 5.6 h. */
export const JIT_SHARE_HOT = 20;

export interface JitReading {
  hot: boolean;
  /** What showed it, worded for evidence: `20 compilations/s over 3.5 s`. */
  signs: string[];
  /** The measures that were there and were not hot, for a ruled-out reason. */
  quiet: string[];
}

const round = (n: number): string => (n >= 10 ? n.toFixed(0) : n.toFixed(1));

/** Whether a JIT log shows the compiler busy, and by which measure. */
export const readJit = (jit: JitFacts): JitReading => {
  const signs: string[] = [];
  const quiet: string[] = [];
  if (jit.perSecond !== undefined && (jit.seconds ?? 0) >= JIT_RATE_MIN_SECONDS) {
    const text = `${round(jit.perSecond)} compilations/s over ${round(jit.seconds ?? 0)} s`;
    (jit.perSecond >= JIT_RATE_HOT ? signs : quiet).push(text);
  }
  if (jit.queueLength !== undefined) {
    const text = `${jit.queueLength} method${jit.queueLength === 1 ? '' : 's'} waiting to compile`;
    (jit.queueLength >= JIT_QUEUE_DEEP ? signs : quiet).push(text);
  }
  if (jit.compilePercentOfAge !== undefined && jit.compileSeconds !== undefined) {
    const text = `${round(jit.compileSeconds)} s of compiling in ${round(jit.jvmAgeSeconds ?? 0)} s of life (${round(jit.compilePercentOfAge)}%)`;
    (jit.compilePercentOfAge >= JIT_SHARE_HOT ? signs : quiet).push(text);
  }
  return { hot: signs.length > 0, signs, quiet };
};

/**
 * JIT compiler threads' CPU (sum, percent of one core) from which the JIT is at work: idle
 * compiler threads sit at 0–1%, a warm JVM's recompiles in single digits; seed 004's C2 50–90%.
 */
const COMPILER_SIGN = 30;
/** Thread CPU averaged over longer than this (a dump's lifetime cpu=) is not a sign of now. */
const RECENT_SECONDS = 3600;

/**
 * JIT compiler threads busy now, whatever the JVM's age, or a JIT log showing the compiler
 * busy: signs of this cause's kind of trouble even when the rule cannot name it.
 */
export const jitSigns = (facts: Facts): Evidence[] => {
  const found: Evidence[] = [];
  const compilers = facts.threads.filter(
    (t) => isCompilerThread(t) && (t.cpuOverSeconds ?? 0) <= RECENT_SECONDS,
  );
  const total = compilers.reduce((a, t) => a + t.cpuPercent, 0);
  const first = compilers[0];
  if (first && total >= COMPILER_SIGN)
    found.push({
      source: first.source,
      text: `JIT compiler threads at ${percent(total)} of a core`,
    });
  const log = facts.jit ? readJit(facts.jit) : undefined;
  if (facts.jit && log?.hot)
    found.push({ source: facts.jit.source, text: `JIT busy: ${log.signs.join(', ')}` });
  return found;
};
