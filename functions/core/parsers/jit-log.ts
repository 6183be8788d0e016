import { fields, lines } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * What a JVM's JIT compiler was doing, from the logs and counters people paste when a fresh
 * JVM burns CPU: HotSpot `-XX:+PrintCompilation` (and `-Xlog:jit+compilation`), OpenJ9
 * `-Xjit:verbose` and its end-of-run summary, `jstat -compiler`, `jstat -printcompilation`,
 * `jcmd PID Compiler.queue` and the `-XX:+CITime` summary. Each adds what it knows; the facts
 * turn them into a rate and a share of the JVM's time.
 */

export type JitFormat =
  | 'print-compilation'
  | 'openj9-verbose'
  | 'openj9-summary'
  | 'jstat-compiler'
  | 'jstat-printcompilation'
  | 'compiler-queue'
  | 'citime';

/** One `jstat -compiler` or `jstat -printcompilation` sample: the JVM's running totals. */
export interface JitCounterSample {
  /** Methods compiled since the JVM started. */
  compiled: number;
  failed?: number;
  /** Seconds spent compiling since the JVM started (`jstat -compiler`'s `Time`). */
  compileSeconds?: number;
}

export interface JitLog {
  /** Which kinds of output were read, in order of first appearance. */
  formats: JitFormat[];
  /**
   * Compilations logged one per line: PrintCompilation lines (not native wrappers, `n`, nor
   * `made not entrant` notices), OpenJ9 `+` lines.
   */
  compilations: number;
  /** On-stack replacement compilations among them (HotSpot's `%`). */
  osr: number;
  /** Compilations by tier (HotSpot 1–4) or OpenJ9 level (`cold`, `warm`, `hot`…). */
  byTier: Record<string, number>;
  /** Failed compilations: OpenJ9 `!` lines, `COMPILE SKIPPED`, jstat's `Failed`. */
  failures: number;
  /** Compiled code thrown away (`made not entrant`): deoptimisations that recompile. */
  deoptimizations: number;
  /**
   * Milliseconds since the JVM started of the first and last timestamped line
   * (PrintCompilation's first column, `-Xlog`'s `[0.083s]`).
   */
  firstMs?: number;
  lastMs?: number;
  /**
   * Seconds spent compiling: the sum of OpenJ9's per-compilation `time=`, else a total the JVM
   * printed (`Total compilation time`, `Time spent in compilation thread`, jstat `Time`).
   */
  compileSeconds?: number;
  /** Methods compiled in all, as a total the JVM printed (CITime, OpenJ9 `numComp`). */
  totalCompiled?: number;
  /** jstat samples, oldest first. */
  samples: JitCounterSample[];
  /** `jstat -compiler PID 1000 5`: seconds between samples, from the command. */
  sampleIntervalSeconds?: number;
  /** Methods waiting to be compiled: `jcmd Compiler.queue` rows, else OpenJ9's last `Q_SZ=`. */
  queueLength?: number;
  /** The most waiting at once: OpenJ9 `Compilation queue peak size`, the largest `Q_SZ=`. */
  queuePeak?: number;
  /** What the compiler threads were compiling at the time (`jcmd Compiler.queue`). */
  compiling: string[];
  /** The longest single compilations (OpenJ9 `time=`), slowest first, at most five. */
  slowest: { method: string; ms: number }[];
}

/** `    123   45 %  b  4       java.util.HashMap::put @ 12 (123 bytes)   made not entrant` */
const PRINT_COMPILATION = /^\s*((?:\d+\s+){1,3})((?:[%sbn!]+\s+)*)(\d\s+)?([^\s:]+::\S*)(.*)$/;
const SIZE = /^(?:\s+@\s+\d+)?\s+\((?:\d+ bytes|native)\)/;
const UNIFIED_PREFIX = /^((?:\[[^\]]*\])+)\s?/;
const UPTIME = /\[(\d+(?:\.\d+)?)(s|ms)\]/;
/** OpenJ9: `+ (warm) pkg/Cls.m(I)V @ 0x…-0x… OrdinaryMethod - Q_SZ=0 … time=598202us …`. */
const J9_DONE = /^\+ \(([^)]+)\) (\S+)(.*)$/;
const J9_FAILED = /^! (?:\(([^)]+)\) )?(\S+)(.*)$/;
const J9_START = /^\(([^)]+)\) Compiling (\S+)/;
const J9_TIME = /\btime=(\d+)us\b/;
const J9_QUEUE = /\bQ_SZ=(\d+)\b/;
const JSTAT_COMPILER = /^Compiled\s+Failed\s+Invalid\s+Time\b/;
const JSTAT_PRINT = /^Compiled\s+Size\s+Type\s+Method\b/;

