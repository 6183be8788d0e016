import { describe, expect, it } from 'vitest';
import { type BurstableSpec, burstableSpec } from '../../../../functions/core/burstable.js';
import { creditExhaustion } from '../../../../functions/core/causes/credit-exhaustion/index.js';
import type { CpuSplit, Facts, InstanceFacts } from '../../../../functions/core/facts/types.js';
import { makeFacts, proc, split } from '../../../helpers/facts.js';
import { GET_METRIC_DATA, metricSeries } from '../../../helpers/metric-series.js';
import { diagnosisOf, reasonOf } from '../../../helpers/outcomes.js';
import { seed002 } from '../../../helpers/seed-facts.js';

const DESCRIBE = 'aws ec2 describe-instances';
const ID = 'i-0abc1234def567890';

const T2_MICRO = burstableSpec('t2.micro') as BurstableSpec;
const T3_MICRO = burstableSpec('t3.micro') as BurstableSpec;

const instance = (over: Partial<InstanceFacts>): InstanceFacts => ({
  id: ID,
  source: DESCRIBE,
  ageHours: 24 * 30,
  ...over,
});

const vmstat = (over: Partial<CpuSplit>) => ({
  split: split(over),
  source: 'vmstat 1 5',
  samples: 4,
  series: [split(over), split(over), split(over), split(over)],
});

/** A t2.micro in standard mode, spent, held at its 10% baseline, the guest seeing 40% steal. */
const throttledT2 = (): Facts =>
  makeFacts({
    cpus: 1,
    cpu: vmstat({ user: 55, system: 4, steal: 40 }),
    processes: [proc({ pid: 3120, name: 'java', cpuPercent: 58 })],
    instance: instance({
      type: 't2.micro',
      burstable: T2_MICRO,
      creditMode: { value: 'standard', from: 'describe-instance-credit-specifications' },
    }),
    credits: {
      balance: metricSeries('CPUCreditBalance', [20, 9, 2.5, 0.4, 0, 0, 0, 0, 0, 0, 0, 0]),
      cpuUtilization: metricSeries('CPUUtilization', [10.1, 9.9, 10, 10, 10.1, 9.9]),
    },
  });

