import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../functions/core/capture/read.js';
import { jitWarmup } from '../../../../functions/core/causes/jit-warmup/index.js';
import {
  JIT_QUEUE_DEEP,
  JIT_RATE_HOT,
  JIT_SHARE_HOT,
  jitSigns,
  readJit,
} from '../../../../functions/core/causes/jit-warmup/signs.js';
import { deriveFacts } from '../../../../functions/core/facts/derive.js';
import type { Facts, JitFacts, ThreadFacts } from '../../../../functions/core/facts/types.js';
import { makeFacts } from '../../../helpers/facts.js';
import { loadFixture } from '../../../helpers/fixtures.js';
import { diagnosisOf, reasonOf } from '../../../helpers/outcomes.js';

/** Facts of a real capture fixture, as the classifier derives them. */
const factsOf = (path: string): Facts => deriveFacts(readCapture(loadFixture(path)));

/** A pasted JIT log with nothing else: no process list, no threads. */
const logOnly = (jit: Partial<JitFacts>): Facts =>
  makeFacts({
    processes: [],
    jit: { source: 'jstat -printcompilation 8086 500 8', failures: 0, deoptimizations: 0, ...jit },
  });

const dumpThread = (name: string, cpuPercent: number, cpuOverSeconds: number): ThreadFacts => ({
  tid: 452,
  name,
  cpuPercent,
  cpuOverSeconds,
  source: 'pasted jstack',
});

describe('jit-warmup from a JIT log', () => {
  it('names warm-up from a JVM of 25 s that spent 23.7% of its life compiling (CITime, real)', () => {
    // Prepare
    const facts = factsOf('captures/jit-log/this-machine-jdk17-citime.txt');

    // Act
    const d = diagnosisOf(jitWarmup.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.8);
    expect(d.summary).toContain('is warming up: it started 25 s ago');
    expect(d.evidence[0]?.text).toContain('6.0 s of compiling in 25 s of life (24%)');
    expect(d.evidence[0]?.text).toContain('10 compiled methods thrown away');
  });

  it('names a busy JIT of unknown age from 20 compilations/s in jstat (real), suggestively', () => {
    // Prepare
    const facts = factsOf('captures/jit-log/this-machine-jdk17-jstat-printcompilation.txt');

    // Act
    const d = diagnosisOf(jitWarmup.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.6);
    expect(d.pid).toBe(8086);
    expect(d.summary).toContain('its age is unknown');
  });

  it('names a deep compile queue (22 waiting, real jcmd Compiler.queue)', () => {
    // Prepare
    const facts = factsOf('captures/jit-log/this-machine-jdk17-compiler-queue.txt');

    // Act
    const d = diagnosisOf(jitWarmup.judge(facts));

    // Assess
    expect(d.evidence[0]).toEqual({
      source: 'jcmd 8086 Compiler.queue',
      text: 'the JIT compiled 22 methods waiting to compile',
    });
  });

  it('asks for a rate when the log gives none (one jstat sample)', () => {
    // Prepare
    const facts = factsOf('captures/jit-log/this-machine-jdk17-jstat-compiler.txt');

    // Act
    const outcome = jitWarmup.judge(facts);

    // Assess
    expect(outcome.kind).toBe('no-data');
  });

  it('does not read a burst of lines under a second as a rate (a JVM’s first 19 ms)', () => {
    // Prepare
    const facts = factsOf('captures/jit-log/this-machine-jdk17-printcompilation-start.txt');

    // Act
    const outcome = jitWarmup.judge(facts);

    // Assess
    expect(outcome.kind).toBe('no-data');
  });

  it.each([
    ['rate', { perSecond: JIT_RATE_HOT - 0.1, seconds: 3.5 }, false],
    ['rate', { perSecond: JIT_RATE_HOT, seconds: 3.5 }, true],
    ['rate over under a second', { perSecond: 500, seconds: 0.9 }, false],
    ['queue', { queueLength: JIT_QUEUE_DEEP - 1 }, false],
    ['queue', { queueLength: JIT_QUEUE_DEEP }, true],
    [
      'share',
      { compileSeconds: 5, jvmAgeSeconds: 25.1, compilePercentOfAge: JIT_SHARE_HOT - 0.1 },
      false,
    ],
    ['share', { compileSeconds: 5, jvmAgeSeconds: 25, compilePercentOfAge: JIT_SHARE_HOT }, true],
  ] as const)('reads the %s %o as hot: %s', (_what, jit, hot) => {
    // Prepare
    const facts: JitFacts = { source: 'jit', failures: 0, deoptimizations: 0, ...jit };

    // Act
    const reading = readJit(facts);

    // Assess
    expect(reading.hot).toBe(hot);
  });

  it('rules out a quiet JIT in a young JVM, saying what it measured', () => {
    // Prepare
    const facts = logOnly({ perSecond: 1.2, seconds: 17.8, jvmAgeSeconds: 120 });

    // Act
    const reason = reasonOf(jitWarmup.judge(facts));

    // Assess
    expect(reason).toBe('the JVM has run 2 min; JIT 1.2 compilations/s over 18 s');
  });

  it('calls a busy JIT past 10 minutes recompilation, not warm-up', () => {
    // Prepare: just past the young limit, then just under it
    const at = (jvmAgeSeconds: number) =>
      diagnosisOf(jitWarmup.judge(logOnly({ queueLength: 22, jvmAgeSeconds })));

    // Act
    const old = at(600);
    const young = at(599);

    // Assess
    expect(old.confidence).toBe(0.4);
    expect(old.summary).toContain('not warm-up but recompilation');
    expect(old.fixes[0]?.title).toBe('Check the code cache');
    expect(young.confidence).toBe(0.8);
    expect(young.summary).toContain('is warming up');
  });

  it('makes a busy JIT log a sign, a quiet one none', () => {
    // Prepare
    const busy = logOnly({ queueLength: 22 });
    const quiet = logOnly({ queueLength: 0 });

    // Act
    const signs = [jitSigns(busy), jitSigns(quiet)];

    // Assess
    expect(signs[0]).toEqual([
      {
        source: 'jstat -printcompilation 8086 500 8',
        text: 'JIT busy: 22 methods waiting to compile',
      },
    ]);
    expect(signs[1]).toEqual([]);
  });
});