/** `jstat -compiler 8086 1000 5` → 1 s between samples. */
const jstatInterval = (command: string | null): number | undefined => {
  const m = /^jstat\s+-(?:compiler|printcompilation)\b(?:\s+-\S+)*\s+\S+\s+(\d+)(ms|s)?\b/.exec(
    command ?? '',
  );
  if (!m) return undefined;
  const value = Number(m[1]);
  return m[2] === 's' ? value : value / 1000;
};

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

interface State {
  log: JitLog;
  /** Sum of OpenJ9 `time=`, microseconds. */
  j9Micros: number;
  /** A total printed by the JVM, seconds, when no per-compilation times were seen. */
  printedSeconds?: number;
  /** Per-thread `Time spent in compilation thread` lines, summed. */
  threadMillis: number;
  table: 'jstat-compiler' | 'jstat-printcompilation' | 'queue' | null;
}

const seen = (s: State, format: JitFormat): void => {
  if (!s.log.formats.includes(format)) s.log.formats.push(format);
};

const stamp = (s: State, ms: number): void => {
  if (s.log.firstMs === undefined) s.log.firstMs = ms;
  s.log.lastMs = ms;
};

/** A PrintCompilation line (with or without `-Xlog`'s prefix); false when it is not one. */
const printCompilation = (s: State, line: string): boolean => {
  let text = line;
  let uptimeMs: number | undefined;
  const unified = UNIFIED_PREFIX.exec(line);
  if (unified) {
    const up = UPTIME.exec(unified[1] ?? '');
    if (up) uptimeMs = Number(up[1]) * (up[2] === 's' ? 1000 : 1);
    text = line.slice(unified[0].length);
  }
  const m = PRINT_COMPILATION.exec(text);
  if (!m || !SIZE.test(m[5] ?? '')) return false;
  const numbers = fields(m[1] ?? '').map(Number);
  // `ts id tier`, `ts id` (no tiers), or under -Xlog (no ts): `id tier`, `id`.
  const flagsOrTier = (m[2] ?? '') !== '' || m[3] !== undefined;
  const withTime = unified ? false : numbers.length >= 2;
  const tier =
    m[3]?.trim() ??
    (!flagsOrTier && numbers.length === (withTime ? 3 : 2) ? String(numbers.at(-1)) : undefined);
  seen(s, 'print-compilation');
  const ms = withTime ? numbers[0] : uptimeMs;
  if (ms !== undefined) stamp(s, ms);
  const rest = m[5] ?? '';
  if (/made not entrant|made zombie/.test(rest)) {
    s.log.deoptimizations++;
    return true;
  }
  if (/COMPILE SKIPPED/.test(rest)) {
    s.log.failures++;
    return true;
  }
  // `n`: a native wrapper the VM generates, not compiled bytecode.
  if ((m[2] ?? '').includes('n')) return true;
  s.log.compilations++;
  if ((m[2] ?? '').includes('%')) s.log.osr++;
  if (tier !== undefined) s.log.byTier[tier] = (s.log.byTier[tier] ?? 0) + 1;
  return true;
};

/** An OpenJ9 `-Xjit:verbose` line; false when it is not one. */
const openj9Verbose = (s: State, line: string): boolean => {
  const trimmed = line.trim();
  const start = J9_START.exec(trimmed);
  if (start) {
    // Its `t=` is left alone: what it counts from is not documented.
    seen(s, 'openj9-verbose');
    return true;
  }
  const done = J9_DONE.exec(trimmed);
  const failed = done ? null : J9_FAILED.exec(trimmed);
  const m = done ?? failed;
  if (!m) return false;
  const rest = m[3] ?? '';
  const time = J9_TIME.exec(rest);
  // `+` lines carry the code range and `Q_SZ=`; `!` lines the time and a reason.
  if (done ? !/ @ |\bQ_SZ=/.test(rest) : !time) return false;
  seen(s, 'openj9-verbose');
  if (time) {
    const micros = Number(time[1]);
    s.j9Micros += micros;
    s.log.slowest.push({ method: m[2] ?? '', ms: micros / 1000 });
  }
  const queue = J9_QUEUE.exec(rest);
  if (queue) {
    s.log.queueLength = Number(queue[1]);
    s.log.queuePeak = Math.max(s.log.queuePeak ?? 0, Number(queue[1]));
  }
  if (failed) {
    s.log.failures++;
    return true;
  }
  // OpenJ9's `OSR` word marks a body that supports on-stack replacement, not an OSR
  // compilation, so OpenJ9 lines are not counted in `osr`.
  s.log.compilations++;
  const level = (m[1] ?? '').trim();
  if (level) s.log.byTier[level] = (s.log.byTier[level] ?? 0) + 1;
  return true;
};

