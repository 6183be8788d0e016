import { describe, expect, it } from 'vitest';
import { transitionOf, why } from '../../../functions/core/alarm/transition.js';
import type { Alarm, AlarmDelivery, AlarmState } from '../../../functions/core/alarm/types.js';
import { loadEvent, parseOne } from './events.js';

const alarm = (
  previousState: AlarmState | null,
  state: AlarmState,
  delivery: AlarmDelivery = 'eventbridge',
): Alarm => ({
  name: 'ServerCpuTooHigh',
  arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh',
  region: 'us-east-1',
  account: '123456789012',
  state,
  previousState,
  reason: 'Threshold Crossed',
  changedAt: '2019-10-02T17:04:40.989Z',
  metrics: [],
  delivery,
});

describe('transitionOf', () => {
  it.each([
    ['OK', 'ALARM', 'triage'],
    ['INSUFFICIENT_DATA', 'ALARM', 'triage'],
    [null, 'ALARM', 'triage'],
    ['ALARM', 'OK', 'resolve'],
    ['INSUFFICIENT_DATA', 'OK', 'ignore'],
    ['OK', 'INSUFFICIENT_DATA', 'ignore'],
    ['ALARM', 'INSUFFICIENT_DATA', 'ignore'],
    [null, 'OK', 'ignore'],
    ['OK', 'OK', 'ignore'],
    ['ALARM', 'ALARM', 'ignore'],
  ] as const)('%s → %s on EventBridge is %s', (previous, state, expected) => {
    // Prepare
    const change = alarm(previous, state);

    // Act
    const transition = transitionOf(change);

    // Assess
    expect(transition).toBe(expected);
  });

  it.each(['sns', 'lambda-action'] as const)(
    'triages ALARM → ALARM delivered as a %s alarm action (a suppressor let it through)',
    (delivery) => {
      // Prepare
      const change = alarm('ALARM', 'ALARM', delivery);

      // Act
      const transition = transitionOf(change);

      // Assess
      expect(transition).toBe('triage');
    },
  );

  it('triages the docs composite sample, released after its 120 s wait period', () => {
    // Prepare
    const change = parseOne(loadEvent('lambda-action/composite-alarm'));

    // Act
    const transition = transitionOf(change);

    // Assess
    expect(transition).toBe('triage');
    expect(why(change)).toBe(
      'ALARM → ALARM (lambda-action): triage, the alarm action was held back by a suppressor and now runs',
    );
  });
});

describe('why', () => {
  it.each([
    [alarm('OK', 'ALARM'), 'OK → ALARM: triage, the alarm went into ALARM'],
    [alarm('ALARM', 'OK'), 'ALARM → OK: resolve, the alarm recovered'],
    [
      alarm('INSUFFICIENT_DATA', 'OK'),
      'INSUFFICIENT_DATA → OK: ignored, only a change into ALARM is triaged and only ALARM → OK resolves',
    ],
    [
      alarm(null, 'INSUFFICIENT_DATA'),
      'unknown → INSUFFICIENT_DATA: ignored, only a change into ALARM is triaged and only ALARM → OK resolves',
    ],
    [
      alarm('ALARM', 'ALARM'),
      'ALARM → ALARM (eventbridge): ignored, already in ALARM and triaged when it went in',
    ],
  ])('explains %#', (change, expected) => {
    // Act
    const line = why(change);

    // Assess
    expect(line).toBe(expected);
  });
});
