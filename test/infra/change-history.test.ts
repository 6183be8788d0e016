import { describe, expect, it } from 'vitest';
import { actionsOf, logicalId, statementsOf, synth } from './synth.js';

describe('grantChangeHistory', { timeout: 60_000 }, () => {
  it('lets only the capture-done function read what changed: read-only calls, Beanstalk in this account and region', () => {
    // Prepare
    const { stack, template } = synth();
    const roleOf = (fn: typeof stack.triage.alarmFunction) =>
      statementsOf(template, logicalId(stack, fn.serviceRole));

    // Act
    const capture = roleOf(stack.triage.captureDoneFunction);
    const alarm = roleOf(stack.triage.alarmFunction);

    // Assess
    const beanstalk = capture.filter((s) =>
      actionsOf(s).some((a) => a.startsWith('elasticbeanstalk:')),
    );
    expect(beanstalk).toEqual([
      {
        Sid: 'ReadBeanstalkEvents',
        Effect: 'Allow',
        Action: 'elasticbeanstalk:DescribeEvents',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':elasticbeanstalk:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':*',
            ],
          ],
        },
      },
    ]);
    const all = (statements: Record<string, unknown>[]) => statements.flatMap(actionsOf);
    expect(all(capture)).toEqual(
      expect.arrayContaining(['autoscaling:DescribeScalingActivities', 'cloudtrail:LookupEvents']),
    );
    for (const action of ['elasticbeanstalk:DescribeEvents', 'cloudtrail:LookupEvents']) {
      expect(all(alarm)).not.toContain(action);
    }
  });
});