describe('jit-warmup from a thread dump alone', () => {
  it('rules out a 22 h JVM whose compiler threads averaged 0.1% (real jstack)', () => {
    // Prepare
    const facts = factsOf(
      'captures/corpus/healthy/lielocks-jdk17-22h-jvm-compiler-threads-quiet.txt',
    );

    // Act
    const reason = reasonOf(jitWarmup.judge(facts));

    // Assess
    expect(reason).toContain('has run at least 22.6 h: long past warm-up');
    expect(reason).toContain('averaged 0.1% of a core over their life');
  });

  it('does not read 566 s of C2 over 5.6 h as hot now (adoptium 1260, real)', () => {
    // Prepare
    const facts = factsOf('captures/corpus/jit-warmup/adoptium-1260-jdk21-c2-cpu-jstack-entry.txt');

    // Act
    const reason = reasonOf(jitWarmup.judge(facts));

    // Assess
    expect(reason).toContain('at least 5.6 h');
    expect(reason).toContain('2.8% of a core');
  });

  it('reads a compiler thread averaged over up to an hour as now, over more as its life', () => {
    // Prepare: C2 at 60% of a core, averaged over just under and just over an hour
    const at = (cpuOverSeconds: number) =>
      jitWarmup.judge(
        makeFacts({
          processes: [],
          threads: [dumpThread('C2 CompilerThread0', 60, cpuOverSeconds)],
        }),
      );

    // Act
    const hour = at(3600);
    const longer = at(3601);

    // Assess
    expect(diagnosisOf(hour).summary).toContain('not warm-up but recompilation');
    expect(reasonOf(longer)).toContain('long past warm-up');
  });

  it('names a hot C2 in a dump of a JVM of unknown age at 0.7', () => {
    // Prepare: two dumps 6 s apart, C2 at 85% between them
    const facts = makeFacts({
      processes: [],
      threads: [
        { ...dumpThread('C2 CompilerThread0', 85, 6), pid: 8086 },
        { ...dumpThread('main', 20, 6), tid: 8088, pid: 8086 },
      ],
    });

    // Act
    const d = diagnosisOf(jitWarmup.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.7);
    expect(d.pid).toBe(8086);
    expect(d.evidence[0]?.text).toBe('C2 CompilerThread0 (tid 452) at 85% of a core over 6 s');
  });
});
