import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { getMetricStatisticsParser } from '../../../functions/core/parsers/aws-metric-statistics.js';
import { loadBlockFixture, loadFixture } from '../../helpers/fixtures.js';

const DIR = 'captures/aws-cloudwatch-get-metric-statistics';

const parse = (name: string) => {
  const { command, text } = loadBlockFixture(`${DIR}/${name}`);
  const result = getMetricStatisticsParser.parse(text, command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

describe('getMetricStatisticsParser', () => {
  it('puts the unordered datapoints of the CLI docs example in time order', () => {
    // Act
    const data = parse('cli-docs-cpu-maximum-unordered.txt');

    // Assess
    expect(data.label).toBe('CPUUtilization');
    expect(data.statistic).toBe('Maximum');
    expect(data.unit).toBe('Percent');
    expect(data.points).toHaveLength(21);
    expect(data.points[0]).toEqual({ timestamp: '2014-02-18T23:18:00Z', value: 0.67 });
    expect(data.points[4]).toEqual({ timestamp: '2014-02-19T03:18:00Z', value: 99.67 });
    expect(data.points.at(-1)).toEqual({ timestamp: '2014-02-19T19:18:00Z', value: 8 });
    const times = data.points.map((p) => Date.parse(p.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('reads a CPUCreditBalance paste headed by the command on a line of its own', () => {
    // Act: as the reader finds it, by the banner of its `"Label"` line.
    const capture = readCapture(loadFixture(`${DIR}/kwynn-t2-nano-credit-balance-minimum.txt`));

    // Assess
    const block = capture.blocks.find((b) => b.tool === 'aws-cloudwatch-get-metric-statistics');
    expect(block?.status).toBe('parsed');
    expect(block?.status === 'parsed' && block.data).toEqual({
      label: 'CPUCreditBalance',
      statistic: 'Minimum',
      unit: 'Count',
      points: [
        { timestamp: '2019-10-28T20:15:00Z', value: 72 },
        { timestamp: '2019-10-29T20:15:00Z', value: 71.746636 },
        { timestamp: '2019-10-30T20:15:00Z', value: 71.856397 },
        { timestamp: '2019-10-31T20:15:00Z', value: 72 },
      ],
      byStatistic: { Minimum: expect.any(Array) },
    });
  });

  it('reads the JSON under a prompt whose command goes on over `\\` lines', () => {
    const capture = readCapture(loadFixture(`${DIR}/mackerel-prompt-multiline-command.txt`));

    const block = capture.blocks.find((b) => b.tool === 'aws-cloudwatch-get-metric-statistics');
    expect(block?.command).toBe('aws cloudwatch get-metric-statistics \\');
    expect(block?.status === 'parsed' && block.summary).toBe(
      'CPUUtilization Maximum: 1 point, latest 58.42% at 2015-01-13T01:00:00Z',
    );
  });

  it('prefers Average, keeps every statistic, reads percentiles and an empty answer', () => {
    const text = JSON.stringify({
      Label: 'CPUCreditBalance',
      Datapoints: [
        { Timestamp: '2024-01-01T00:05:00Z', Minimum: 2, Average: 3, Unit: 'Count' },
        { Timestamp: '2024-01-01T00:00:00Z', Minimum: 5, Average: 6, Unit: 'Count' },
      ],
    });
    const percentile = JSON.stringify({
      Label: 'CPUUtilization',
      Datapoints: [{ Timestamp: '2024-01-01T00:00:00Z', ExtendedStatistics: { p99: 97.5 } }],
    });

    const both = getMetricStatisticsParser.parse(text, null);
    const p99 = getMetricStatisticsParser.parse(percentile, null);
    const empty = getMetricStatisticsParser.parse(
      '{"Datapoints": [], "Label": "CPUCreditBalance"}',
      null,
    );

    expect(both.ok && both.data.statistic).toBe('Average');
    expect(both.ok && both.data.points.map((p) => p.value)).toEqual([6, 3]);
    expect(both.ok && both.data.byStatistic.Minimum?.map((p) => p.value)).toEqual([5, 2]);
    expect(p99.ok && [p99.data.statistic, p99.data.points[0]?.value]).toEqual(['p99', 97.5]);
    expect(empty).toEqual({
      ok: true,
      data: { label: 'CPUCreditBalance', statistic: null, points: [], byStatistic: {} },
    });
  });

  it('takes the metric from --metric-name when the paste lost the Label line', () => {
    const result = getMetricStatisticsParser.parse(
      '    "Datapoints": [\n        {"Timestamp": "2019-10-29T20:15:00Z", "Minimum": 0.5, "Unit": "Count"}\n    ]\n}',
      'aws cloudwatch get-metric-statistics --metric-name CPUCreditBalance --statistics Minimum',
    );

    expect(result.ok && result.data.label).toBe('CPUCreditBalance');
  });

  it('says what is wrong with other JSON and with broken datapoints', () => {
    expect(getMetricStatisticsParser.parse('{"MetricDataResults": []}', null)).toEqual({
      ok: false,
      error:
        'JSON of another shape: expected a "Datapoints" array, found top-level keys MetricDataResults',
    });
    expect(getMetricStatisticsParser.parse('{"Datapoints": [{"Timestamp": "x"}]}', null)).toEqual({
      ok: false,
      error: 'Datapoints[0].Timestamp is missing or not a date',
    });
    expect(
      getMetricStatisticsParser.parse(
        '{"Datapoints": [{"Timestamp": "2024-01-01T00:00:00Z"}]}',
        null,
      ),
    ).toEqual({ ok: false, error: 'Datapoints[0] has no statistic (Average, Minimum, …)' });
    expect(
      getMetricStatisticsParser.parse('{}', 'aws cloudwatch get-metric-statistics --output text')
        .ok,
    ).toBe(false);
  });

  it('matches its command and banner, not get-metric-data or an alarm', () => {
    expect(
      getMetricStatisticsParser.matchCommand(
        'aws --region us-east-1 cloudwatch get-metric-statistics --metric-name CPUCreditBalance',
      ),
    ).toBe(true);
    expect(getMetricStatisticsParser.matchCommand('aws cloudwatch get-metric-data')).toBe(false);
    const banner = getMetricStatisticsParser.banner;
    expect(banner?.test('    "Datapoints": [')).toBe(true);
    expect(banner?.test('"Datapoints": [')).toBe(true);
    expect(banner?.test('{"Datapoints": [{"Timestamp": "2024-01-01T00:05:00Z"}]}')).toBe(true);
    expect(banner?.test('    "Label": "CPUCreditBalance",')).toBe(true);
    expect(banner?.test('            "Label": "CPUCreditBalance",')).toBe(false);
    expect(banner?.test('"Label": "CPUUtilization",')).toBe(false);
  });

  it('never throws, whatever the text', () => {
    const fragments = fc.constantFrom(
      '{',
      '}',
      '"Datapoints": [',
      '{"Timestamp": 1e400, "Average": null}',
      '{"Timestamp": "2019-10-29T20:15:00Z", "ExtendedStatistics": {"p99": "x"}}',
      '"Label": 5,',
      ']',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fragments, fc.string(), fc.json()), { maxLength: 12 }),
        fc.option(fc.constantFrom('aws cloudwatch get-metric-statistics --metric-name X')),
        (parts, command) => {
          const result = getMetricStatisticsParser.parse(parts.join('\n'), command);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
    );
  });
});
