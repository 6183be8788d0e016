import { describe, expect, it } from 'vitest';
import {
  NO_TARGET_DIMENSION,
  targetsOf,
  targetsOfMetrics,
} from '../../../functions/core/alarm/targets.js';
import type { AlarmMetric } from '../../../functions/core/alarm/types.js';
import { changed, loadEvent, parseOne } from './events.js';

const metric = (dimensions: Record<string, string>, namespace = 'AWS/EC2'): AlarmMetric => ({
  namespace,
  name: 'CPUUtilization',
  dimensions,
});

describe('targetsOf', () => {
  it('finds the instance of a single-metric alarm', () => {
    // Prepare
    const alarm = parseOne(loadEvent('eventbridge/alarm-state-change-metric-alarm'));

    // Act
    const found = targetsOf(alarm);

    // Assess
    expect(found).toEqual({
      targets: [{ kind: 'instance', instanceId: 'i-12345678901234567' }],
      ignored: [],
    });
  });

  it('finds the instance of a metric-math alarm once, though two metrics name it', () => {
    // Prepare
    const alarm = parseOne(loadEvent('eventbridge/alarm-state-change-metric-math-alarm'));

    // Act
    const found = targetsOf(alarm);

    // Assess
    expect(found.targets).toEqual([{ kind: 'instance', instanceId: 'i-12345678901234567' }]);
  });

  it('finds every instance a metric-math alarm sums over', () => {
    // Prepare
    let event = loadEvent('eventbridge/alarm-state-change-metric-math-alarm');
    const m2 = ['detail', 'configuration', 'metrics', 2, 'metricStat', 'metric', 'dimensions'];
    event = changed(event, [...m2, 'InstanceId'], 'i-0abcdef1234567890');

    // Act
    const found = targetsOf(parseOne(event));

    // Assess
    expect(found.targets).toEqual([
      { kind: 'instance', instanceId: 'i-12345678901234567' },
      { kind: 'instance', instanceId: 'i-0abcdef1234567890' },
    ]);
  });

  it('leaves a composite alarm to its children', () => {
    // Prepare
    const alarm = parseOne(loadEvent('eventbridge/alarm-state-change-composite-alarm'));

    // Act
    const found = targetsOf(alarm);

    // Assess
    expect(found).toEqual({
      targets: [],
      ignored: [
        'composite alarm: its targets are those of its child alarms (1 triggering), not its own',
      ],
    });
  });

  it('ignores the SNS samples\' instance id "TestInstance", saying why', () => {
    // Prepare
    const alarm = parseOne(loadEvent('sns/alarm-metric-math'));

    // Act
    const found = targetsOf(alarm);

    // Assess
    expect(found).toEqual({
      targets: [],
      ignored: [
        "metric NetworkOut (AWS/EC2): InstanceId 'TestInstance' is not an EC2 instance id (i- and 8 or 17 hex digits)",
      ],
    });
  });

  it('says a Lambda metric alarm has no target', () => {
    // Prepare
    const alarm = parseOne(loadEvent('lambda-action/metric-math-alarm'));

    // Act
    const found = targetsOf(alarm);

    // Assess
    expect(found).toEqual({ targets: [], ignored: [NO_TARGET_DIMENSION] });
  });
});

describe('targetsOfMetrics', () => {
  it('finds an Auto Scaling group', () => {
    // Act
    const found = targetsOfMetrics([metric({ AutoScalingGroupName: 'web-asg' })]);

    // Assess
    expect(found).toEqual({
      targets: [{ kind: 'auto-scaling-group', name: 'web-asg' }],
      ignored: [],
    });
  });

  it('finds a Beanstalk environment in AWS/ElasticBeanstalk', () => {
    // Act
    const found = targetsOfMetrics([
      metric({ EnvironmentName: 'shop-prod' }, 'AWS/ElasticBeanstalk'),
    ]);

    // Assess
    expect(found.targets).toEqual([{ kind: 'beanstalk-environment', name: 'shop-prod' }]);
  });

  it('finds a Beanstalk environment named by a custom metric', () => {
    // Act
    const found = targetsOfMetrics([metric({ EnvironmentName: 'shop-prod' }, 'CWAgent')]);

    // Assess
    expect(found.targets).toEqual([{ kind: 'beanstalk-environment', name: 'shop-prod' }]);
  });

  it('prefers the instance when a metric names its group and environment too', () => {
    // Prepare
    const metrics = [
      metric({ InstanceId: 'i-0abcdef1234567890', AutoScalingGroupName: 'web-asg' }, 'CWAgent'),
      metric({ InstanceId: 'i-12345678', EnvironmentName: 'shop-prod' }, 'AWS/ElasticBeanstalk'),
    ];

    // Act
    const found = targetsOfMetrics(metrics);

    // Assess
    expect(found.targets).toEqual([
      { kind: 'instance', instanceId: 'i-0abcdef1234567890' },
      { kind: 'instance', instanceId: 'i-12345678' },
    ]);
  });

  it('falls back to the group when the instance id is invalid, and says so', () => {
    // Act
    const found = targetsOfMetrics([
      metric({ InstanceId: 'i-XYZ; rm -rf /', AutoScalingGroupName: 'web-asg' }),
    ]);

    // Assess
    expect(found).toEqual({
      targets: [{ kind: 'auto-scaling-group', name: 'web-asg' }],
      ignored: [
        "metric CPUUtilization (AWS/EC2): InstanceId 'i-XYZ; rm -rf /' is not an EC2 instance id (i- and 8 or 17 hex digits)",
      ],
    });
  });

  it.each(['i-1234567', 'i-123456789', 'I-12345678', 'i-1234567890abcdef', ' i-12345678', ''])(
    'never targets the invalid instance id %j',
    (instanceId) => {
      // Act
      const found = targetsOfMetrics([metric({ InstanceId: instanceId })]);

      // Assess
      expect(found.targets).toEqual([]);
      expect(found.ignored).toHaveLength(1);
      expect(found.ignored[0]).toContain('is not an EC2 instance id');
    },
  );

  it('deduplicates across metrics and kinds', () => {
    // Prepare
    const metrics = [
      metric({ AutoScalingGroupName: 'web-asg' }),
      metric({ AutoScalingGroupName: 'web-asg' }),
      metric({ EnvironmentName: 'web-asg' }, 'AWS/ElasticBeanstalk'),
    ];

    // Act
    const found = targetsOfMetrics(metrics);

    // Assess
    expect(found.targets).toEqual([
      { kind: 'auto-scaling-group', name: 'web-asg' },
      { kind: 'beanstalk-environment', name: 'web-asg' },
    ]);
  });

  it('says why when no metric has an instance-like dimension', () => {
    // Act
    const found = targetsOfMetrics([metric({ FunctionName: 'checkout' }, 'AWS/Lambda')]);

    // Assess
    expect(found).toEqual({ targets: [], ignored: [NO_TARGET_DIMENSION] });
  });

  it('says why when there are no metrics at all', () => {
    // Act
    const found = targetsOfMetrics([]);

    // Assess
    expect(found).toEqual({ targets: [], ignored: [NO_TARGET_DIMENSION] });
  });

  it('ignores an empty group name', () => {
    // Act
    const found = targetsOfMetrics([metric({ AutoScalingGroupName: ' ' })]);

    // Assess
    expect(found).toEqual({
      targets: [],
      ignored: ['metric CPUUtilization (AWS/EC2): AutoScalingGroupName is empty'],
    });
  });
});
