import { describe, expect, it } from 'vitest';
import {
  describeEventsParser,
  describeScalingActivitiesParser,
  lookupEventsParser,
} from '../../../functions/core/parsers/aws-changes.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parse = <T>(parser: { parse(t: string, c: string | null): unknown }, path: string): T => {
  const { command, text } = loadBlockFixture(`captures/${path}`);
  const result = parser.parse(text, command) as { ok: boolean; data?: T; error?: string };
  if (!result.ok) throw new Error(result.error);
  return result.data as T;
};

describe('aws elasticbeanstalk describe-events', () => {
  it('reads each event with its version label when a deploy set one', () => {
    // Act
    const events = parse<unknown[]>(
      describeEventsParser,
      'aws-elasticbeanstalk-describe-events/cli-docs-example.txt',
    );

    // Assess
    expect(events).toHaveLength(3);
    expect(events[2]).toEqual({
      at: '2015-08-20T07:05:57.161Z',
      message: 'New application version was deployed to running EC2 instances.',
      environment: 'my-env',
      application: 'my-app',
      versionLabel: 'v2',
      severity: 'INFO',
    });
  });

  it('says what it found instead of events', () => {
    expect(describeEventsParser.parse('{"Activities": []}', null)).toEqual({
      ok: false,
      error: 'JSON of another shape: expected a "Events" array, found top-level keys Activities',
    });
  });
});

describe('aws autoscaling describe-scaling-activities', () => {
  it('reads an activity: when it started, what it did, its status', () => {
    // Act
    const activities = parse<unknown[]>(
      describeScalingActivitiesParser,
      'aws-autoscaling-describe-scaling-activities/cli-docs-example.txt',
    );

    // Assess
    expect(activities).toEqual([
      expect.objectContaining({
        at: '2013-08-19T20:53:29.930Z',
        group: 'my-auto-scaling-group',
        description: 'Launching a new EC2 instance: i-4ba0837f',
        status: 'Successful',
      }),
    ]);
  });
});

describe('aws cloudtrail lookup-events', () => {
  it('reads the event name, user and resources of the CLI docs example', () => {
    // Act
    const events = parse<unknown[]>(
      lookupEventsParser,
      'aws-cloudtrail-lookup-events/cli-docs-example.txt',
    );

    // Assess
    // The example's source is inside its raw record only, and it names no resource.
    expect(events).toEqual([
      {
        at: '2021-11-18T09:41:02-08:00',
        name: 'ConsoleLogin',
        username: 'my-session-name',
        resources: [],
      },
    ]);
  });

  it('takes read-only from ReadOnly, else from the raw record', () => {
    // Prepare
    const event = (extra: string) =>
      `{"Events": [{"EventName": "X", "EventTime": "2026-11-22T09:00:00+00:00"${extra}}]}`;
    const read = (extra: string) => {
      const r = lookupEventsParser.parse(event(extra), null);
      return r.ok ? r.data[0]?.readOnly : 'failed';
    };

    // Act + Assess
    expect(read(', "ReadOnly": "true"')).toBe(true);
    expect(read(', "ReadOnly": "false"')).toBe(false);
    expect(read(', "CloudTrailEvent": "{\\"readOnly\\":true}"')).toBe(true);
    expect(read('')).toBeUndefined();
  });
});
