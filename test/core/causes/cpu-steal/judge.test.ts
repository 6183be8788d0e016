import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../functions/core/capture/read.js';
import { WANTS_CPU_IDLE } from '../../../../functions/core/causes/cpu-steal/demand.js';
import { cpuSteal } from '../../../../functions/core/causes/cpu-steal/index.js';
import { deriveFacts } from '../../../../functions/core/facts/derive.js';
import type { CpuFacts, CpuSplit } from '../../../../functions/core/facts/types.js';
import { makeFacts, split } from '../../../helpers/facts.js';
import { loadFixture } from '../../../helpers/fixtures.js';
import { metricSeries } from '../../../helpers/metric-series.js';
import { diagnosisOf, reasonOf } from '../../../helpers/outcomes.js';
import { seed002 } from '../../../helpers/seed-facts.js';

const DESCRIBE = 'aws ec2 describe-instances';
const ID = 'i-0abc1234def567890';

const vmstat = (rows: Partial<CpuSplit>[]): CpuFacts => {
  const series = rows.map((r) => split(r));
  const steal = series.reduce((a, s) => a + s.steal, 0) / series.length;
  const user = series.reduce((a, s) => a + s.user, 0) / series.length;
  return { split: split({ user, steal }), source: 'vmstat 1 5', samples: series.length, series };
};

