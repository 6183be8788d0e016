import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { classify, type Triage } from '../../../functions/core/classify.js';
import type { Facts } from '../../../functions/core/facts/types.js';
import { comparePeer, type PeerRow } from '../../../functions/core/peer/compare-peer.js';
import { makeFacts, proc } from '../../helpers/facts.js';
import { loadFixture } from '../../helpers/fixtures.js';

const seed = (side: 'sick' | 'healthy'): Triage =>
  classify(readCapture(loadFixture(`captures/seeds/seed-000-${side}.txt`)));

const triage = (facts: Facts, cause: Triage['cause'] = 'healthy'): Triage => ({
  cause,
  confidence: 0.9,
  headline: cause,
  diagnoses: [],
  ruledOut: [],
  missing: [],
  facts,
});

const row = (rows: PeerRow[], label: string) => rows.find((r) => r.label === label);

describe('comparePeer', () => {
  it('names the system CPU and the rt_sigreturn flood on seed 000’s sick instance only', () => {
    // Act
    const result = comparePeer(seed('sick'), seed('healthy'));

    // Assess
    expect(row(result.rows, 'system CPU (perf)')).toMatchObject({
      verdict: 'differs',
      sick: '12% of samples',
      healthy: '0% of samples',
    });
    expect(row(result.rows, 'rt_sigreturn')).toMatchObject({
      verdict: 'differs',
      sick: '29% of syscall time',
      healthy: '3.4% of syscall time',
    });
    expect(row(result.rows, 'signal delivery (perf)')?.verdict).toBe('differs');
    expect(row(result.rows, 'busiest syscall')).toMatchObject({
      sick: 'write',
      healthy: 'epoll_pwait',
    });
    expect(result.summary).toMatch(/^differs: system CPU \(perf\) 12% of samples vs 0% of samples/);
    expect(result.summary).toMatch(/rt_sigreturn 29% of syscall time vs 3\.4%/);
  });

  it('says SIGPROF reaches seed 000’s healthy peer too: the signal alone does not explain it', () => {
    const result = comparePeer(seed('sick'), seed('healthy'));

    expect(row(result.rows, 'signals traced')).toMatchObject({
      verdict: 'same',
      sick: 'SIGPROF',
      healthy: 'SIGPROF',
    });
    expect(result.summary).toMatch(/same on the healthy peer: .*signals traced/);
  });

  it('lists what only one capture showed as not compared, never as a difference', () => {
    const result = comparePeer(seed('sick'), seed('healthy'));

    expect(result.notCompared).toContain(
      'CPU split (sick: us 58%, sy 37%): only the sick capture shows it',
    );
    expect(result.rows.find((r) => r.area === 'process')).toBeUndefined();
    expect(result.rows.find((r) => r.area === 'agents')).toBeUndefined();
  });

  it('puts what differs before what is the same, whatever the area order', () => {
    // Prepare: the CPU split (first area) is the same, the busiest process's RSS (later) differs
    const facts = (rssKiB: number) =>
      makeFacts({ processes: [proc({ pid: 1, name: 'node', cpuPercent: 50, rssKiB })] });

    // Act
    const result = comparePeer(triage(facts(900_000), 'memory-creep'), triage(facts(300_000)));

    // Assess
    expect(result.rows[0]).toMatchObject({ label: 'node RSS', verdict: 'differs' });
    expect(result.rows.at(-1)?.verdict).toBe('same');
    expect(result.rows.findIndex((r) => r.label === 'sy (system CPU)')).toBeGreaterThan(0);
  });

  it('compares agents, profilers, environment flags and versions of the busiest process', () => {
    // Prepare
    const node = (env: Record<string, string>) =>
      makeFacts({
        kernelRelease: '6.1.0-1.amzn2023.aarch64',
        processes: [
          proc({
            pid: 10,
            name: 'node-20',
            command: 'node-20 /app/server.js',
            cpuPercent: 90,
            env,
          }),
          proc({
            pid: 20,
            name: 'agent',
            user: 'dd-agent',
            command: '/opt/datadog-agent/bin/agent',
          }),
        ],
        runtimes: [],
      });
    const sick = node({ DD_PROFILING_ENABLED: 'true', NODE_OPTIONS: '--require dd-trace/init' });
    const peer = node({ NODE_OPTIONS: '--require dd-trace/init' });
    sick.agents = [{ name: 'Datadog agent', evidence: 'dd-agent runs agent', source: 'ps' }];
    peer.agents = [...sick.agents];

    // Act
    const rows = comparePeer(triage(sick, 'syscall-storm'), triage(peer)).rows;

    // Assess
    expect(row(rows, 'DD_PROFILING_ENABLED')).toMatchObject({
      verdict: 'differs',
      sick: 'true',
      healthy: '(unset)',
    });
    expect(row(rows, 'NODE_OPTIONS')?.verdict).toBe('same');
    expect(row(rows, 'agents and profilers')).toMatchObject({
      verdict: 'same',
      sick: 'Datadog agent, dd-trace',
    });
    expect(row(rows, 'kernel')?.verdict).toBe('same');
    expect(row(rows, 'Node')).toMatchObject({ verdict: 'same', sick: '20' });
  });

  it('names an agent present on the sick one only', () => {
    const withPerf = makeFacts({
      processes: [proc({ pid: 1, name: 'node' }), proc({ pid: 2, name: 'perf' })],
    });
    const without = makeFacts({ processes: [proc({ pid: 1, name: 'node' })] });

    expect(
      row(comparePeer(triage(withPerf), triage(without)).rows, 'agents and profilers'),
    ).toMatchObject({
      verdict: 'differs',
      reason: 'only on the sick one: perf',
    });
  });
});
