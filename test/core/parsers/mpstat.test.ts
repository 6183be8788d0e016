import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mpstatParser } from '../../../functions/core/parsers/mpstat.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parse = (path: string) => {
  const { command, text } = loadBlockFixture(`captures/mpstat/${path}`);
  const result = mpstatParser.parse(text, command);
  if (!result.ok) throw new Error(`${path}: ${result.error}`);
  return result.data;
};

describe('mpstatParser', () => {
  it('reads mpstat -P ALL: one interval per report, every CPU, and the averages', () => {
    // Act
    const data = parse('sysstat-12.6.1-all-cpus.txt');

    // Assess
    expect(data.banner).toEqual({
      kernel: '6.18.44-fc-v769',
      host: 'vm',
      date: '11/22/26',
      arch: 'x86_64',
      cpuCount: 2,
    });
    expect(data.intervals.map((i) => [i.time, i.cpus.map((c) => c.cpu)])).toEqual([
      ['20:39:40', ['all', 0, 1]],
      ['20:39:41', ['all', 0, 1]],
    ]);
    expect(data.intervals[1]?.cpus[2]).toEqual({
      cpu: 1,
      usr: 27,
      nice: 10,
      sys: 53,
      iowait: 0,
      irq: 0,
      soft: 0,
      steal: 10,
      guest: 0,
      gnice: 0,
      idle: 0,
    });
    expect(data.average[0]).toMatchObject({
      cpu: 'all',
      usr: 36,
      nice: 5.25,
      sys: 50,
      steal: 8.75,
      idle: 0,
    });
  });

  it('reads sysstat 10.1.5 (Amazon Linux 2) the same way', () => {
    const data = parse('sysstat-10.1.5-all-cpus.txt');

    expect(data.intervals).toHaveLength(2);
    expect(data.average[0]).toMatchObject({ cpu: 'all', usr: 63.71, sys: 21.32, steal: 14.72 });
  });

  it('reads an ISO date in the banner and single-CPU reports without -P', () => {
    expect(parse('sysstat-12.6.1-iso-date.txt').banner?.date).toBe('2026-11-22');
    const plain = parse('sysstat-12.6.1-all-only.txt');
    expect(plain.intervals.map((i) => [i.time, i.cpus[0]?.sys])).toEqual([
      ['20:39:43', 51],
      ['20:39:44', 55.05],
    ]);
    expect(plain.average[0]?.idle).toBe(0.5);
  });

  it('reads 12-hour times (Netflix, sysstat 10.2) up to the post’s [...] cut', () => {
    const data = parse('sysstat-10.2-netflix.txt');

    expect(data.banner).toMatchObject({
      host: 'titanclusters-xxxxx',
      date: '07/14/2015',
      cpuCount: 32,
    });
    expect(data.intervals).toHaveLength(1);
    expect(data.intervals[0]?.time).toBe('07:38:50 PM');
    expect(data.intervals[0]?.cpus.map((c) => c.usr)).toEqual([98.47, 96.04, 97, 98, 96.97]);
    expect(data.average).toEqual([]);
  });

  it('reads a banner with no blank line under it (sysstat 11.6)', () => {
    const data = parse('sysstat-11.6-jdxj.txt');

    expect(data.banner).toMatchObject({ kernel: '4.15.0', host: 'ubuntu', date: '09/22/18' });
    expect(data.intervals[0]?.cpus.map((c) => [c.cpu, c.usr, c.idle])).toEqual([
      ['all', 50.05, 49.95],
      [0, 0, 100],
      [1, 100, 0],
    ]);
  });

  it('reads sysstat 9 (no %gnice) and sysstat 8 (%user, intr/s, no CPU count)', () => {
    const nine = parse('sysstat-9-ec2-ddagent.txt');
    expect(nine.intervals.map((i) => i.time)).toEqual([
      '04:22:42 PM',
      '04:22:43 PM',
      '04:22:44 PM',
    ]);
    expect(nine.average[0]).toEqual({
      cpu: 'all',
      usr: 0,
      nice: 0,
      sys: 0,
      iowait: 0,
      irq: 0,
      soft: 0,
      steal: 0,
      guest: 0,
      idle: 100,
    });

    const eight = parse('sysstat-8-lenny-ddagent.txt');
    expect(eight.banner).toMatchObject({
      kernel: '2.6.26-2-xen-amd64',
      cpuCount: null,
      arch: 'x86_64',
    });
    expect(eight.intervals[0]?.cpus[0]).toEqual({
      cpu: 'all',
      usr: 3.59,
      nice: 0,
      sys: 0.68,
      iowait: 0.69,
      irq: 0,
      soft: 0,
      steal: 0.01,
      idle: 95.03,
    });
  });

  it('reads the same rows from CRLF and collapsed copies, and drops a cut-off row', () => {
    const clean = parse('sysstat-12.6.1-all-cpus.txt');

    expect(parse('mangled-crlf-all-cpus.txt')).toEqual(clean);
    expect(parse('mangled-collapsed-all-cpus.txt')).toEqual(clean);
    const cut = parse('mangled-cutoff-all-cpus.txt');
    expect(cut.intervals[1]?.cpus.map((c) => c.cpu)).toEqual(['all', 0]);
    expect(cut.average).toEqual([]);
  });

  it('matches mpstat commands and its header as a banner', () => {
    expect(mpstatParser.matchCommand('mpstat -P ALL 1 2')).toBe(true);
    expect(mpstatParser.matchCommand('mpstatx')).toBe(false);
    const banner = mpstatParser.banner;
    expect(
      banner?.test('07:38:49 PM  CPU   %usr  %nice   %sys %iowait   %irq  %soft  %steal'),
    ).toBe(true);
    expect(banner?.test('20:39:39     CPU    %usr   %nice    %sys %iowait    %irq   %soft')).toBe(
      true,
    );
    // sar -u ALL puts %steal before %irq; it is sar's.
    expect(
      banner?.test('20:51:25        CPU      %usr     %nice      %sys   %iowait    %steal'),
    ).toBe(false);
  });

  it('says what it expected when the text is not mpstat output', () => {
    expect(mpstatParser.parse('', null).ok).toBe(false);
    expect(mpstatParser.parse('-bash: mpstat: command not found', 'mpstat -P ALL 1 2')).toEqual({
      ok: false,
      error: 'no mpstat "CPU %usr … %idle" table with rows found',
    });
    expect(
      mpstatParser.parse(loadBlockFixture('captures/pidstat/sysstat-12.6.1-cpu.txt').text, null).ok,
    ).toBe(false);
  });

  it('never throws, whatever the text', () => {
    const fixture = loadBlockFixture('captures/mpstat/sysstat-12.6.1-all-cpus.txt').text;
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.nat(fixture.length), (noise, cut) => {
        mpstatParser.parse(noise, null);
        mpstatParser.parse(fixture.slice(0, cut) + noise + fixture.slice(cut), null);
      }),
    );
  });

  it('stays linear on long runs of digits', () => {
    const header = '20:00:00 CPU %usr %nice %sys %iowait %irq %soft %steal %guest %gnice %idle\n';
    expect(() =>
      mpstatParser.parse(`${header}20:00:01 all ${'9'.repeat(200_000)}x 1 1 1 1 1 1 1 1 1\n`, null),
    ).not.toThrow();
    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
  });
});
