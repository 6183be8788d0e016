import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../functions/core/capture/read.js';
import { memoryCreep } from '../../../../functions/core/causes/memory-creep/index.js';
import { deriveFacts } from '../../../../functions/core/facts/derive.js';
import { makeFacts } from '../../../helpers/facts.js';
import { loadFixture } from '../../../helpers/fixtures.js';
import { diagnosisOf } from '../../../helpers/outcomes.js';

const judged = (path: string) =>
  diagnosisOf(
    memoryCreep.judge(deriveFacts(readCapture(loadFixture(`captures/kernel-log/${path}`)))),
  );

describe('memory-creep: who killed for memory', () => {
  it('words earlyoom as a user-space killer, with its thresholds to check (real log)', () => {
    // Prepare / Act
    const d = judged('earlyoom-no-hostname-java.txt');

    // Assess
    expect(d.confidence).toBe(0.8);
    expect(d.summary).toBe('Memory ran out: earlyoom killed java (PID 906175, 42.9 GiB).');
    expect(d.evidence[0]?.text).toBe(
      'earlyoom (a user-space killer acting when available memory falls under its threshold) killed java (PID 906175, 42.9 GiB)',
    );
    expect(d.fixes[0]?.title).toBe("Check earlyoom's thresholds");
    // The killed process was a JVM: its leak-finding fix, not a restart of a dead process.
    expect(
      d.fixes.some((f) => f.command === 'jcmd 906175 GC.heap_dump /tmp/heap-906175.hprof'),
    ).toBe(true);
    expect(d.fixes.some((f) => f.title.startsWith('Restart'))).toBe(false);
  });

  it('words systemd-oomd as killing a cgroup on memory pressure, with oomd.conf (real log)', () => {
    // Prepare / Act
    const d = judged('systemd-oomd-ubuntu-22.04-terminal-scope.txt');

    // Assess
    expect(d.evidence[0]?.text).toMatch(
      /^systemd-oomd \(a user-space killer acting on memory pressure before the kernel would\) killed vte-spawn-[\w-]+\.scope$/,
    );
    expect(d.fixes[0]?.detail).toContain('ManagedOOMMemoryPressureLimit=');
    expect(d.fixes[0]?.detail).toContain('/etc/systemd/oomd.conf');
  });

  it("words systemd's unit line as the kernel's OOM killer taking one of the unit's processes (real log)", () => {
    // Prepare / Act
    const d = judged('systemd-unit-oom-killer-iso.txt');

    // Assess
    expect(d.summary).toBe('Memory ran out: the OOM killer killed a process of user-1021.slice.');
    expect(d.fixes.some((f) => /earlyoom|oomd/.test(f.title))).toBe(false);
  });

  it('counts every kill by the same killer on one line', () => {
    // Prepare
    const kill = (pid: number) => ({
      kind: 'oom-kill' as const,
      pid,
      process: 'tickrs',
      line: `Out of memory: Killed process ${pid} (tickrs)`,
      source: 'journalctl -k',
    });
    const facts = makeFacts({ kernelEvents: [kill(1), kill(2), kill(3)] });

    // Act
    const d = diagnosisOf(memoryCreep.judge(facts));

    // Assess
    expect(d.evidence).toContainEqual({
      source: 'journalctl -k',
      text: "the kernel's OOM killer killed 3 times: tickrs (PID 1), tickrs (PID 2), tickrs (PID 3)",
    });
  });
});