/** Totals the JVM prints: CITime, OpenJ9's end-of-run summary, `TR_PrintCompTime`. */
const totals = (s: State, line: string): boolean => {
  const t = line.trim();
  let m = /^Total compilation time\s*:\s*(\d+(?:\.\d+)?)\s*s\b/.exec(t);
  if (m) {
    seen(s, 'citime');
    s.printedSeconds = Number(m[1]);
    return true;
  }
  m = /^Total compiled methods\s*:\s*(\d+)\s+methods\b/.exec(t);
  if (m) {
    s.log.totalCompiled = Number(m[1]);
    return true;
  }
  if (/^Accumulated compiler times\b/.test(t)) {
    seen(s, 'citime');
    return true;
  }
  m = /^Time spent in compilation thread\s*=\s*(\d+)\s*ms\b/.exec(t);
  if (m) {
    seen(s, 'openj9-summary');
    s.threadMillis += Number(m[1]);
    return true;
  }
  m = /^Level=(\d+)\s+numComp=(\d+)\b/.exec(t);
  if (m) {
    seen(s, 'openj9-summary');
    s.log.totalCompiled = (s.log.totalCompiled ?? 0) + Number(m[2]);
    return true;
  }
  m = /^Compilation queue peak size\s*=\s*(\d+)\b/.exec(t);
  if (m) {
    seen(s, 'openj9-summary');
    s.log.queuePeak = Math.max(s.log.queuePeak ?? 0, Number(m[1]));
    return true;
  }
  return false;
};

/** Rows under a jstat or `Compiler.queue` header. */
const tableRow = (s: State, line: string): boolean => {
  const t = line.trim();
  if (s.table === 'jstat-compiler') {
    const m = /^(\d+)\s+(\d+)\s+(\d+)\s+(\d+(?:\.\d+)?)\b/.exec(t);
    if (!m) return false;
    s.log.samples.push({
      compiled: Number(m[1]),
      failed: Number(m[2]),
      compileSeconds: Number(m[4]),
    });
    return true;
  }
  // `Compiled` here is the number of the last compile task: a running total as well.
  if (s.table === 'jstat-printcompilation') {
    const m = /^(\d+)\s+\d+\s+\d+\s+\S/.exec(t);
    if (!m) return false;
    s.log.samples.push({ compiled: Number(m[1]) });
    return true;
  }
  if (s.table === 'queue') {
    if (/^Empty$/.test(t)) return true;
    if (/^\d+\s+(?:[%sbn!]+\s+)*\d?\s*\S+::\S+/.test(t)) {
      s.log.queueLength = (s.log.queueLength ?? 0) + 1;
      return true;
    }
  }
  return false;
};

