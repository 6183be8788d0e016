/**
 * The five incidents the project was born from (`shared/seeds/`), as whole capture documents:
 * seed 000 from the sick and the healthy instance's real outputs, seeds 001–004 constructed on
 * real tool layouts from the numbers the write-ups report. Each must come out with the cause,
 * the evidence and the fix the engineer found by hand.
 */
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../functions/core/capture/read.js';
import { classify, type Triage } from '../../functions/core/classify.js';
import type { Diagnosis, Fix } from '../../functions/core/diagnosis.js';
import { loadFixture } from '../helpers/fixtures.js';

/** Seed 000 pastes no date; the others carry `captured-at`, which wins over this. */
const NOW = '2026-11-22T09:15:00Z';

const triageOf = (name: string): Triage =>
  classify(readCapture(loadFixture(`captures/seeds/${name}`)), { now: NOW });

const fixText = (fix: Fix): string => [fix.title, fix.detail, fix.command].join(' ');

const primaryOf = (triage: Triage): Diagnosis => {
  const primary = triage.diagnoses[0];
  if (!primary) throw new Error(`no diagnosis for ${triage.cause}`);
  return primary;
};

describe('classify on the seed incidents', () => {
  it('names the Datadog SIGPROF storm of seed 000 and tells to turn the profiler off', () => {
    // Act
    const triage = triageOf('seed-000-sick.txt');

    // Assess
    expect(triage.cause).toBe('syscall-storm');
    const primary = primaryOf(triage);
    expect(primary.evidence.some((e) => /rt_sigreturn|SIGPROF/.test(e.text))).toBe(true);
    expect(primary.fixes.map(fixText).some((t) => t.includes('DD_PROFILING_ENABLED=false'))).toBe(
      true,
    );
  });

  it('does not call seed 000’s healthy instance a syscall storm (epoll_pwait and futex lead)', () => {
    // Act
    const triage = triageOf('seed-000-healthy.txt');

    // Assess
    const storm = triage.diagnoses.find((d) => d.cause === 'syscall-storm');
    expect(storm?.confidence ?? 0).toBeLessThanOrEqual(0.5);
  });

  it('names seed 001’s Go server spinning on ~25 cores a runaway process, and says to profile it', () => {
    // Act
    const triage = triageOf('seed-001-goroutine-spin.txt');

    // Assess
    expect(triage.cause).toBe('runaway-process');
    const primary = primaryOf(triage);
    expect(primary.pid).toBe(41873);
    expect(primary.fixes.map(fixText).some((t) => /pprof|goleak/.test(t))).toBe(true);
  });

  it('names memory-creep on seed 002 and rules the CPU credits out with the balance (144)', () => {
    // Act
    const triage = triageOf('seed-002-gunicorn-leak-t3micro.txt');

    // Assess
    expect(triage.cause).toBe('memory-creep');
    const credits = triage.ruledOut.find((r) => r.cause === 'credit-exhaustion');
    expect(credits?.reason).toMatch(/\b144\b/);
    const fixes = primaryOf(triage).fixes.map(fixText);
    expect(
      fixes.some((t) => t.includes('--max-requests') && t.includes('--max-requests-jitter')),
    ).toBe(true);
    expect(fixes.some((t) => /fewer workers/i.test(t))).toBe(true);
  });

  it('names memory-creep on seed 003 from the mem_used_percent trend that reset on the redeploy', () => {
    // Act
    const triage = triageOf('seed-003-slow-leak-trend.txt');

    // Assess
    expect(triage.cause).toBe('memory-creep');
    const primary = primaryOf(triage);
    expect(primary.summary).toMatch(/reset|restart|redeploy/i);
    expect(
      primary.evidence.some(
        (e) =>
          e.text.includes('mem_used_percent') && /reset|restart|redeploy|dropped/i.test(e.text),
      ),
    ).toBe(true);
  });

  it('names seed 004’s young JVM with C2 at 50–90% a JIT warm-up, and says to warm it up first', () => {
    // Act
    const triage = triageOf('seed-004-jit-after-deploy.txt');

    // Assess
    expect(triage.cause).toBe('jit-warmup');
    const primary = primaryOf(triage);
    expect(primary.evidence.some((e) => e.text.includes('C2 CompilerThre'))).toBe(true);
    expect(primary.fixes.map(fixText).some((t) => /warm/i.test(t))).toBe(true);
  });
});
