import { blocksOf, type Capture } from '../capture/read.js';
import type { JitLog } from '../parsers/jit-log.js';
import { sourceOf } from './source.js';
import type { JitFacts } from './types.js';

const round = (n: number, places: number): number => {
  const f = 10 ** places;
  return Math.round(n * f) / f;
};

/** `jstat -compiler 8086`, `jcmd 8086 Compiler.queue`: the JVM the output is about. */
const pidOf = (command: string | null): number | undefined => {
  const m = /^(?:jstat\s+-\S+(?:\s+-\S+)*|jcmd)\s+(\d+)\b/.exec(command ?? '');
  return m ? Number(m[1]) : undefined;
};

/** Compilations over a span: from timestamped log lines, else from the growth of jstat's counter. */
const rateOf = (logs: JitLog[]): { compilations: number; seconds?: number } | undefined => {
  const timed = logs
    .filter((l) => l.compilations > 0)
    .sort((a, b) => b.compilations - a.compilations)[0];
  if (timed) {
    const span =
      timed.firstMs !== undefined && timed.lastMs !== undefined
        ? (timed.lastMs - timed.firstMs) / 1000
        : 0;
    // One compilation has no rate; two or more over their span have.
    return span > 0 && timed.compilations >= 2
      ? { compilations: timed.compilations, seconds: span }
      : { compilations: timed.compilations };
  }
  // jstat samples, in paste order (one `jstat` per block or several rows in one).
  const samples = logs.flatMap((l) => l.samples);
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || samples.length < 2) return undefined;
  const interval = logs.find((l) => l.sampleIntervalSeconds !== undefined)?.sampleIntervalSeconds;
  const sameBlock = logs.some((l) => l.samples.length === samples.length);
  const growth = last.compiled - first.compiled;
  if (growth < 0) return undefined;
  return interval !== undefined && sameBlock
    ? { compilations: growth, seconds: interval * (samples.length - 1) }
    : { compilations: growth };
};

/** The JIT's activity from every `jit-log` block, with the JVM's age from a log or a dump. */
export const deriveJit = (capture: Capture): JitFacts | undefined => {
  const blocks = blocksOf(capture, 'jit-log');
  const last = blocks.at(-1);
  if (!last) return undefined;
  const logs = blocks.map((b) => b.data);
  const facts: JitFacts = {
    source: sourceOf(last),
    failures: Math.max(...logs.map((l) => l.failures)),
    deoptimizations: logs.reduce((a, l) => a + l.deoptimizations, 0),
  };
  const pid = blocks.map((b) => pidOf(b.command)).find((p) => p !== undefined);
  if (pid !== undefined) facts.pid = pid;

  const rate = rateOf(logs);
  if (rate) {
    facts.compilations = rate.compilations;
    if (rate.seconds !== undefined) {
      facts.seconds = round(rate.seconds, 3);
      facts.perSecond = round(rate.compilations / rate.seconds, 1);
    }
  }
  const compile = logs.flatMap((l) => l.compileSeconds ?? []);
  if (compile.length > 0) facts.compileSeconds = Math.max(...compile);
  const total = logs.flatMap((l) => l.totalCompiled ?? []);
  if (total.length > 0) facts.totalCompiled = Math.max(...total);
  const queue = logs.flatMap((l) => l.queueLength ?? []).at(-1);
  if (queue !== undefined) facts.queueLength = queue;
  const peak = logs.flatMap((l) => l.queuePeak ?? []);
  if (peak.length > 0) facts.queuePeak = Math.max(...peak);

  // PrintCompilation's time column is milliseconds since the JVM started.
  const logAge = logs.flatMap((l) =>
    l.formats.includes('print-compilation') && l.lastMs !== undefined ? l.lastMs / 1000 : [],
  );
  const dumpAge = blocksOf(capture, 'jstack').flatMap((b) => b.data.ageSeconds ?? []);
  const ages = [...logAge, ...dumpAge];
  if (ages.length > 0) facts.jvmAgeSeconds = Math.max(...ages);
  if (facts.compileSeconds !== undefined && facts.jvmAgeSeconds) {
    facts.compilePercentOfAge = round((100 * facts.compileSeconds) / facts.jvmAgeSeconds, 1);
  }
  return facts;
};
