import { describe, expect, it } from 'vitest';
import { creditSigns } from '../../../../functions/core/causes/credit-exhaustion/signs.js';
import { makeFacts } from '../../../helpers/facts.js';
import { metricSeries } from '../../../helpers/metric-series.js';

const t2micro = (balance: number[], ageHours?: number) =>
  makeFacts({
    instance: {
      id: 'i-0abc',
      type: 't2.micro',
      source: 'aws ec2 describe-instances',
      ...(ageHours !== undefined ? { ageHours } : {}),
    },
    credits: { balance: metricSeries('CPUCreditBalance', balance) },
  });

describe('creditSigns', () => {
  it('shows a t2.micro balance under 5% of its 144 cap (7.2), not at it', () => {
    // Act
    const under = creditSigns(t2micro([8, 7.5, 7.1]));
    const at = creditSigns(t2micro([8, 7.5, 7.2]));

    // Assess
    expect(under).toEqual([
      {
        source: 'aws cloudwatch get-metric-data',
        text: 'CPUCreditBalance 7.1 of 144 on a t2.micro',
      },
    ]);
    expect(at).toEqual([]);
  });

  it('shows surplus credits charged on an unlimited t4g', () => {
    // Prepare
    const facts = makeFacts({
      instance: { id: 'i-0abc', type: 't4g.small', source: '# instance-type' },
      credits: {
        balance: metricSeries('CPUCreditBalance', [400, 410]),
        surplusCharged: metricSeries('CPUSurplusCreditsCharged', [0, 12.5]),
      },
    });

    // Act
    const signs = creditSigns(facts);

    // Assess
    expect(signs.map((e) => e.text)).toEqual(['CPUSurplusCreditsCharged 12.5 on a t4g.small']);
  });

  it('shows nothing on a non-burstable type', () => {
    // Act
    const signs = creditSigns(
      makeFacts({ instance: { type: 'm5.large', source: '# instance-type' } }),
    );

    // Assess
    expect(signs).toEqual([]);
  });
});