describe('creditExhaustion', () => {
  it('rules credits out with the balance on seed 002 (144 of 288 left)', () => {
    // Prepare
    const facts = seed002();

    // Act
    const outcome = creditExhaustion.judge(facts);

    // Assess
    expect(reasonOf(outcome)).toBe('CPU credits: 144 of 288 left (t3.micro earns 12/h)');
  });

  it('names credit-exhaustion when a t2.micro in standard mode sits at 0 with CPU flat at 10% and 40% steal', () => {
    // Prepare
    const facts = throttledT2();

    // Act
    const d = diagnosisOf(creditExhaustion.judge(facts));

    // Assess
    expect(d.cause).toBe('credit-exhaustion');
    expect(d.confidence).toBeGreaterThanOrEqual(0.8);
    expect(d.summary).toMatch(/t2\.micro.*standard mode.*throttled to its 10% baseline/);
    expect(d.evidence).toContainEqual({
      source: GET_METRIC_DATA,
      text: expect.stringMatching(
        /^CPUCreditBalance 0 of 144 for the last 45 min \(spent: under 7\.2, 5% of the cap\)$/,
      ),
    });
    expect(d.evidence).toContainEqual({
      source: GET_METRIC_DATA,
      text: expect.stringMatching(/CPUUtilization 10% .*flat at the t2\.micro baseline of 10%/),
    });
    expect(d.evidence).toContainEqual({
      source: 'vmstat 1 5',
      text: expect.stringMatching(/^steal 40%/),
    });
    expect(d.evidence).toContainEqual({
      source: DESCRIBE,
      text: expect.stringMatching(/t2\.micro is burstable .*, standard mode$/),
    });
    expect(d.fixes[0]).toMatchObject({
      when: 'now',
      command: `aws ec2 modify-instance-credit-specification --instance-credit-specification "InstanceId=${ID},CpuCredits=unlimited"`,
    });
    expect(d.fixes.map((f) => f.title)).toEqual([
      'Switch to unlimited mode',
      'Find what burns the credits',
      'Move to a larger size (t2.small)',
      'Or a non-burstable family',
    ]);
    expect(d.fixes[1]?.detail).toContain('java (PID 3120)');
  });

  it('says a spent t3.micro in unlimited mode is charged, not throttled, with the charge', () => {
    // Prepare
    const facts = makeFacts({
      cpu: vmstat({ user: 96 }),
      instance: instance({
        type: 't3.micro',
        burstable: T3_MICRO,
        creditMode: { value: 'unlimited', from: 'describe-instance-credit-specifications' },
      }),
      credits: {
        balance: metricSeries('CPUCreditBalance', [0, 0, 0, 0]),
        surplusBalance: metricSeries('CPUSurplusCreditBalance', [276, 282, 288, 288]),
        surplusCharged: metricSeries('CPUSurplusCreditsCharged', [0, 0, 4, 8]),
        cpuUtilization: metricSeries('CPUUtilization', [97, 98, 96, 97]),
      },
    });

    // Act
    const d = diagnosisOf(creditExhaustion.judge(facts));

    // Assess
    expect(d.summary).toBe(
      't3.micro has spent its CPU credits and runs on surplus credits: you are being charged (12 surplus credits), not throttled.',
    );
    expect(d.confidence).toBe(0.7);
    expect(d.evidence).toContainEqual({
      source: GET_METRIC_DATA,
      text: expect.stringMatching(
        /^CPUSurplusCreditsCharged 12 credits over the last 15 min \(0\.2 vCPU-hours/,
      ),
    });
    expect(d.evidence.map((e) => e.text)).toContainEqual(expect.stringMatching(/unlimited mode$/));
    expect(d.fixes.map((f) => f.command)).toContain(
      `aws ec2 modify-instance-credit-specification --instance-credit-specification "InstanceId=${ID},CpuCredits=standard"`,
    );
  });

  it('takes surplus credits as proof of unlimited mode when the mode was only the family default', () => {
    // Prepare
    const facts = makeFacts({
      instance: instance({ type: 't4g.small' }),
      credits: {
        balance: metricSeries('CPUCreditBalance', [0, 0, 0]),
        surplusBalance: metricSeries('CPUSurplusCreditBalance', [40, 52, 64]),
      },
    });

    // Act
    const d = diagnosisOf(creditExhaustion.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.6);
    expect(d.summary).toContain('not throttled');
    expect(d.evidence.at(-1)?.text).toMatch(
      /unlimited mode \(the t4g default, shown by its surplus credits\)$/,
    );
  });

  it('rules out a balance near 0 that is refilling while CPU stays under the baseline', () => {
    // Prepare
    const facts = makeFacts({
      instance: instance({ type: 't2.micro' }),
      credits: {
        balance: metricSeries('CPUCreditBalance', [0, 0.3, 0.7, 1.1, 1.5]),
        cpuUtilization: metricSeries('CPUUtilization', [2.1, 1.8, 2.4]),
      },
    });

    // Act
    const reason = reasonOf(creditExhaustion.judge(facts));

    // Assess
    expect(reason).toBe(
      'CPU credits: 1.5 of 144, but CPUUtilization 2.1% is under the 10% baseline: the t2.micro earns more than it spends (6/h) and nothing is held back',
    );
  });

  it('treats a t3 launched 10 minutes ago with a balance of 0 as new, not spent', () => {
    // Prepare
    const facts = makeFacts({
      instance: instance({
        type: 't3.micro',
        burstable: T3_MICRO,
        creditMode: { value: 'unlimited', from: 'family default' },
        ageHours: 10 / 60,
      }),
      credits: { balance: metricSeries('CPUCreditBalance', [0, 0]) },
    });

    // Act
    const reason = reasonOf(creditExhaustion.judge(facts));

    // Assess
    expect(reason).toBe(
      't3.micro launched 10 min ago: t3 gets no launch credits, so a balance of 0 is where a new instance starts, not credits spent (it earns 12/h); in unlimited mode (the family default) it is not throttled',
    );
  });

  it('gives a new t3 in standard mode at 0 only a low confidence: it is young, not exhausted', () => {
    // Prepare
    const facts = makeFacts({
      cpu: vmstat({ user: 40, steal: 50 }),
      instance: instance({
        type: 't3.micro',
        burstable: T3_MICRO,
        creditMode: { value: 'standard', from: 'describe-instance-credit-specifications' },
        ageHours: 0.5,
      }),
      credits: { balance: metricSeries('CPUCreditBalance', [0, 0, 0]) },
    });

    // Act
    const d = diagnosisOf(creditExhaustion.judge(facts));

    // Assess
    expect(d.confidence).toBeLessThanOrEqual(0.5);
    expect(d.summary).toContain('Not exhaustion: youth.');
  });

  it('says the mode is assumed when it comes from the family default', () => {
    // Prepare: a t3 someone switched to standard; the capture lacks the credit specification
    const facts = makeFacts({
      cpu: vmstat({ user: 50, steal: 30 }),
      instance: instance({
        type: 't3.micro',
        burstable: T3_MICRO,
        creditMode: { value: 'unlimited', from: 'family default' },
      }),
      credits: {
        balance: metricSeries('CPUCreditBalance', [0, 0, 0]),
        cpuUtilization: metricSeries('CPUUtilization', [10, 10.2, 9.8]),
      },
    });

    // Act
    const d = diagnosisOf(creditExhaustion.judge(facts));

    // Assess
    expect(d.summary).toContain('the unlimited mode was assumed from the t3 default');
    expect(d.confidence).toBeGreaterThanOrEqual(0.7);
    expect(d.evidence.map((e) => e.text)).toContainEqual(
      expect.stringContaining(
        'unlimited mode (assumed: the t3 default; describe-instance-credit-specifications not captured)',
      ),
    );
  });

  it('cannot tell throttled from charged when unlimited is assumed and nothing else shows', () => {
    // Prepare
    const facts = makeFacts({
      instance: instance({ type: 't3a.small' }),
      credits: { balance: metricSeries('CPUCreditBalance', [3, 1, 0]) },
    });

    // Act
    const d = diagnosisOf(creditExhaustion.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.5);
    expect(d.summary).toContain('assumed from the t3a default');
    expect(d.fixes[0]?.command).toBe(
      `aws ec2 describe-instance-credit-specifications --instance-ids ${ID}`,
    );
  });

  it('rules out a falling balance still far from 0, and says when it runs out', () => {
    // Prepare: 288 → 200 over an hour, unlimited
    const values = Array.from({ length: 12 }, (_, i) => 288 - 8 * i);
    const facts = makeFacts({
      instance: instance({
        type: 't3.micro',
        burstable: T3_MICRO,
        creditMode: { value: 'unlimited', from: 'describe-instance-credit-specifications' },
      }),
      credits: { balance: metricSeries('CPUCreditBalance', values) },
    });

    // Act
    const reason = reasonOf(creditExhaustion.judge(facts));

    // Assess
    expect(reason).toBe(
      'CPU credits: 200 of 288 left (t3.micro earns 12/h); falling 96/h, empty in ~2.1 h',
    );
  });

  it('warns at low confidence when standard mode runs out within two hours', () => {
    // Prepare: a t2.small losing 60 credits an hour with 60 left
    const values = Array.from({ length: 12 }, (_, i) => 115 - 5 * i);
    const facts = makeFacts({
      instance: instance({ type: 't2.small' }),
      credits: { balance: metricSeries('CPUCreditBalance', values) },
    });

    // Act
    const d = diagnosisOf(creditExhaustion.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.4);
    expect(d.summary).toContain('run out in ~60 min');
  });

  it('shows a T2 balance above the cap as launch credits', () => {
    // Prepare
    const facts = makeFacts({
      instance: instance({ type: 't2.micro' }),
      credits: { balance: metricSeries('CPUCreditBalance', [160, 160, 160]) },
    });

    // Act
    const reason = reasonOf(creditExhaustion.judge(facts));

    // Assess
    expect(reason).toBe(
      'CPU credits: 160 (above the 144 cap: T2 launch credits) left (t2.micro earns 6/h)',
    );
  });

  it('rules out a type that is not burstable', () => {
    // Prepare
    const facts = makeFacts({ instance: instance({ type: 'm5.large' }) });

    // Act
    const reason = reasonOf(creditExhaustion.judge(facts));

    // Assess
    expect(reason).toBe('m5.large is not a burstable type: it has no CPU credits to spend');
  });

  it('asks for the instance type when it is unknown', () => {
    // Prepare
    const facts = makeFacts();

    // Act
    const outcome = creditExhaustion.judge(facts);

    // Assess
    expect(outcome).toEqual({
      kind: 'no-data',
      missing:
        'instance type unknown: add `# instance-type: t3.micro` or the describe-instances block',
    });
  });

  it('asks for the balance when a burstable instance shows no sign of throttling', () => {
    // Prepare
    const facts = makeFacts({ instance: instance({ type: 't3.micro', id: undefined }) });

    // Act
    const outcome = creditExhaustion.judge(facts);

    // Assess
    expect(outcome.kind).toBe('no-data');
    expect(outcome.kind === 'no-data' && outcome.missing).toContain('CPUCreditBalance');
  });

  it('suspects throttling at half confidence when standard mode shows steal but no balance', () => {
    // Prepare
    const facts = makeFacts({
      cpu: vmstat({ user: 30, steal: 60 }),
      instance: instance({ type: 't2.micro', id: undefined }),
    });

    // Act
    const d = diagnosisOf(creditExhaustion.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.5);
    expect(d.summary).toContain('not captured');
    expect(d.fixes[0]?.command).toContain('Value=i-…');
  });
});
