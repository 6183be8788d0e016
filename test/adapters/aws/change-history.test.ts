import '../../setup-aws.js';
import { AutoScalingClient, DescribeScalingActivitiesCommand } from '@aws-sdk/client-auto-scaling';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { Instance } from '@aws-sdk/client-ec2';
import { DescribeEventsCommand, ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ChangeHistory, MAX_TRAIL_EVENTS } from '../../../functions/adapters/aws/change-history.js';
import { blocksOf, readCapture } from '../../../functions/core/capture/read.js';
import { awsError, REGION } from './responses.js';

const elasticBeanstalkClient = new ElasticBeanstalkClient({ region: REGION });
const autoScalingClient = new AutoScalingClient({ region: REGION });
const cloudTrailClient = new CloudTrailClient({ region: REGION });
const eb = mockClient(elasticBeanstalkClient);
const asg = mockClient(autoScalingClient);
const trail = mockClient(cloudTrailClient);

const ALARM = new Date('2026-11-22T09:11:00Z');
const START = new Date('2026-11-22T07:11:00Z');
const INSTANCE = 'i-0abc1234def567890';

const history = () =>
  new ChangeHistory({
    elasticBeanstalk: elasticBeanstalkClient,
    autoScaling: autoScalingClient,
    cloudTrail: cloudTrailClient,
  });

const instance = (tags: Record<string, string> = {}): Instance => ({
  InstanceId: INSTANCE,
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
});

const trailEvent = (name: string, readOnly: boolean) => ({
  EventId: `id-${name}`,
  EventName: name,
  EventTime: new Date('2026-11-22T09:05:40Z'),
  CloudTrailEvent: JSON.stringify({ eventName: name, readOnly }),
  Resources: [{ ResourceType: 'AWS::EC2::Instance', ResourceName: INSTANCE }],
});

describe('ChangeHistory', () => {
  beforeEach(() => {
    eb.reset();
    asg.reset();
    trail.reset();
  });

  it('asks Beanstalk, Auto Scaling and CloudTrail about the 2 hours before the alarm, and the parsers read it', async () => {
    // Prepare
    eb.on(DescribeEventsCommand).resolves({
      Events: [
        {
          EventDate: new Date('2026-11-22T09:06:00Z'),
          Message: 'New application version was deployed to running EC2 instances.',
          VersionLabel: 'app-v42',
          EnvironmentName: 'web-prod',
        },
      ],
    });
    asg.on(DescribeScalingActivitiesCommand).resolves({
      Activities: [
        {
          ActivityId: 'a1',
          AutoScalingGroupName: 'awseb-web-prod-asg',
          Description: `Launching a new EC2 instance: ${INSTANCE}`,
          Cause: 'a user request',
          StartTime: new Date('2026-11-22T08:00:00Z'),
          StatusCode: 'Successful',
        },
      ],
    });
    trail.on(LookupEventsCommand).resolves({ Events: [trailEvent('StopInstances', false)] });

    // Act
    const text = await history().before(
      instance({
        'elasticbeanstalk:environment-name': 'web-prod',
        'aws:autoscaling:groupName': 'awseb-web-prod-asg',
      }),
      ALARM,
    );

    // Assess
    expect(eb).toHaveReceivedCommandWith(DescribeEventsCommand, {
      EnvironmentName: 'web-prod',
      StartTime: START,
      EndTime: ALARM,
    });
    expect(asg).toHaveReceivedCommandWith(DescribeScalingActivitiesCommand, {
      AutoScalingGroupName: 'awseb-web-prod-asg',
    });
    const names = trail
      .commandCalls(LookupEventsCommand)
      .map((c) => c.args[0].input.LookupAttributes?.[0]?.AttributeValue);
    expect(names).toEqual([INSTANCE, 'awseb-web-prod-asg', 'web-prod']);
    const capture = readCapture(text);
    expect(capture.blocks.every((b) => b.status === 'parsed')).toBe(true);
    expect(
      blocksOf(capture, 'aws-elasticbeanstalk-describe-events')[0]?.data[0]?.versionLabel,
    ).toBe('app-v42');
    expect(blocksOf(capture, 'aws-cloudtrail-lookup-events')[0]?.data[0]).toMatchObject({
      name: 'StopInstances',
      readOnly: false,
    });
    // The raw record stays out of the document; what was read of it stays in.
    expect(text).not.toContain('CloudTrailEvent');
    expect(text).toContain('"ReadOnly": "false"');
  });

  it('looks up at most 50 CloudTrail events in all, the instance first', async () => {
    // Prepare
    trail
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: Array.from({ length: 30 }, (_, i) => trailEvent(`E${i}`, true)) })
      .resolvesOnce({ Events: Array.from({ length: 20 }, (_, i) => trailEvent(`F${i}`, true)) });

    // Act
    await history().before(
      instance({
        'aws:autoscaling:groupName': 'asg',
        'elasticbeanstalk:environment-name': 'env',
      }),
      ALARM,
    );

    // Assess: 30 + 20 is the bound, so the environment is not asked.
    const maxima = trail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input.MaxResults);
    expect(maxima).toEqual([MAX_TRAIL_EVENTS, 20]);
  });

  it('asks only CloudTrail about an instance in no group or environment, and a failure is a note', async () => {
    // Prepare
    trail.on(LookupEventsCommand).rejects(awsError('AccessDeniedException'));

    // Act
    const text = await history().before(instance(), ALARM);

    // Assess
    expect(eb.commandCalls(DescribeEventsCommand)).toHaveLength(0);
    expect(asg.commandCalls(DescribeScalingActivitiesCommand)).toHaveLength(0);
    expect(text).toBe(
      `# note: aws cloudtrail lookup-events for ${INSTANCE} failed (AccessDeniedException); what changed is incomplete\n`,
    );
  });
});