describe('cpuSteal', () => {
  it('names cpu-steal on an m5.large losing 25% to the hypervisor', () => {
    // Prepare
    const facts = makeFacts({
      cpu: vmstat([
        { user: 60, steal: 24 },
        { user: 58, steal: 26 },
        { user: 61, steal: 25 },
        { user: 59, steal: 25 },
      ]),
      instance: { id: ID, type: 'm5.large', source: DESCRIBE },
    });

    // Act
    const d = diagnosisOf(cpuSteal.judge(facts));

    // Assess
    expect(d.cause).toBe('cpu-steal');
    expect(d.confidence).toBeGreaterThanOrEqual(0.8);
    expect(d.summary).toContain('takes 25% of the CPU away');
    expect(d.evidence).toEqual([
      {
        source: 'vmstat 1 5',
        text: "steal 25% of all CPUs, 4 of 4 samples at 10% or more: the hypervisor runs someone else on this instance's CPUs",
      },
      { source: 'vmstat 1 5', text: 'idle 15%: the guest would use the stolen time' },
      {
        source: DESCRIBE,
        text: 'm5.large is not burstable: no credits that could explain the steal',
      },
    ]);
    expect(d.fixes.map((f) => f.command)).toEqual([
      `aws ec2 stop-instances --instance-ids ${ID} && aws ec2 wait instance-stopped --instance-ids ${ID} && aws ec2 start-instances --instance-ids ${ID}`,
      `aws ec2 describe-instance-status --include-all-instances --instance-ids ${ID}`,
      undefined,
    ]);
    expect(d.fixes[0]?.detail).toContain('public IP changes unless it has an Elastic IP');
  });

  it('steps aside when credit throttling explains the steal on a t2.micro at 0 credits', () => {
    // Prepare
    const facts = makeFacts({
      cpu: vmstat([{ user: 55, steal: 40 }]),
      instance: {
        id: ID,
        type: 't2.micro',
        creditMode: { value: 'standard', from: 'describe-instance-credit-specifications' },
        source: DESCRIBE,
      },
      credits: {
        balance: metricSeries('CPUCreditBalance', [0, 0, 0, 0]),
        cpuUtilization: metricSeries('CPUUtilization', [10, 10, 10]),
      },
    });

    // Act
    const reason = reasonOf(cpuSteal.judge(facts));

    // Assess
    expect(reason).toBe(
      'steal 40% (vmstat 1 5) is explained by credit throttling: CPUCreditBalance 0 on a t2.micro in standard mode (see credit-exhaustion)',
    );
  });

  it('names steal on a burstable instance whose credits are fine, quoting the balance', () => {
    // Prepare
    const facts = makeFacts({
      cpu: vmstat([
        { user: 75, steal: 15 },
        { user: 75, steal: 14 },
        { user: 75, steal: 16 },
      ]),
      instance: { id: ID, type: 't3.large', source: DESCRIBE },
      credits: { balance: metricSeries('CPUCreditBalance', [600, 610, 620]) },
    });

    // Act
    const d = diagnosisOf(cpuSteal.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.8);
    expect(d.evidence[2]).toEqual({
      source: 'aws cloudwatch get-metric-data',
      text: 'CPUCreditBalance 620 on a t3.large in unlimited mode: the credits are not throttling it',
    });
  });

  it('lowers its confidence when one top frame shows steal and the instance type is unknown', () => {
    // Prepare
    const facts = makeFacts({
      cpu: {
        split: split({ user: 80, steal: 12 }),
        source: 'top -b -n 1',
        origin: 'top',
        samples: 1,
        series: [],
      },
    });

    // Act
    const d = diagnosisOf(cpuSteal.judge(facts));

    // Assess
    expect(d.confidence).toBeLessThan(0.5);
    expect(d.summary).toContain('check its CPU credits');
    expect(d.evidence[0]?.text).toContain('in a single top frame');
  });

  it('stays suggestive when a standard-mode burstable has no balance in the capture', () => {
    // Prepare
    const facts = makeFacts({
      cpu: vmstat([{ steal: 30 }, { steal: 30 }]),
      instance: { type: 't2.medium', source: '# instance-type' },
    });

    // Act
    const d = diagnosisOf(cpuSteal.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.4);
    expect(d.summary).toContain('credit balance was not captured');
    expect(d.fixes[0]?.command).toContain('--instance-ids i-…');
  });

  it('offers replacement through the Auto Scaling group when there is one', () => {
    // Prepare
    const facts = makeFacts({
      cpu: vmstat([{ steal: 20 }, { steal: 20 }]),
      instance: { id: ID, type: 'c5.xlarge', autoScalingGroup: 'web-asg', source: DESCRIBE },
    });

    // Act
    const d = diagnosisOf(cpuSteal.judge(facts));

    // Assess
    expect(d.fixes[0]?.command).toBe(
      `aws autoscaling terminate-instance-in-auto-scaling-group --instance-id ${ID} --no-should-decrement-desired-capacity`,
    );
  });

  it('rules steal out on seed 002, where the CPU went to reclaim, not to the host', () => {
    // Prepare
    const facts = seed002();

    // Act
    const reason = reasonOf(cpuSteal.judge(facts));

    // Assess
    expect(reason).toBe('steal 0% (vmstat 1 5, average of 4 samples)');
  });

  it('rules steal out with its number when it is low', () => {
    // Prepare
    const facts = makeFacts({ cpu: vmstat([{ steal: 1 }, { steal: 0.6 }, { steal: 0.8 }]) });

    // Act
    const reason = reasonOf(cpuSteal.judge(facts));

    // Assess
    expect(reason).toBe('steal 0.8% (vmstat 1 5, average of 3 samples)');
  });

  it('asks for a CPU split when there is none', () => {
    // Prepare
    const facts = makeFacts({ cpu: undefined });

    // Act
    const outcome = cpuSteal.judge(facts);

    // Assess
    expect(outcome.kind).toBe('no-data');
  });

  it('rules out a little steal on an idle guest: it wants no CPU (techworldwithmurali, 5.7%)', () => {
    // Prepare: a real top of a freshly booted EC2 instance, load 0.00, 94% idle, 5.7% steal.
    const facts = deriveFacts(
      readCapture(
        loadFixture('captures/corpus/healthy/techworldwithmurali-top-idle-ec2-st-5.7.txt'),
      ),
    );

    // Act
    const reason = reasonOf(cpuSteal.judge(facts));

    // Assess
    expect(reason).toBe('steal 5.7% (top) while the CPUs sit 94% idle: it costs nothing');
  });

  it('counts the same 5.7% steal when the guest wants the CPU (idle just under 20%)', () => {
    // Prepare
    const steal = (idle: number) =>
      makeFacts({
        cpu: {
          split: split({ user: 70, steal: 5.7, idle }),
          source: 'vmstat 1 5',
          samples: 3,
          series: [split({ steal: 5.7, idle }), split({ steal: 5.7, idle })],
        },
        instance: { id: ID, type: 'm5.large', source: DESCRIBE },
      });

    // Act
    const wanted = cpuSteal.judge(steal(WANTS_CPU_IDLE - 0.1));
    const idle = cpuSteal.judge(steal(WANTS_CPU_IDLE));

    // Assess
    expect(wanted.kind).toBe('diagnosis');
    expect(idle.kind).toBe('ruled-out');
  });

  it('counts steal on an idle split when the run queue shows the guest wants every CPU', () => {
    // Prepare: vmstat's r at the CPU count (2).
    const facts = makeFacts({
      cpu: { ...vmstat([{ steal: 6 }, { steal: 6 }]), runQueue: 2 },
      instance: { id: ID, type: 'm5.large', source: DESCRIBE },
    });

    // Act
    const d = diagnosisOf(cpuSteal.judge(facts));

    // Assess
    expect(d.evidence[1]?.text).toBe('2.0 runnable on 2 CPUs: the guest wants every CPU it has');
  });

  it('caps strong steal on a mostly idle guest at 0.5 and says it costs little now', () => {
    // Prepare
    const facts = makeFacts({
      cpu: vmstat([{ steal: 30 }, { steal: 30 }, { steal: 30 }]),
      instance: { id: ID, type: 'm5.large', source: DESCRIBE },
    });

    // Act
    const d = diagnosisOf(cpuSteal.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.5);
    expect(d.summary).toContain('costs it little now');
  });

  it('caps steal at 0.5 on a t3 whose unlimited mode is only the family default and balance unknown', () => {
    // Prepare
    const facts = makeFacts({
      cpu: vmstat([
        { user: 60, steal: 30 },
        { user: 60, steal: 30 },
        { user: 60, steal: 30 },
      ]),
      instance: { id: ID, type: 't3.medium', source: '# instance-type' },
    });

    // Act
    const d = diagnosisOf(cpuSteal.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.5);
    expect(d.summary).toContain('was assumed from the family default');
  });
});

describe('cpu-steal on htop’s bars', () => {
  it('asks for a split instead of ruling steal out: the bars show how busy, not steal', () => {
    // Act
    const outcome = cpuSteal.judge(
      deriveFacts(readCapture(loadFixture('captures/htop/meters-stress-2cpu-cld-labo.txt'))),
    );

    // Assess
    expect(outcome).toEqual({
      kind: 'no-data',
      missing:
        'CPU split with steal (st): pasted htop shows only how busy the CPUs are; add `vmstat 1 5`',
    });
  });
});
