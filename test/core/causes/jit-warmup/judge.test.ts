import { describe, expect, it } from 'vitest';
import { jitWarmup } from '../../../../functions/core/causes/jit-warmup/index.js';
import type { Facts, ProcessFacts, ThreadFacts } from '../../../../functions/core/facts/types.js';
import { makeFacts, proc } from '../../../helpers/facts.js';
import { diagnosisOf, reasonOf } from '../../../helpers/outcomes.js';

const TOP = 'top -b -n 2 -d 1 -w 512 -c';
const TOP_H = 'top -b -H -n 2 -d 1 -p 4242';

const thread = (tid: number, name: string, cpuPercent: number, pid = 4242): ThreadFacts => ({
  pid,
  tid,
  name,
  cpuPercent,
  source: TOP_H,
});

/** Seed 004's 40 notification workers at 1–3% of a core each. */
const workers = (pid = 4242): ThreadFacts[] =>
  Array.from({ length: 40 }, (_, i) => thread(4300 + i, `task-${i + 1}`, 1 + (i % 3), pid));

const java = (over: Partial<ProcessFacts> = {}): ProcessFacts =>
  proc({ pid: 4242, name: 'java', cpuPercent: 182, userPercent: 176, systemPercent: 6, ...over });

const jvmFacts = (over: Partial<Facts>): Facts =>
  makeFacts({ runtimes: [{ pid: 4242, runtime: 'jvm', profilers: [] }], ...over });

