import { describe, expect, it } from 'vitest';
import { transitionKey } from '../../../functions/core/alarm/dedupe.js';
import { changed, loadEvent, parseOne, snsMessageChanged } from './events.js';

const ARN = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh';

describe('transitionKey', () => {
  it('is the same for one transition delivered by EventBridge, the Lambda action and SNS', () => {
    // Prepare: the EventBridge sample, and the other shapes' samples made to carry its change,
    // each writing the time its own way.
    const viaEventBridge = loadEvent('eventbridge/alarm-state-change-metric-alarm');
    let viaAction = loadEvent('lambda-action/metric-math-alarm');
    viaAction = changed(viaAction, ['alarmArn'], ARN);
    viaAction = changed(viaAction, ['alarmData', 'state', 'timestamp'], '2019-10-02T17:04:40.989Z');
    let viaSns = loadEvent('sns/alarm-single-metric');
    viaSns = snsMessageChanged(viaSns, ['AlarmArn'], ARN);
    viaSns = snsMessageChanged(viaSns, ['StateChangeTime'], '2019-10-02T19:04:40.989+02:00');

    // Act
    const keys = [viaEventBridge, viaAction, viaSns].map((e) => transitionKey(parseOne(e)));

    // Assess
    expect(keys).toEqual([
      `${ARN}#2019-10-02T17:04:40.989Z`,
      `${ARN}#2019-10-02T17:04:40.989Z`,
      `${ARN}#2019-10-02T17:04:40.989Z`,
    ]);
  });

  it.each([
    '2019-10-02T17:04:40.989+0000',
    '2019-10-02T17:04:40.989+00:00',
    '2019-10-02T17:04:40.989Z',
    '2019-10-02T18:04:40.989+0100',
  ])('normalises %s to UTC', (changedAt) => {
    // Act
    const key = transitionKey({ arn: ARN, changedAt });

    // Assess
    expect(key).toBe(`${ARN}#2019-10-02T17:04:40.989Z`);
  });

  it('differs for two changes of the same alarm', () => {
    // Prepare
    const first = { arn: ARN, changedAt: '2019-10-02T17:04:40.989+0000' };
    const second = { arn: ARN, changedAt: '2019-10-02T17:04:40.990+0000' };

    // Act
    const keys = [transitionKey(first), transitionKey(second)];

    // Assess
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('keeps an unreadable time as it is rather than throwing', () => {
    // Act
    const key = transitionKey({ arn: ARN, changedAt: '2023-08-04T12: 36: 15.490+0000' });

    // Assess
    expect(key).toBe(`${ARN}#2023-08-04T12: 36: 15.490+0000`);
  });
});
