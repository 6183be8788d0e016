import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../functions/core/capture/read.js';
import { cpuSteal } from '../../../../functions/core/causes/cpu-steal/index.js';
import { syscallStorm } from '../../../../functions/core/causes/syscall-storm/index.js';
import { order } from '../../../../functions/core/classify.js';
import { deriveFacts } from '../../../../functions/core/facts/derive.js';
import type { CpuSplit, Facts, SyscallFacts } from '../../../../functions/core/facts/types.js';
import { makeFacts, proc, split } from '../../../helpers/facts.js';
import { loadFixture } from '../../../helpers/fixtures.js';
import { diagnosisOf, reasonOf } from '../../../helpers/outcomes.js';

const factsOf = (path: string): Facts => deriveFacts(readCapture(loadFixture(path)));

const withSplit = (over: Partial<CpuSplit>): Facts['cpu'] => ({
  split: split(over),
  source: 'vmstat 1 5',
  samples: 4,
  series: [split(over), split(over), split(over), split(over)],
});

/** Seed 000, sick instance: `strace -c -p 2852` as the author pasted it (untimed, ^C). */
const seed000Strace: SyscallFacts = {
  pid: 2852,
  source: 'strace -c -p 2852',
  totalCalls: 2_537_321,
  totalErrors: 633_476,
  syscalls: [
    { name: 'write', calls: 1_266_953, errors: 633_476, percentTime: 46.78 },
    { name: 'rt_sigreturn', calls: 636_891, errors: 0, percentTime: 29.0 },
    { name: 'read', calls: 633_477, errors: 0, percentTime: 24.23 },
  ],
};

describe('syscall-storm from a syscall table alone', () => {
  it('names a timed spin at 0.8: the rate is direct evidence (mpdscribble, 73k epoll_wait/s)', () => {
    // Act
    const d = diagnosisOf(
      syscallStorm.judge(
        factsOf('captures/corpus/syscall-storm/mpdscribble-60-epoll-wait-strace-c.txt'),
      ),
    );

    // Assess
    expect(d.confidence).toBe(0.8);
    expect(d.pid).toBe(222341);
    expect(d.summary).toMatch(/No CPU split was captured/);
    expect(d.evidence.map((e) => e.text)).toContainEqual(
      expect.stringMatching(/^epoll_wait 363,839 calls \(.*1 usecs\/call, 73k\/s\)$/),
    );
  });

  it('names a timed yield storm with its own fixes (nomad, strace -c -f over 10 s)', () => {
    // Act
    const d = diagnosisOf(
      syscallStorm.judge(
        factsOf('captures/corpus/syscall-storm/nomad-8163-sched-yield-strace-c.txt'),
      ),
    );

    // Assess
    expect(d.confidence).toBe(0.8);
    expect(d.summary).toMatch(/spin on sched_yield/);
    expect(d.fixes.map((f) => f.title)).toContain(
      'Replace the spin with a blocking wait, or upgrade the runtime',
    );
  });

  it('names an untimed storm at 0.7: the count is a storm only if the trace ran seconds', () => {
    // Act
    const d = diagnosisOf(
      syscallStorm.judge(
        factsOf('captures/corpus/syscall-storm/neon-1480-hpet-gettimeofday-syscall.txt'),
      ),
    );

    // Assess
    expect(d.confidence).toBe(0.7);
  });

  it('names a raw screenful of calls that return at once at 0.6: the loop, not its pace', () => {
    // Prepare: eAccelerator issue 15, 27 sched_yield lines, as the raw-strace reader counts them
    const { cpu: _cpu, ...facts } = makeFacts({
      processes: [],
      syscalls: {
        source: 'pasted strace',
        totalCalls: 27,
        totalErrors: 0,
        syscalls: [{ name: 'sched_yield', calls: 27, errors: 0 }],
        traced: 'raw',
      } as SyscallFacts,
    });

    // Act
    const d = diagnosisOf(syscallStorm.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.6);
  });

  it('keeps a storm that costs the host little at 0.45', () => {
    // Prepare
    const facts = factsOf('captures/corpus/syscall-storm/mpdscribble-60-epoll-wait-strace-c.txt');
    facts.cpu = withSplit({ user: 3, system: 2 });

    // Act
    const d = diagnosisOf(syscallStorm.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.45);
    expect(d.summary).toMatch(/costs the host little/);
  });
});

describe('a signal storm on a host that shows steal', () => {
  const stormWithSteal = (system: number, steal: number): Facts =>
    makeFacts({ cpu: withSplit({ user: 20, system, steal }), syscalls: seed000Strace });

  it('reads sy against the CPU the instance got: sy 10% with 50% stolen is 20%', () => {
    // Act
    const d = diagnosisOf(syscallStorm.judge(stormWithSteal(10, 50)));

    // Assess
    expect(d.confidence).toBeGreaterThanOrEqual(0.85);
    expect(d.evidence[0]?.text).toBe(
      'sy 10% of all CPU (us 20%, st 50%: 20% of the CPU the instance got)',
    );
  });

  it('does not when the scaled sy stays under 15% (sy 10% with 30% stolen: 14%)', () => {
    // Act
    const d = diagnosisOf(syscallStorm.judge(stormWithSteal(10, 30)));

    // Assess
    expect(d.confidence).toBe(0.45);
  });

  it('names the storm and puts it before the steal it drives', () => {
    // Prepare
    const facts = stormWithSteal(25, 30);

    // Act
    const storm = diagnosisOf(syscallStorm.judge(facts));
    const steal = diagnosisOf(cpuSteal.judge(facts));
    const ordered = order([steal, storm]).map((d) => d.cause);

    // Assess
    expect(storm.explains).toEqual(['cpu-steal']);
    expect(storm.chain).toMatch(/steal \(30%\)/);
    expect(ordered).toEqual(['syscall-storm', 'cpu-steal']);
  });

  it('claims no chain when steal is under 5%', () => {
    // Act
    const storm = diagnosisOf(syscallStorm.judge(stormWithSteal(25, 4.9)));

    // Assess
    expect(storm.explains).toBe(undefined);
  });

  /** No trace: node catching SIGPROF with Datadog's profiler on, on a host losing half its CPU. */
  const hintsWithSteal = (withProfiler: boolean): Facts =>
    makeFacts({
      cpu: withSplit({ user: 20, system: 10, steal: 50 }),
      processes: [
        proc({
          pid: 2872,
          name: 'node',
          cpuPercent: 40,
          ...(withProfiler
            ? { caughtSignals: ['SIGPROF'], env: { DD_PROFILING_ENABLED: 'true' } }
            : {}),
        }),
      ],
    });

  it('names the signal-storm hints under steal and puts them before the steal', () => {
    // Act
    const d = diagnosisOf(syscallStorm.judge(hintsWithSteal(true)));

    // Assess
    expect(d.confidence).toBe(0.6);
    expect(d.explains).toEqual(['cpu-steal']);
    expect(d.evidence.map((e) => e.text)).toEqual(
      expect.arrayContaining([
        'sy 10% of all CPU (us 20%, st 50%: 20% of the CPU the instance got)',
        'node (pid 2872) catches SIGPROF (SigCgt)',
      ]),
    );
  });

  it('names nothing from sy read against the stolen CPU alone', () => {
    // Act / Assess
    expect(reasonOf(syscallStorm.judge(hintsWithSteal(false)))).toMatch(/system CPU 10%/);
  });
});
