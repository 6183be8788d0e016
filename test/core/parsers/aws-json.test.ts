import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeAlarmsParser,
  describeInstanceCreditSpecificationsParser,
  describeInstancesParser,
  getMetricDataParser,
} from '../../../functions/core/parsers/aws-json.js';
import type { Parsed, ToolParser } from '../../../functions/core/parsers/types.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseWith = <T>(parser: ToolParser<T>, name: string): T => {
  const { command, text } = loadBlockFixture(`captures/${parser.tool}/${name}`);
  const result = parser.parse(text, command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

const errorOf = (result: Parsed<unknown>): string => (result.ok ? '(parsed)' : result.error);

const AWS_PARSERS = [
  describeInstancesParser,
  describeInstanceCreditSpecificationsParser,
  getMetricDataParser,
  describeAlarmsParser,
] as const;

describe('describeInstancesParser', () => {
  it('reads the AWS CLI docs example: a t3.nano with one Name tag', () => {
    // Act
    const data = parseWith(describeInstancesParser, 'cli-docs-example-1.txt');

    // Assess
    expect(data.instances).toEqual([
      {
        instanceId: 'i-1234567890abcdef0',
        instanceType: 't3.nano',
        state: 'running',
        launchTime: '2022-11-15T10:48:59+00:00',
        architecture: 'x86_64',
        platformDetails: 'Linux/UNIX',
        tags: { Name: 'my-instance' },
        cpuOptions: { coreCount: 1, threadsPerCore: 2 },
      },
    ]);
  });

  it('names the Beanstalk environment and Auto Scaling group from their tags (seed 000)', () => {
    const data = parseWith(describeInstancesParser, 'constructed-seed-000-beanstalk-arm64.txt');

    expect(data.instances).toHaveLength(2);
    expect(data.instances[0]).toMatchObject({
      instanceType: 'm6g.large',
      architecture: 'arm64',
      beanstalkEnvironment: 'api-prod',
      autoScalingGroup: 'awseb-e-a1b2c3d4e5-stack-AWSEBAutoScalingGroup-1A2B3C4D5E6F',
      cpuOptions: { coreCount: 2, threadsPerCore: 1 },
    });
    expect(data.instances[1]?.tags['elasticbeanstalk:environment-id']).toBe('e-a1b2c3d4e5');
  });

  it('reads the seed 002 t3.micro', () => {
    const data = parseWith(describeInstancesParser, 'constructed-seed-002-t3-micro.txt');

    expect(data.instances[0]).toMatchObject({
      instanceId: 'i-0abc1234def567890',
      instanceType: 't3.micro',
      tags: { Name: 'django-backend', Service: 'api' },
    });
    expect(data.instances[0]?.autoScalingGroup).toBeUndefined();
    expect(describeInstancesParser.summarize(data)).toBe(
      '1 instance: i-0abc1234def567890 t3.micro running "django-backend"',
    );
  });

  it('reads a block that starts at the banner line, one line below its `{`', () => {
    // Prepare: what the reader hands over when it finds `"Reservations": [` without a header
    const { text } = loadBlockFixture('captures/aws-ec2-describe-instances/cli-docs-example-1.txt');
    const all = text.split('\n');
    const from = all.findIndex((line) => describeInstancesParser.banner?.test(line));

    // Act
    const result = describeInstancesParser.parse(all.slice(from).join('\n'), null);

    // Assess
    expect(from).toBe(1);
    expect(result.ok && result.data.instances[0]?.instanceType).toBe('t3.nano');
  });

  it('keeps odd tag keys as plain tags', () => {
    const text =
      '{"Reservations": [{"Instances": [{"InstanceId": "i-1", "InstanceType": "t3.micro", "State": {"Name": "running"}, "LaunchTime": "2026-11-10T08:41:17+00:00", "Tags": [{"Key": "__proto__", "Value": "x"}, {"Key": "Name"}, {"Value": "no key"}]}]}]}';

    const result = describeInstancesParser.parse(text, null);

    expect(result.ok && Object.entries(result.data.instances[0]?.tags ?? {})).toEqual([
      ['__proto__', 'x'],
      ['Name', ''],
    ]);
  });

  it('tolerates a shell prompt before the JSON and one after it', () => {
    const text =
      '[ec2-user@ip-172-31-0-84 ~]$ aws ec2 describe-instances\n{"Reservations": []}\n$ ';

    expect(describeInstancesParser.parse(text, null)).toEqual({
      ok: true,
      data: { instances: [] },
    });
  });

  it('says a --query projection is JSON of another shape', () => {
    const { command, text } = loadBlockFixture(
      'captures/aws-ec2-describe-instances/cli-docs-query-placement.txt',
    );

    expect(errorOf(describeInstancesParser.parse(text, command))).toBe(
      'JSON of another shape: expected a "Reservations" array, found an array (the output of --query?)',
    );
  });

  it('names the keys it found in JSON of another AWS shape', () => {
    const { text } = loadBlockFixture(
      'captures/aws-ec2-describe-instance-credit-specifications/cli-docs-example.txt',
    );

    expect(errorOf(describeInstancesParser.parse(text, null))).toBe(
      'JSON of another shape: expected a "Reservations" array, found top-level keys InstanceCreditSpecifications',
    );
  });

  it('names the field when an instance lacks one', () => {
    const text =
      '{"Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Name": "running"}}]}]}';

    expect(errorOf(describeInstancesParser.parse(text, null))).toBe(
      'Reservations[0].Instances[0].InstanceType is missing or not a string',
    );
  });

  it('refuses --output text and --output table', () => {
    const result = describeInstancesParser.parse(
      'i-031c0dc19de2fb70c\ni-00d8bff789a736b75',
      'aws ec2 describe-instances --filters "Name=instance-type,Values=t2.micro" --query "Reservations[*].Instances[*].[InstanceId]" --output text',
    );

    expect(errorOf(result)).toBe('--output text is not JSON; the AWS parsers read --output json');
  });

  it('passes on what the CLI said when it printed an error instead of JSON', () => {
    const result = describeInstancesParser.parse(
      '\nAn error occurred (UnauthorizedOperation) when calling the DescribeInstances operation: You are not authorized to perform this operation.\n',
      'aws ec2 describe-instances --instance-ids i-0abc1234def567890',
    );

    expect(errorOf(result)).toMatch(
      /^no JSON found; the text starts "An error occurred \(UnauthorizedOperation\)/,
    );
  });

  it('says so on invalid JSON (the docs example with a literal `...` in it)', () => {
    expect(
      errorOf(describeInstancesParser.parse('[\n  {"Instance": "i-1"}\n  ...\n]', null)),
    ).toMatch(/^invalid JSON: /);
  });
});

describe('describeInstanceCreditSpecificationsParser', () => {
  it('reads the credit mode: unlimited in the AWS CLI docs example', () => {
    const data = parseWith(describeInstanceCreditSpecificationsParser, 'cli-docs-example.txt');

    expect(data).toEqual({
      specifications: [{ instanceId: 'i-1234567890abcdef0', cpuCredits: 'unlimited' }],
    });
  });

  it('reads the seed 002 t3.micro in its default unlimited mode', () => {
    const data = parseWith(
      describeInstanceCreditSpecificationsParser,
      'constructed-seed-002-unlimited.txt',
    );

    expect(describeInstanceCreditSpecificationsParser.summarize(data)).toBe(
      'i-0abc1234def567890 unlimited',
    );
  });

  it('reads standard mode and rejects modes AWS does not have', () => {
    const spec = (mode: string) =>
      `{"InstanceCreditSpecifications": [{"InstanceId": "i-0a1", "CpuCredits": "${mode}"}]}`;

    expect(describeInstanceCreditSpecificationsParser.parse(spec('standard'), null)).toEqual({
      ok: true,
      data: { specifications: [{ instanceId: 'i-0a1', cpuCredits: 'standard' }] },
    });
    expect(errorOf(describeInstanceCreditSpecificationsParser.parse(spec('burst'), null))).toBe(
      'InstanceCreditSpecifications[0].CpuCredits is "burst", not standard | unlimited',
    );
  });
});

describe('getMetricDataParser', () => {
  it('keeps the newest-first order AWS returns and exposes the points oldest first (seed 002)', () => {
    // Act
    const data = parseWith(getMetricDataParser, 'constructed-seed-002-t3-micro-credits.txt');

    // Assess
    expect(data.series.map((s) => s.label)).toEqual([
      'CPUCreditBalance',
      'CPUSurplusCreditBalance',
      'CPUSurplusCreditsCharged',
      'CPUUtilization',
    ]);
    const [credits] = data.series;
    expect(credits?.timestamps[0]).toBe('2026-11-22T09:10:00+00:00');
    expect(credits?.values[0]).toBe(223.5);
    expect(credits?.points[0]).toEqual({ timestamp: '2026-11-22T07:15:00+00:00', value: 288 });
    expect(credits?.points.at(-1)).toEqual({
      timestamp: '2026-11-22T09:10:00+00:00',
      value: 223.5,
    });
    expect(credits?.points).toHaveLength(24);
    expect(data.series[3]?.points.at(-1)?.value).toBe(99.6);
    expect(data.series.every((s) => s.statusCode === 'Complete')).toBe(true);
    expect(data.messages).toEqual([]);
  });

  it('reads the AWS CLI docs metric-math example', () => {
    const data = parseWith(getMetricDataParser, 'cli-docs-metric-math.txt');

    expect(data.series).toEqual([
      {
        id: 'm3',
        label: 'Avg Total IOPS',
        timestamps: ['2024-09-29T22:10:00+00:00'],
        values: [96.85],
        points: [{ timestamp: '2024-09-29T22:10:00+00:00', value: 96.85 }],
        statusCode: 'Complete',
        messages: [],
      },
    ]);
  });

  it('carries Messages, a missing Label and epoch-second timestamps from raw API JSON', () => {
    // Prepare: shape of GetMetricDataOutput / MessageData (botocore); values invented
    const text = JSON.stringify({
      MetricDataResults: [
        {
          Id: 'mem',
          Timestamps: [1763802600, 1763802300],
          Values: [71.5, 70.25],
          StatusCode: 'PartialData',
          Messages: [
            { Code: 'ArithmeticError', Value: 'One or more data-points have been dropped' },
          ],
        },
      ],
      Messages: [{ Code: 'MaxQueryTimeRangeExceed', Value: 'Query time range exceeded' }],
    });

    // Act
    const result = getMetricDataParser.parse(text, null);

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [mem] = result.data.series;
    expect(mem?.label).toBe('mem');
    expect(mem?.statusCode).toBe('PartialData');
    expect(mem?.points.map((p) => p.timestamp)).toEqual([
      '2025-11-22T09:05:00.000Z',
      '2025-11-22T09:10:00.000Z',
    ]);
    expect(mem?.messages).toEqual([
      { code: 'ArithmeticError', value: 'One or more data-points have been dropped' },
    ]);
    expect(result.data.messages[0]?.code).toBe('MaxQueryTimeRangeExceed');
  });

  it('rejects series whose timestamps and values do not pair up', () => {
    const text =
      '{"MetricDataResults": [{"Id": "cpu", "Label": "CPUUtilization", "Timestamps": ["2026-11-22T09:10:00+00:00"], "Values": [], "StatusCode": "Complete"}]}';

    expect(errorOf(getMetricDataParser.parse(text, null))).toBe(
      'MetricDataResults[0] has 1 Timestamps but 0 Values',
    );
  });

  it('rejects timestamps that are not dates', () => {
    const text =
      '{"MetricDataResults": [{"Id": "cpu", "Timestamps": ["yesterday"], "Values": [1], "StatusCode": "Complete"}]}';

    expect(errorOf(getMetricDataParser.parse(text, null))).toBe(
      'MetricDataResults[0].Timestamps[0] is not a date',
    );
  });
});

describe('describeAlarmsParser', () => {
  it('reads the AWS CLI docs example: a CPU alarm on one instance', () => {
    const data = parseWith(describeAlarmsParser, 'cli-docs-example.txt');

    expect(data).toEqual({
      metricAlarms: [
        {
          name: 'myalarm',
          arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:myalarm',
          state: 'OK',
          stateReason:
            'Threshold Crossed: 2 datapoints were not greater than the threshold (70.0). The most recent datapoints: [38.958, 40.292].',
          stateUpdated: '2014-04-09T18:59:06.442Z',
          metricName: 'CPUUtilization',
          namespace: 'AWS/EC2',
          dimensions: { InstanceId: 'i-0c986c72' },
          statistic: 'Average',
          period: 300,
          evaluationPeriods: 2,
          threshold: 70,
          comparison: 'GreaterThanThreshold',
        },
      ],
      compositeAlarms: [],
    });
  });

  it('reads metric-math and composite alarms', () => {
    // Act
    const data = parseWith(describeAlarmsParser, 'constructed-metric-math-and-composite.txt');

    // Assess
    const [cpu, math] = data.metricAlarms;
    expect(cpu).toMatchObject({
      name: 'django-backend-cpu-high',
      state: 'ALARM',
      dimensions: { InstanceId: 'i-0abc1234def567890' },
      threshold: 80,
      datapointsToAlarm: 3,
    });
    expect(math?.metricName).toBeUndefined();
    expect(math?.dimensions).toEqual({});
    expect(math?.metrics).toEqual([
      { id: 'e1', expression: 'MAX(METRICS())', label: 'max CPU of the two', returnData: true },
      {
        id: 'm1',
        returnData: false,
        metric: {
          namespace: 'AWS/EC2',
          metricName: 'CPUUtilization',
          dimensions: { InstanceId: 'i-0b1c2d3e4f5a60718' },
        },
        period: 60,
        stat: 'Average',
      },
      expect.objectContaining({ id: 'm2' }),
    ]);
    expect(data.compositeAlarms).toEqual([
      {
        name: 'CompositeDemo.Main',
        arn: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:CompositeDemo.Main',
        state: 'ALARM',
        stateReason:
          'arn:aws:cloudwatch:us-east-1:111122223333:alarm:CompositeDemo.FirstChild transitioned to ALARM at Friday 04 August, 2023 12:54:46 UTC',
        stateUpdated: '2023-08-04T12:56:46.138000+00:00',
        alarmRule: 'ALARM(CompositeDemo.FirstChild) OR ALARM(CompositeDemo.SecondChild)',
      },
    ]);
    expect(describeAlarmsParser.summarize(data)).toBe(
      '2 metric alarms, 1 composite alarm: django-backend-cpu-high ALARM, api-prod-max-cpu OK, CompositeDemo.Main ALARM',
    );
  });

  it('rejects a state CloudWatch does not have', () => {
    const text =
      '{"MetricAlarms": [{"AlarmName": "a", "AlarmArn": "arn:a", "StateValue": "FIRING", "StateReason": "", "StateUpdatedTimestamp": "2026-11-22T09:11:32Z"}]}';

    expect(errorOf(describeAlarmsParser.parse(text, null))).toBe(
      'MetricAlarms[0].StateValue is "FIRING", not OK | ALARM | INSUFFICIENT_DATA',
    );
  });
});

describe('the AWS JSON parsers together', () => {
  it('match their own commands, with global options, and no one else’s', () => {
    const commands = {
      'aws-ec2-describe-instances':
        'aws --region ap-northeast-2 ec2 describe-instances --instance-ids i-1',
      'aws-ec2-describe-instance-credit-specifications':
        'aws ec2 describe-instance-credit-specifications --instance-ids i-1',
      'aws-cloudwatch-get-metric-data':
        'aws cloudwatch get-metric-data --cli-input-json file://q.json',
      'aws-cloudwatch-describe-alarms': 'aws --no-cli-pager cloudwatch describe-alarms',
    };
    for (const parser of AWS_PARSERS) {
      for (const [tool, command] of Object.entries(commands)) {
        expect(parser.matchCommand(command), `${parser.tool} on ${command}`).toBe(
          tool === parser.tool,
        );
      }
    }
    for (const command of [
      'aws ec2 describe-instance-status',
      'aws cloudwatch describe-alarms-for-metric --metric-name CPUUtilization',
      'aws cloudwatch get-metric-statistics',
      'aws ec2 describe-instances-x',
    ]) {
      expect(
        AWS_PARSERS.some((p) => p.matchCommand(command)),
        command,
      ).toBe(false);
    }
  });

  it('recognise their key lines as banners, pretty-printed or compact', () => {
    const lines = {
      'aws-ec2-describe-instances': ['    "Reservations": [', '{"Reservations": []}'],
      'aws-ec2-describe-instance-credit-specifications': ['    "InstanceCreditSpecifications": ['],
      'aws-cloudwatch-get-metric-data': ['    "MetricDataResults": [', '{ "MetricDataResults": ['],
      'aws-cloudwatch-describe-alarms': ['    "MetricAlarms": [', '    "CompositeAlarms": [],'],
    };
    for (const parser of AWS_PARSERS) {
      for (const [tool, examples] of Object.entries(lines)) {
        for (const line of examples) {
          expect(parser.banner?.test(line), `${parser.tool} on ${line}`).toBe(tool === parser.tool);
        }
      }
      expect(parser.banner?.test('{')).toBe(false);
    }
  });

  it('say which shape they expected when handed each other’s fixtures', () => {
    const { text } = loadBlockFixture(
      'captures/aws-cloudwatch-describe-alarms/cli-docs-example.txt',
    );

    expect(errorOf(getMetricDataParser.parse(text, null))).toBe(
      'JSON of another shape: expected a "MetricDataResults" array, found top-level keys MetricAlarms',
    );
    expect(errorOf(describeAlarmsParser.parse('{}', null))).toBe(
      'JSON of another shape: expected a "MetricAlarms" or "CompositeAlarms" array, found top-level keys (none)',
    );
    expect(errorOf(describeInstanceCreditSpecificationsParser.parse('"unlimited"', null))).toMatch(
      /^no JSON found/,
    );
    expect(errorOf(describeInstanceCreditSpecificationsParser.parse('[1, 2]', null))).toBe(
      'JSON of another shape: expected an "InstanceCreditSpecifications" array, found an array (the output of --query?)',
    );
  });

  it('fail on empty text and garbage without throwing', () => {
    for (const parser of AWS_PARSERS) {
      for (const text of ['', '   \n', 'garbage', '{', 'null', '{"Reservations": {}}']) {
        expect(parser.parse(text, null).ok, `${parser.tool} on ${text}`).toBe(false);
      }
    }
  });

  it('never throw, whatever the text', () => {
    const fragments = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      '"Reservations": [',
      '"MetricDataResults": [{"Id": "a", "Timestamps": [1e400], "Values": [null]}]',
      '{"MetricAlarms": [{"AlarmName": 1}], "CompositeAlarms": [null]}',
      '{"InstanceCreditSpecifications": [[]]}',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fragments, fc.string(), fc.json()), { maxLength: 12 }),
        (parts) => {
          for (const parser of AWS_PARSERS) {
            expect(typeof parser.parse(parts.join('\n'), null).ok).toBe('boolean');
          }
        },
      ),
    );
  });
});
