import { describe, expect, it } from 'vitest';
import { runawayProcess } from '../../../../functions/core/causes/runaway-process/index.js';
import type { CpuFacts, CpuSplit, ThreadFacts } from '../../../../functions/core/facts/types.js';
import { makeFacts, proc, split } from '../../../helpers/facts.js';
import { diagnosisOf, reasonOf } from '../../../helpers/outcomes.js';

const TOP = 'top -b -n 2 -d 1 -w 512 -c';
const TOP_H = (pid: number) => `top -b -H -n 2 -d 1 -p ${pid}`;

const cpu = (over: Partial<CpuSplit>, source = 'vmstat 1 5'): CpuFacts => ({
  split: split(over),
  source,
  samples: 4,
  series: [split(over), split(over), split(over), split(over)],
});

const thread = (pid: number, tid: number, name: string, cpuPercent: number): ThreadFacts => ({
  pid,
  tid,
  name,
  cpuPercent,
  source: TOP_H(pid),
});

describe('runawayProcess', () => {
  it('names the Go API server of seed 001 burning about 25 cores in user space', () => {
    // Prepare: the server burned ~25 cores; under 1 core once fixed. User time, little kernel.
    const facts = makeFacts({
      cpus: 32,
      cpu: cpu({ user: 77, system: 2 }),
      processes: [
        proc({
          pid: 1,
          name: 'api-server',
          cpuPercent: 2480,
          userPercent: 2430,
          systemPercent: 50,
          threads: 41,
        }),
      ],
      runtimes: [{ pid: 1, runtime: 'go', profilers: [] }],
    });

    // Act
    const d = diagnosisOf(runawayProcess.judge(facts));

    // Assess
    expect(d.cause).toBe('runaway-process');
    expect(d.confidence).toBeGreaterThanOrEqual(0.8);
    expect(d.pid).toBe(1);
    expect(d.evidence).toContainEqual({
      source: TOP,
      text: 'api-server (pid 1) at 2480% of a core (about 25 cores)',
    });
    expect(d.evidence.every((e) => e.source !== '' && /\d/.test(e.text))).toBe(true);
    expect(d.fixes.map((f) => f.command)).toContain(
      "curl -so cpu.pprof 'http://localhost:6060/debug/pprof/profile?seconds=10'",
    );
    expect(d.fixes.some((f) => f.detail?.includes('goleak'))).toBe(true);
    expect(
      d.fixes.some((f) => f.when === 'properly' && f.detail?.includes('break inside select')),
    ).toBe(true);
    expect(d.fixes.some((f) => f.when === 'now' && f.title.includes('stopgap'))).toBe(true);
  });

  it('names a spinning worker thread with strong confidence and a runtime profiler', () => {
    // Prepare
    const facts = makeFacts({
      cpu: cpu({ user: 52, system: 1 }),
      processes: [
        proc({
          pid: 300,
          name: 'python3',
          cpuPercent: 99.7,
          userPercent: 98.9,
          systemPercent: 0.8,
        }),
      ],
      threads: [thread(300, 301, 'python3', 99.3), thread(300, 302, 'python3', 0.3)],
      runtimes: [{ pid: 300, runtime: 'python', profilers: [] }],
    });

    // Act
    const d = diagnosisOf(runawayProcess.judge(facts));

    // Assess
    expect(d.confidence).toBeGreaterThanOrEqual(0.8);
    expect(d.evidence).toContainEqual({
      source: TOP_H(300),
      text: 'thread python3 (tid 301) at 99% of a core',
    });
    expect(d.fixes[0]).toMatchObject({ command: 'py-spy dump --pid 300', when: 'now' });
  });

  it('rules out a host whose busiest process uses 38% of a core', () => {
    // Prepare
    const facts = makeFacts({ processes: [proc({ pid: 12, name: 'node', cpuPercent: 38 })] });

    // Act
    const outcome = runawayProcess.judge(facts);

    // Assess
    expect(outcome).toEqual({
      kind: 'ruled-out',
      ruledOut: {
        cause: 'runaway-process',
        reason: 'no process uses more than 38% of a core (busiest: node (pid 12))',
      },
    });
  });

  it('judges measured behaviour, not names: a quiet `busy-loop` is ruled out, a pinned `nginx` is not', () => {
    // Prepare
    const quiet = makeFacts({ processes: [proc({ pid: 5, name: 'busy-loop', cpuPercent: 3 })] });
    const pinned = makeFacts({
      processes: [
        proc({ pid: 6, name: 'nginx', cpuPercent: 100, userPercent: 97, systemPercent: 3 }),
      ],
    });

    // Act
    const quietOutcome = runawayProcess.judge(quiet);
    const pinnedOutcome = runawayProcess.judge(pinned);

    // Assess
    expect(quietOutcome.kind).toBe('ruled-out');
    expect(diagnosisOf(pinnedOutcome).confidence).toBeGreaterThanOrEqual(0.7);
  });

  it('is not seed 000: the burn is in the kernel (sy 37%)', () => {
    // Prepare
    const facts = makeFacts({
      cpu: { ...cpu({ user: 58.4, system: 37.1, idle: 3.5, softirq: 1.0 }, TOP), samples: 1 },
      processes: [
        proc({ pid: 2872, name: 'node-20', cpuPercent: 102.3 }),
        proc({ pid: 2873, name: 'node-20', cpuPercent: 87.4 }),
      ],
    });

    // Act
    const reason = reasonOf(runawayProcess.judge(facts));

    // Assess
    expect(reason).toContain('sy 37% of all CPU');
    expect(reason).toContain('syscall-storm');
  });

  it('rules out a process that spends 41% of its CPU in the kernel', () => {
    // Prepare
    const facts = makeFacts({
      processes: [
        proc({ pid: 2872, name: 'node-20', cpuPercent: 100, userPercent: 59, systemPercent: 41 }),
      ],
    });

    // Act
    const reason = reasonOf(runawayProcess.judge(facts));

    // Assess
    expect(reason).toContain('node-20 (pid 2872) spends 41% of its CPU in the kernel');
  });

  it('is not a young JVM whose hot threads are C2 compiler threads (seed 004)', () => {
    // Prepare
    const workers = Array.from({ length: 40 }, (_, i) =>
      thread(4242, 4300 + i, `task-${i + 1}`, 1 + (i % 3)),
    );
    const facts = makeFacts({
      processes: [
        proc({
          pid: 4242,
          name: 'java',
          cpuPercent: 185,
          userPercent: 178,
          systemPercent: 7,
          ageSeconds: 180,
        }),
      ],
      threads: [
        thread(4242, 4251, 'C2 CompilerThre', 90),
        thread(4242, 4252, 'C1 CompilerThre', 12),
        ...workers,
      ],
      runtimes: [{ pid: 4242, runtime: 'jvm', profilers: [] }],
    });

    // Act
    const reason = reasonOf(runawayProcess.judge(facts));

    // Assess
    expect(reason).toContain('C2 CompilerThre at 90% of a core');
    expect(reason).toContain('jit-warmup');
  });

  it('points GC-dominated threads to memory-creep', () => {
    // Prepare
    const facts = makeFacts({
      processes: [
        proc({ pid: 40, name: 'java', cpuPercent: 160, userPercent: 150, systemPercent: 10 }),
      ],
      threads: [
        thread(40, 41, 'GC Thread#0', 70),
        thread(40, 42, 'GC Thread#1', 68),
        thread(40, 43, 'http-nio-8080', 4),
      ],
    });

    // Act
    const reason = reasonOf(runawayProcess.judge(facts));

    // Assess
    expect(reason).toContain('memory-creep');
  });

  it('stays below the report threshold for a young JVM without per-thread CPU', () => {
    // Prepare
    const facts = makeFacts({
      processes: [
        proc({
          pid: 40,
          name: 'java',
          cpuPercent: 190,
          userPercent: 184,
          systemPercent: 6,
          ageSeconds: 120,
        }),
      ],
      runtimes: [{ pid: 40, runtime: 'jvm', profilers: [] }],
    });

    // Act
    const d = diagnosisOf(runawayProcess.judge(facts));

    // Assess
    expect(d.confidence).toBeLessThan(0.4);
    expect(d.summary).toContain('top -H -p 40');
  });

  it('keeps a busy but unpinned process a hint', () => {
    // Prepare
    const facts = makeFacts({
      processes: [
        proc({ pid: 7, name: 'worker', cpuPercent: 70, userPercent: 66, systemPercent: 4 }),
      ],
    });

    // Act
    const d = diagnosisOf(runawayProcess.judge(facts));

    // Assess
    expect(d.confidence).toBeLessThan(0.4);
  });

  it('stays suggestive for a pinned process with no CPU split at all', () => {
    // Prepare
    const facts = makeFacts({ processes: [proc({ pid: 8, name: 'app', cpuPercent: 99 })] });
    delete facts.cpu;

    // Act
    const d = diagnosisOf(runawayProcess.judge(facts));

    // Assess
    expect(d.confidence).toBeGreaterThanOrEqual(0.4);
    expect(d.confidence).toBeLessThanOrEqual(0.6);
    expect(d.fixes[0]?.command).toBe('perf top -p 8');
  });

  it('returns no-data without a process list', () => {
    // Prepare
    const facts = makeFacts({ processes: [] });

    // Act
    const outcome = runawayProcess.judge(facts);

    // Assess
    expect(outcome).toEqual({ kind: 'no-data', missing: 'per-process CPU (top or ps)' });
  });
});

describe('runawayProcess and the process a person asked about', () => {
  it('judges the --pid process first when it spins too, even if another is hotter', () => {
    // Prepare: a build job is hotter, but the capture was taken with --pid 4242.
    const facts = makeFacts({
      focusPid: 4242,
      cpu: { split: split({ user: 95, system: 2 }), source: 'vmstat 1 5', samples: 4, series: [] },
      processes: [
        proc({ pid: 7000, name: 'cc1plus', cpuPercent: 200, userPercent: 198, systemPercent: 2 }),
        proc({ pid: 4242, name: 'node', cpuPercent: 99, userPercent: 99, systemPercent: 0.5 }),
      ],
    });

    // Act
    const d = diagnosisOf(runawayProcess.judge(facts));

    // Assess
    expect(d.pid).toBe(4242);
  });
});
