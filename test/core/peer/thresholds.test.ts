/**
 * Each "differs" threshold, just below and just above: an absolute floor of its own, and
 * compare's meaningful share (30% of the larger value).
 */
import { describe, expect, it } from 'vitest';
import type { Triage } from '../../../functions/core/classify.js';
import type { Facts, ProcessFacts } from '../../../functions/core/facts/types.js';
import { comparePeer } from '../../../functions/core/peer/compare-peer.js';
import { makeFacts, proc, split } from '../../helpers/facts.js';

const triage = (facts: Facts): Triage => ({
  cause: 'healthy',
  confidence: 0.9,
  headline: '',
  diagnoses: [],
  ruledOut: [],
  missing: [],
  facts,
});

const withSy = (system: number) =>
  makeFacts({ cpu: { split: split({ system }), source: 'vmstat 1 5', samples: 4, series: [] } });
const withNode = (over: Partial<ProcessFacts>) =>
  makeFacts({ processes: [proc({ pid: 1, name: 'node', cpuPercent: 50, ...over })] });
const strace = (calls: number, sigreturns: number, seconds: number) =>
  makeFacts({
    syscalls: {
      source: 'strace -c',
      seconds,
      totalCalls: calls,
      totalErrors: 0,
      syscalls: [
        { name: 'write', calls: calls - sigreturns, errors: 0 },
        { name: 'rt_sigreturn', calls: sigreturns, errors: 0 },
      ],
    },
  });
const signalRate = (perSecond: number) =>
  makeFacts({
    processes: [proc({ pid: 1, name: 'node', cpuPercent: 50 })],
    syscallRates: [
      { pid: 1, signals: { perSecond, seconds: 5, source: 'perf stat', method: 'perf' } },
    ],
  });

const verdict = (sick: Facts, healthy: Facts, label: string) =>
  comparePeer(triage(sick), triage(healthy)).rows.find((r) => r.label === label)?.verdict;

describe('comparePeer thresholds', () => {
  it.each([
    ['sy: 4.9 points apart (floor 5)', withSy(10), withSy(5.1), 'same'],
    ['sy: 5 points apart and half', withSy(10), withSy(5), 'differs'],
    ['sy: 5.9 points but 29.5% apart', withSy(20), withSy(14.1), 'same'],
    ['sy: 30% apart', withSy(20), withSy(14), 'differs'],
  ] as const)('%s', (_, sick, healthy, expected) => {
    expect(verdict(sick, healthy, 'sy (system CPU)')).toBe(expected);
  });

  it.each([
    ['9.9% of a core apart (floor 10)', 20, 10.1, 'same'],
    ['10% of a core apart', 20, 10, 'differs'],
    ['25% apart (under the share)', 100, 75, 'same'],
    ['30% apart', 100, 70, 'differs'],
  ] as const)('process CPU: %s', (_, sick, healthy, expected) => {
    expect(
      verdict(withNode({ cpuPercent: sick }), withNode({ cpuPercent: healthy }), 'node CPU'),
    ).toBe(expected);
  });

  it.each([
    ['4 threads apart (floor 5)', 10, 6, 'same'],
    ['5 threads apart', 10, 5, 'differs'],
  ] as const)('threads: %s', (_, sick, healthy, expected) => {
    expect(
      verdict(withNode({ threads: sick }), withNode({ threads: healthy }), 'node threads'),
    ).toBe(expected);
  });

  it.each([
    ['63 MiB apart (floor 64 MiB)', 128 * 1024, 65 * 1024, 'same'],
    ['64 MiB apart', 128 * 1024, 64 * 1024, 'differs'],
  ] as const)('RSS: %s', (_, sick, healthy, expected) => {
    expect(verdict(withNode({ rssKiB: sick }), withNode({ rssKiB: healthy }), 'node RSS')).toBe(
      expected,
    );
  });

  it.each([
    ['59 min apart (floor 1 h)', 7_140, 3_600, 'same'],
    ['1 h apart', 7_200, 3_600, 'differs'],
  ] as const)('process age: %s', (_, sick, healthy, expected) => {
    expect(
      verdict(
        withNode({ ageSeconds: sick }),
        withNode({ ageSeconds: healthy }),
        'node running for',
      ),
    ).toBe(expected);
  });

  it.each([
    ['999/s apart (floor 1,000/s)', 2_000, 1_001, 'same'],
    ['1,000/s apart', 2_000, 1_000, 'differs'],
  ] as const)('syscall rate: %s', (_, sick, healthy, expected) => {
    expect(verdict(strace(sick, 0, 1), strace(healthy, 0, 1), 'syscall rate')).toBe(expected);
  });

  it.each([
    ['99/s apart (floor 100/s)', 200, 101, 'same'],
    ['100/s apart', 200, 100, 'differs'],
  ] as const)('rt_sigreturn rate: %s', (_, sick, healthy, expected) => {
    expect(verdict(strace(10_000, sick, 1), strace(10_000, healthy, 1), 'rt_sigreturn')).toBe(
      expected,
    );
  });

  it.each([
    ['99/s apart (floor 100/s)', 200, 101, 'same'],
    ['100/s apart', 200, 100, 'differs'],
  ] as const)('signal deliveries: %s', (_, sick, healthy, expected) => {
    expect(verdict(signalRate(sick), signalRate(healthy), 'signal deliveries')).toBe(expected);
  });

  it.each([
    ['4.9 points of calls apart (floor 5)', 10_000, 490, 'same'],
    ['5 points of calls apart', 10_000, 500, 'differs'],
  ] as const)('rt_sigreturn share of an untimed trace: %s', (_, calls, sick, expected) => {
    const untimed = (sigreturns: number) => {
      const f = strace(calls, sigreturns, 0);
      delete f.syscalls?.seconds;
      return f;
    };
    expect(verdict(untimed(sick), untimed(0), 'rt_sigreturn')).toBe(expected);
  });
});