export const jitLogParser: ToolParser<JitLog> = {
  tool: 'jit-log',
  matchCommand: (command) =>
    /^(?:jstat\s+-(?:compiler|printcompilation)\b|jcmd\s+\S+\s+Compiler\.queue\b|java\b.*(?:-XX:\+PrintCompilation|-XX:\+CITime|-Xjit:verbose|-Xlog:jit\b))/.test(
      command,
    ),
  banner: new RegExp(
    [
      // PrintCompilation: `   92    1       3       java.lang.Object::<init> (1 bytes)`
      String.raw`^\s*\d+\s+\d+\s+(?:[%sbn!]+\s+)*\d?\s+[^\s:]+::\S*(?:\s+@\s+\d+)?\s+\((?:\d+ bytes|native)\)`,
      // -Xlog:jit+compilation: `[0.083s][debug][jit,compilation]    1       3       java…`
      String.raw`^\[\d+(?:\.\d+)?m?s\](?:\[[^\]]*\])*\[jit,compilation\s*\]`,
      // OpenJ9 -Xjit:verbose: `+ (warm) pkg/Cls.m()V @ … Q_SZ=0 … time=598202us`, `! … time=…us`
      String.raw`^[+!] (?:\([^)]*\) )?[\w/$.<>-]+\(\S*\s.*?(?:Q_SZ=\d|time=\d+us)`,
      String.raw`^\s?\([a-z -]+\) Compiling [\w/$.<>-]+\(`,
      String.raw`^Compiled\s+(?:Failed\s+Invalid\s+Time|Size\s+Type\s+Method)\b`,
      String.raw`^Accumulated compiler times\b|^Number of compilations per level:`,
      '^(?:JIT: env var TR_PrintCompTime|Time spent in compilation thread =)',
      '^(?:C[12] compile queue:|Current compiles:)',
    ].join('|'),
  ),
  parse(text, command) {
    const s: State = {
      log: {
        formats: [],
        compilations: 0,
        osr: 0,
        byTier: {},
        failures: 0,
        deoptimizations: 0,
        samples: [],
        compiling: [],
        slowest: [],
      },
      j9Micros: 0,
      threadMillis: 0,
      table: null,
    };
    const interval = jstatInterval(command);
    if (interval !== undefined) s.log.sampleIntervalSeconds = interval;

    for (const raw of lines(text)) {
      const line = raw.trimEnd();
      const t = line.trim();
      if (t === '') continue;
      if (JSTAT_COMPILER.test(t)) {
        s.table = 'jstat-compiler';
        seen(s, 'jstat-compiler');
        continue;
      }
      if (JSTAT_PRINT.test(t)) {
        s.table = 'jstat-printcompilation';
        seen(s, 'jstat-printcompilation');
        continue;
      }
      if (/^(?:C[12]|JVMCI) compile queue:$/.test(t)) {
        s.table = 'queue';
        seen(s, 'compiler-queue');
        s.log.queueLength ??= 0;
        continue;
      }
      if (t === 'Current compiles:') {
        seen(s, 'compiler-queue');
        s.table = null;
        continue;
      }
      // `C2 CompilerThread0   612       4       java.text.DecimalFormatSymbols::initialize (330 bytes)`
      const current = /^((?:C[12]|JVMCI) CompilerThread\d+)\s+\d+\s+.*?(\S+::\S+)/.exec(t);
      if (current && s.log.formats.includes('compiler-queue')) {
        s.log.compiling.push(`${current[1]}: ${current[2]}`);
        continue;
      }
      if (s.table !== null && tableRow(s, line)) continue;
      if (totals(s, line)) continue;
      if (openj9Verbose(s, line)) continue;
      printCompilation(s, line);
    }

    const log = s.log;
    if (log.formats.length === 0) {
      return fail(
        'no JIT output found (PrintCompilation "ms id tier Class::method (N bytes)", OpenJ9 "+ (warm) …", jstat -compiler, Compiler.queue, CITime)',
      );
    }
    if (s.j9Micros > 0) log.compileSeconds = round3(s.j9Micros / 1e6);
    else if (s.threadMillis > 0) log.compileSeconds = round3(s.threadMillis / 1000);
    else if (s.printedSeconds !== undefined) log.compileSeconds = s.printedSeconds;
    else {
      const last = log.samples.at(-1);
      if (last?.compileSeconds !== undefined) log.compileSeconds = last.compileSeconds;
    }
    const lastSample = log.samples.at(-1);
    if (log.totalCompiled === undefined && lastSample) log.totalCompiled = lastSample.compiled;
    const failed = lastSample?.failed;
    if (failed !== undefined && log.failures === 0) log.failures = failed;
    log.slowest = log.slowest.sort((a, b) => b.ms - a.ms).slice(0, 5);
    return ok(log);
  },
  summarize(d) {
    const parts: string[] = [d.formats.join(', ')];
    if (d.compilations > 0) {
      const span =
        d.firstMs !== undefined && d.lastMs !== undefined && d.lastMs > d.firstMs
          ? ` over ${round3((d.lastMs - d.firstMs) / 1000)} s`
          : '';
      parts.push(`${d.compilations} compilation${d.compilations === 1 ? '' : 's'}${span}`);
    }
    if (d.totalCompiled !== undefined) parts.push(`${d.totalCompiled} compiled in all`);
    if (d.compileSeconds !== undefined) parts.push(`${d.compileSeconds} s compiling`);
    if (d.queueLength !== undefined) parts.push(`queue ${d.queueLength}`);
    if (d.failures > 0) parts.push(`${d.failures} failed`);
    if (d.deoptimizations > 0) parts.push(`${d.deoptimizations} made not entrant`);
    return parts.join('; ');
  },
};
