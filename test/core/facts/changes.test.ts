import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { deriveFacts } from '../../../functions/core/facts/derive.js';

const ALARM = '2026-11-22T09:11:00Z';

const events = (...list: { at: string; message: string; version?: string }[]) =>
  `==> aws elasticbeanstalk describe-events --environment-name web-prod <==\n${JSON.stringify({
    Events: list.map((e) => ({
      EventDate: e.at,
      Message: e.message,
      EnvironmentName: 'web-prod',
      ...(e.version ? { VersionLabel: e.version } : {}),
    })),
  })}\n`;

const changesOf = (text: string, alarmAt: string | undefined = ALARM) =>
  deriveFacts(readCapture(text), alarmAt ? { alarmAt } : {}).changes;

describe('facts: changes before the alarm', () => {
  it('keeps deploys and configuration updates, not health transitions, oldest first', () => {
    // Act
    const changes = changesOf(
      events(
        {
          at: '2026-11-22T09:06:00Z',
          message: 'New application version was deployed to running EC2 instances.',
          version: 'app-v42',
        },
        {
          at: '2026-11-22T08:40:00Z',
          message: "Updating environment web-prod's configuration settings.",
        },
        {
          at: '2026-11-22T08:30:00Z',
          message: 'Environment health has transitioned from Ok to Info.',
        },
      ),
    );

    // Assess
    expect(changes?.map((c) => [c.at, c.kind, c.what])).toEqual([
      ['2026-11-22T08:40:00Z', 'config', "Updating environment web-prod's configuration settings."],
      [
        '2026-11-22T09:06:00Z',
        'deploy',
        'app-v42: New application version was deployed to running EC2 instances.',
      ],
    ]);
  });

  it('keeps what happened within 2 hours before the alarm, not a second earlier nor after it', () => {
    // Act
    const changes = changesOf(
      events(
        { at: '2026-11-22T07:11:00Z', message: 'Deploying new version to instance(s).' },
        { at: '2026-11-22T07:10:59Z', message: 'Deploying new version to instance(s).' },
        { at: '2026-11-22T09:11:01Z', message: 'Deploying new version to instance(s).' },
      ),
    );

    // Assess
    expect(changes?.map((c) => c.at)).toEqual(['2026-11-22T07:11:00Z']);
  });

  it('leaves read-only API calls out and names who made the others', () => {
    // Prepare
    const trail = `==> aws cloudtrail lookup-events --lookup-attributes AttributeKey=ResourceName,AttributeValue=i-0abc <==\n${JSON.stringify(
      {
        Events: [
          {
            EventName: 'DescribeInstances',
            ReadOnly: 'true',
            EventTime: '2026-11-22T09:00:00Z',
            Resources: [],
          },
          {
            EventName: 'ModifyInstanceAttribute',
            ReadOnly: 'false',
            EventTime: '2026-11-22T09:01:00Z',
            Username: 'ops-anna',
            Resources: [{ ResourceName: 'i-0abc' }],
          },
        ],
      },
    )}\n`;

    // Act
    const changes = changesOf(trail);

    // Assess
    expect(changes).toEqual([
      expect.objectContaining({
        kind: 'api-call',
        what: 'ModifyInstanceAttribute on i-0abc',
        by: 'ops-anna',
      }),
    ]);
  });

  it('dates process starts from their age, and without the alarm time skips the capture’s own', () => {
    // Prepare
    const ps = [
      '# captured-at: 2026-11-22T09:12:03Z',
      '==> ps -eo pid,etimes,comm <==',
      '  PID ELAPSED COMMAND',
      ' 2817     118 java',
      ' 3140       2 ps',
    ].join('\n');

    // Act
    const withAlarm = changesOf(ps);
    const withoutAlarm = changesOf(ps, undefined);

    // Assess: the capture's `ps` started after the alarm, and within the last minute before it.
    expect(withAlarm?.map((c) => [c.at, c.kind, c.pid])).toEqual([
      ['2026-11-22T09:10:05Z', 'process-start', 2817],
    ]);
    expect(withoutAlarm?.map((c) => c.pid)).toEqual([2817]);
  });
});
