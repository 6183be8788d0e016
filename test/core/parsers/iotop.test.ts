import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iotopParser } from '../../../functions/core/parsers/iotop.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parse = (path: string) => {
  const { command, text } = loadBlockFixture(`captures/iotop/${path}`);
  const result = iotopParser.parse(text, command);
  if (!result.ok) throw new Error(`${path}: ${result.error}`);
  return result.data;
};

describe('iotopParser', () => {
  it('reads iotop 0.6: Total and Actual rates in KiB/s and each thread with its IO>', () => {
    // Act
    const data = parse('classic-jbd2-elasticsearch-cailen.txt');

    // Assess
    expect(data.threads).toBe(true);
    expect(data.samples).toHaveLength(1);
    const [sample] = data.samples;
    expect(sample).toMatchObject({
      perSecond: true,
      totalReadKiB: 0,
      totalWriteKiB: 51394.56,
      actualWriteKiB: 25405.44,
    });
    expect(sample?.rows).toHaveLength(6);
    expect(sample?.rows[0]).toEqual({
      id: 1640,
      priority: 'be/3',
      user: 'root',
      readKiB: 0,
      writeKiB: 2068.48,
      swapinPercent: 0,
      ioPercent: 25.97,
      command: '[jbd2/dm-1-8]',
    });
    expect(sample?.rows[2]?.writeKiB).toBe(421.79);
  });

  it('reads iotop-c with -a: amounts, not rates, and the graphs dropped from the command', () => {
    const [sample] = parse('iotop-c-accumulated-graph-graysky2.txt').samples;

    expect(sample?.perSecond).toBe(false);
    expect(sample?.totalReadKiB).toBe(53 * 1024);
    expect(sample?.actualReadKiB).toBe(1005.89);
    expect(sample?.rows.map((r) => r.command)).toEqual([
      'systemd',
      'kthreadd',
      'pool_workqueue_release',
      'kworker/R-rcu_gp',
      'kworker/R-sync_wq',
    ]);
  });

  it('splits time-stamped batch rows (-t, no totals) into one sample per time', () => {
    const data = parse('batch-timestamped-dd-con-f-use.txt');

    expect(data.samples.map((s) => s.time)).toEqual(['15:03:20', '15:03:25']);
    expect(data.samples[1]?.perSecond).toBe(false);
    expect(data.samples[1]?.rows[0]).toMatchObject({
      id: 17589,
      writeKiB: 210728,
      ioPercent: 39.75,
    });
  });

  it('keeps each repeated Current DISK line as its own sample, in order', () => {
    const data = parse('current-totals-only-davidbullado.txt');

    expect(data.samples.map((s) => s.actualReadKiB)).toEqual([1355.82, 658.96, 466.95, 15.59]);
    expect(data.samples.at(-1)?.actualWriteKiB).toBe(311.79);
  });

  it('reads rows as processes with -P', () => {
    const text =
      'Total DISK READ: 0.00 B/s | Total DISK WRITE: 1.00 K/s\n  PID  PRIO  USER  DISK READ  DISK WRITE  SWAPIN  IO>  COMMAND';
    const result = iotopParser.parse(text, 'iotop -P -o');

    expect(result.ok && result.data.threads).toBe(false);
  });

  it('says what is missing when the text is not iotop output', () => {
    expect(iotopParser.parse('hello', null)).toEqual({
      ok: false,
      error: expect.stringContaining('Total DISK READ'),
    });
  });

  it('never throws, whatever the text', () => {
    const fragments = fc.constantFrom(
      'Total DISK READ :       0.00 B/s | Total DISK WRITE :      50.19 M/s',
      'Actual DISK READ: 1 K/s',
      'Current DISK WRITE: 9 T',
      '  TID  PRIO  USER     DISK READ  DISK WRITE  SWAPIN     IO>    COMMAND',
      ' 1640 be/3 root        0.00 B/s    2.02 M/s  0.00 % 25.97 % [jbd2/dm-1-8]',
      '15:03:20 1 be/4 u 1.00 K 2.00 K ?unavailable? ?unavailable? dd',
      '⣿⣿▲',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 30 }), (parts) => {
        const result = iotopParser.parse(parts.join('\n'), null);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