describe('jitWarmup', () => {
  it('names the JIT warm-up of seed 004: C2 at 90% three minutes after a deploy, workers at 1–3%', () => {
    // Prepare
    const facts = jvmFacts({
      processes: [java({ ageSeconds: 180 })],
      threads: [
        thread(4251, 'C2 CompilerThre', 90),
        thread(4252, 'C1 CompilerThre', 12),
        ...workers(),
      ],
    });

    // Act
    const d = diagnosisOf(jitWarmup.judge(facts));

    // Assess
    expect(d.cause).toBe('jit-warmup');
    expect(d.confidence).toBeGreaterThanOrEqual(0.8);
    expect(d.pid).toBe(4242);
    expect(d.evidence).toContainEqual({
      source: TOP_H,
      text: '2 compiler threads at 102% of a core (hottest C2 CompilerThre 90%)',
    });
    expect(d.evidence).toContainEqual({
      source: TOP_H,
      text: 'busiest other thread task-3 at 3.0% of a core',
    });
    expect(d.evidence).toContainEqual({ source: TOP, text: 'java (pid 4242) started 3 min ago' });
    expect(d.fixes.find((f) => f.when === 'now')?.title).toMatch(/hold traffic/);
    expect(d.fixes.some((f) => f.detail?.includes('10 rounds of 5,000'))).toBe(true);
    expect(d.fixes.some((f) => f.command === '-XX:TieredStopAtLevel=1')).toBe(true);
    expect(d.fixes.some((f) => f.detail?.includes('-XX:SharedArchiveFile'))).toBe(true);
  });

  it("reads jstack's full thread names too", () => {
    // Prepare
    const facts = jvmFacts({
      processes: [java({ ageSeconds: 240 })],
      threads: [
        thread(4251, 'C2 CompilerThread0', 75),
        thread(4253, 'C2 CompilerThread1', 40),
        ...workers(),
      ],
    });

    // Act
    const d = diagnosisOf(jitWarmup.judge(facts));

    // Assess
    expect(d.confidence).toBeGreaterThanOrEqual(0.8);
    expect(d.summary).toContain('warming up');
  });

  it('rules out a JVM that has run 12 days with its compiler threads cold', () => {
    // Prepare
    const facts = jvmFacts({
      processes: [java({ pid: 40, ageSeconds: 12 * 86_400 })],
      threads: [
        thread(41, 'http-nio-8080-e', 95, 40),
        thread(42, 'C2 CompilerThre', 0.3, 40),
        thread(43, 'C1 CompilerThre', 0, 40),
      ],
      runtimes: [{ pid: 40, runtime: 'jvm', profilers: [] }],
    });

    // Act
    const reason = reasonOf(jitWarmup.judge(facts));

    // Assess
    expect(reason).toBe('java (pid 40) has run 12 days; compiler threads at 0.3% of a core');
  });

  it('rules out a busy old JVM without per-thread CPU by its age', () => {
    // Prepare
    const facts = jvmFacts({ processes: [java({ ageSeconds: 12 * 86_400 })] });

    // Act
    const reason = reasonOf(jitWarmup.judge(facts));

    // Assess
    expect(reason).toBe('java (pid 4242) has run 12 days: long past warm-up');
  });

  it('points hot GC threads to memory pressure when the compilers are cold', () => {
    // Prepare
    const facts = jvmFacts({
      processes: [java({ ageSeconds: 3 * 86_400 })],
      threads: [
        thread(4260, 'G1 Conc#0', 72),
        thread(4261, 'GC Thread#0', 40),
        thread(4251, 'C2 CompilerThre', 1),
      ],
    });

    // Act
    const reason = reasonOf(jitWarmup.judge(facts));

    // Assess
    expect(reason).toContain('compiler threads at 1.0% of a core');
    expect(reason).toContain('GC threads');
    expect(reason).toContain('memory-creep');
  });

  it('names warm-up and also points at busy GC threads', () => {
    // Prepare
    const facts = jvmFacts({
      processes: [java({ ageSeconds: 300 })],
      threads: [thread(4251, 'C2 CompilerThre', 80), thread(4260, 'G1 Conc#0', 55), ...workers()],
    });

    // Act
    const d = diagnosisOf(jitWarmup.judge(facts));

    // Assess
    expect(d.confidence).toBeGreaterThanOrEqual(0.8);
    expect(d.summary).toContain('GC threads are busy too');
    expect(d.summary).toContain('memory-creep');
  });

  it('is suggestive when hot compilers run in a JVM of unknown age', () => {
    // Prepare
    const facts = jvmFacts({
      processes: [java()],
      threads: [thread(4251, 'C2 CompilerThre', 85), ...workers()],
    });

    // Act
    const d = diagnosisOf(jitWarmup.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.7);
  });

  it('says recompilation, not warm-up, when compilers are hot after days', () => {
    // Prepare
    const facts = jvmFacts({
      processes: [java({ ageSeconds: 5 * 86_400 })],
      threads: [thread(4251, 'C2 CompilerThre', 95), ...workers()],
    });

    // Act
    const d = diagnosisOf(jitWarmup.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.5);
    expect(d.summary).toContain('not warm-up');
    expect(d.fixes[0]?.command).toBe('jcmd 4242 Compiler.codecache');
  });

  it('uses a host uptime of minutes as the bound on the JVM age', () => {
    // Prepare
    const facts = jvmFacts({
      uptimeSeconds: 420,
      processes: [java()],
      threads: [thread(4251, 'C2 CompilerThre', 88), ...workers()],
    });

    // Act
    const d = diagnosisOf(jitWarmup.judge(facts));

    // Assess
    expect(d.confidence).toBeGreaterThanOrEqual(0.8);
    expect(d.evidence).toContainEqual({
      source: 'uptime',
      text: 'java (pid 4242) started 7 min ago',
    });
  });

  it('returns no-data for a busy young JVM without per-thread CPU', () => {
    // Prepare
    const facts = jvmFacts({ processes: [java({ ageSeconds: 120 })] });

    // Act
    const outcome = jitWarmup.judge(facts);

    // Assess
    expect(outcome).toEqual({
      kind: 'no-data',
      missing: 'per-thread CPU of java (pid 4242) (top -b -H -n 2 -d 1 -p 4242)',
    });
  });

  it('rules out a quiet JVM by its CPU', () => {
    // Prepare
    const facts = jvmFacts({ processes: [java({ cpuPercent: 12 })] });

    // Act
    const reason = reasonOf(jitWarmup.judge(facts));

    // Assess
    expect(reason).toContain('12% of a core');
  });

  it('stays off the card when the capture has no JVM', () => {
    // Prepare
    const facts = makeFacts({ processes: [proc({ pid: 2872, name: 'node-20', cpuPercent: 99 })] });

    // Act
    const outcome = jitWarmup.judge(facts);

    // Assess
    expect(outcome).toEqual({ kind: 'not-applicable', reason: 'no JVM in the capture' });
  });
});
