import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iostatParser } from '../../../functions/core/parsers/iostat.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parse = (path: string) => {
  const { command, text } = loadBlockFixture(`captures/iostat/${path}`);
  const result = iostatParser.parse(text, command);
  if (!result.ok) throw new Error(`${path}: ${result.error}`);
  return result.data;
};

describe('iostatParser', () => {
  it('reads iostat -x 1 2 (sysstat 12): the first report since boot, the second live', () => {
    // Act
    const data = parse('sysstat-12.6.1-extended.txt');

    // Assess
    expect(data.reports.map((r) => r.sinceBoot)).toEqual([true, false]);
    const live = data.reports[1];
    expect(live?.cpu).toEqual({
      user: 55.72,
      nice: 2.99,
      system: 40.3,
      iowait: 0,
      steal: 0.5,
      idle: 0.5,
    });
    expect(live?.devices).toEqual([
      {
        device: 'vda',
        readsPerSec: 36,
        readKBPerSec: 8656,
        readMergedPerSec: 20,
        readMergedPercent: 35.71,
        readAwaitMs: 1.64,
        readRequestKB: 240.44,
        writesPerSec: 1,
        writeKBPerSec: 4,
        writeMergedPerSec: 0,
        writeMergedPercent: 0,
        writeAwaitMs: 1,
        writeRequestKB: 4,
        discardsPerSec: 2,
        discardKBPerSec: 8,
        discardMergedPerSec: 0,
        discardMergedPercent: 0,
        discardAwaitMs: 0,
        discardRequestKB: 4,
        flushesPerSec: 0,
        flushAwaitMs: 0,
        queueSize: 0.06,
        utilPercent: 0.8,
      },
    ]);
    expect(data.reports[0]?.devices[0]?.writeKBPerSec).toBe(12224.92);
  });

  it('reads the old columns of sysstat 10.1.5 (Amazon Linux 2 / CentOS 7)', () => {
    const data = parse('sysstat-10.1.5-extended.txt');

    expect(data.reports[1]?.devices[0]).toEqual({
      device: 'vda',
      readMergedPerSec: 0,
      writeMergedPerSec: 0,
      readsPerSec: 0,
      writesPerSec: 38.61,
      readKBPerSec: 0,
      writeKBPerSec: 35493.07,
      avgRequestSectors: 1838.36,
      queueSize: 0.24,
      awaitMs: 1.72,
      readAwaitMs: 0,
      writeAwaitMs: 1.72,
      svctmMs: 6.05,
      utilPercent: 23.37,
    });
    expect(data.reports[1]?.cpu).toEqual({
      user: 78.16,
      nice: 0.49,
      system: 13.11,
      iowait: 0,
      steal: 8.25,
      idle: 0,
    });
  });

  it('converts MB/s columns to kB/s', () => {
    const device = parse('sysstat-10.1.5-extended-MB.txt').reports[1]?.devices[0];

    expect(device).toMatchObject({ readKBPerSec: 0, writeKBPerSec: 55 * 1024, writesPerSec: 111 });
  });

  it('keeps the -t time of each report, in both date formats', () => {
    expect(parse('sysstat-10.1.5-extended-timestamps.txt').reports.map((r) => r.time)).toEqual([
      '11/22/26 20:53:34',
      '11/22/26 20:53:35',
    ]);
    expect(parse('sysstat-12.6.1-iso-timestamp.txt').reports[0]?.time).toBe(
      '2026-11-22T20:55:32+0000',
    );
  });

  it('reads iostat -h: sub-tables with the device last, figures with units and %', () => {
    const live = parse('sysstat-12.6.1-human.txt').reports[1];

    expect(live?.cpu).toEqual({
      user: 85.4,
      nice: 0,
      system: 14.1,
      iowait: 0,
      steal: 0.5,
      idle: 0,
    });
    expect(live?.devices).toHaveLength(1);
    expect(live?.devices[0]).toMatchObject({
      device: 'vda',
      writesPerSec: 41.75,
      writeKBPerSec: 730.1,
      writeMergedPercent: 76.5,
      writeRequestKB: 17.5,
      queueSize: 0.06,
      utilPercent: 0,
    });
    expect(parse('sysstat-12.6.1-human.txt').reports[0]?.devices[0]?.readKBPerSec).toBe(1126.4);
  });

  it('treats -y reports as live and reads device-only reports', () => {
    expect(parse('sysstat-12.6.1-skip-boot.txt').reports.map((r) => r.sinceBoot)).toEqual([false]);
    const devices = parse('sysstat-12.6.1-devices-only.txt');
    expect(devices.reports.map((r) => [r.sinceBoot, r.cpu, r.devices[0]?.utilPercent])).toEqual([
      [true, null, 1.06],
      [false, null, 0.4],
    ]);
  });

  it('reads the plain report, old (Device:, kB_read) and new (kB_dscd)', () => {
    const old = parse('sysstat-10.1-centos7-plain-icehe.txt');
    expect(old.banner).toMatchObject({ host: 'box0.icehe.xyz ', cpuCount: 24 });
    expect(old.reports).toHaveLength(3);
    expect(old.reports[0]?.devices[0]).toEqual({
      device: 'sda',
      tps: 10.21,
      readKBPerSec: 96.35,
      writeKBPerSec: 172.04,
      readKB: 942451408,
      writeKB: 1682802056,
    });
    expect(parse('sysstat-12.6.1-plain.txt').reports[0]?.devices[0]).toMatchObject({
      discardKB: 3734736,
    });
  });

  it('reads public reports of sysstat 9, 10.1, 10.2 and 11.6', () => {
    const ec2 = parse('sysstat-9-ec2-ddagent.txt');
    expect(ec2.banner?.host).toBe('ip-10-35-95-10');
    expect(ec2.reports[1]?.devices.map((d) => d.device)).toEqual([
      'sda1',
      'sdb',
      'sdg',
      'sdf',
      'md0',
    ]);
    expect(ec2.reports[1]?.devices[0]).toMatchObject({
      writesPerSec: 10.89,
      awaitMs: 2.73,
      utilPercent: 2.97,
    });

    expect(parse('sysstat-10.1-centos7-icehe.txt').reports[0]?.devices[0]).toMatchObject({
      device: 'sda',
      awaitMs: 8.05,
      writeAwaitMs: 9.21,
      utilPercent: 1.63,
    });

    const netflix = parse('sysstat-10.2-netflix.txt');
    expect(netflix.reports[0]?.cpu?.user).toBe(73.96);
    expect(netflix.reports[0]?.devices.find((d) => d.device === 'dm-1')).toMatchObject({
      queueSize: 0.33,
      awaitMs: 345.84,
      writeAwaitMs: 346.81,
    });

    const ubuntu = parse('sysstat-11.6-jdxj.txt');
    expect(ubuntu.banner).toBeNull();
    expect(ubuntu.reports[0]?.devices.find((d) => d.device === 'sda')).toMatchObject({
      writesPerSec: 64,
      writeKBPerSec: 32768,
      writeAwaitMs: 7270.44,
      queueSize: 1102.18,
      writeRequestKB: 512,
      svctmMs: 15.5,
      utilPercent: 99.2,
    });
  });

  it('reads the same reports from CRLF and collapsed copies, and drops a cut-off row', () => {
    expect(parse('mangled-crlf-extended.txt')).toEqual(parse('sysstat-12.6.1-extended.txt'));
    expect(parse('mangled-collapsed-netflix.txt')).toEqual(parse('sysstat-10.2-netflix.txt'));
    const cut = parse('mangled-cutoff-extended.txt');
    expect(cut.reports[1]?.cpu?.steal).toBe(8.25);
    expect(cut.reports[1]?.devices).toEqual([]);
  });

  it('reads a paste that opens with a backtick and has no blank line before the table (rMB/s, cut row)', () => {
    // Act
    const data = parse('sysstat-12-nvme-backtick-cut.txt');

    // Assess
    const report = data.reports[0];
    expect(report?.cpu).toMatchObject({ user: 73.73, iowait: 0.11, idle: 25.74 });
    expect(report?.devices).toHaveLength(13); // nvme8n1 is cut mid-row
    expect(report?.devices[0]).toEqual({
      device: 'nvme0n1',
      readsPerSec: 43,
      readKBPerSec: 2775.04, // 2.71 MB/s
      readMergedPerSec: 0,
      readMergedPercent: 0,
      readAwaitMs: 0.42,
      readRequestKB: 64.56,
      utilPercent: 4,
    });
  });

  it('reads pastes that start at the device table, old (Device:) and new (d/f columns)', () => {
    const old = parse('sysstat-10-xmdz-device-colon-only.txt');
    const fresh = parse('sysstat-12-device-line-first-dm.txt');

    expect(old.reports).toEqual([
      {
        sinceBoot: true,
        time: null,
        cpu: null,
        devices: [
          expect.objectContaining({
            device: 'xvdf',
            writeKBPerSec: 49858.56, // 48.69 MB/s
            queueSize: 2.59,
            awaitMs: 1.3,
            writeAwaitMs: 1.3,
            utilPercent: 99.6,
          }),
        ],
      },
    ]);
    expect(fresh.reports[0]?.devices.map((d) => d.device)).toEqual([
      'dm-10',
      'dm-11',
      'dm-12',
      'dm-13',
      'dm-14',
      'dm-15',
    ]);
    expect(fresh.reports[0]?.devices[1]).toMatchObject({
      readAwaitMs: 10.49,
      writeAwaitMs: 2.94,
      queueSize: 2.38,
      utilPercent: 82.8,
    });
  });

  it('reads sysstat 11.6 with aqu-sz before the request sizes and svctm kept', () => {
    const data = parse('sysstat-11.6-ec2-nvme-svctm.txt');

    expect(data.reports[0]?.devices[1]).toMatchObject({
      device: 'nvme0n1',
      writesPerSec: 130,
      writeKBPerSec: 25060,
      readAwaitMs: 2.86,
      writeAwaitMs: 13.66,
      queueSize: 1.8,
      writeRequestKB: 192.77,
      svctmMs: 0.5,
      utilPercent: 6.8,
    });
  });

  it('matches iostat commands and the avg-cpu banner', () => {
    expect(
      iostatParser.banner?.test('`avg-cpu:  %user   %nice %system %iowait  %steal   %idle'),
    ).toBe(true);
    expect(
      iostatParser.banner?.test('Device            r/s     rkB/s   rrqm/s  %rrqm r_await'),
    ).toBe(true);
    expect(iostatParser.banner?.test('Device:  rrqm/s   wrqm/s     r/s     w/s    rMB/s')).toBe(
      true,
    );
    expect(iostatParser.banner?.test('Device:            tps    kB_read/s    kB_wrtn/s')).toBe(
      true,
    );
    expect(iostatParser.banner?.test('Device Model:     Samsung SSD 860 EVO 500GB')).toBe(false);
    expect(iostatParser.matchCommand('iostat -x 1 2')).toBe(true);
    expect(iostatParser.matchCommand('iostats')).toBe(false);
    expect(
      iostatParser.banner?.test('avg-cpu:  %user   %nice %system %iowait  %steal   %idle'),
    ).toBe(true);
  });

  it('says what it expected when the text is not iostat output', () => {
    expect(iostatParser.parse('', null).ok).toBe(false);
    expect(iostatParser.parse('-bash: iostat: command not found', 'iostat -x 1 2')).toEqual({
      ok: false,
      error: 'no iostat "avg-cpu:" block or device table found',
    });
  });

  it('never throws, whatever the text', () => {
    for (const name of ['sysstat-12.6.1-human.txt', 'sysstat-12-nvme-backtick-cut.txt']) {
      const fixture = loadBlockFixture(`captures/iostat/${name}`).text;
      fc.assert(
        fc.property(fc.string({ maxLength: 400 }), fc.nat(fixture.length), (noise, cut) => {
          iostatParser.parse(noise, null);
          iostatParser.parse(fixture.slice(0, cut) + noise + fixture.slice(cut), 'iostat -xh 1 2');
          iostatParser.parse(`\`${fixture.slice(cut)}\``, null);
        }),
      );
    }
  });

  it('stays linear on long runs of digits', () => {
    expect(() =>
      iostatParser.parse(`Device r/s w/s %util\nsda ${'1'.repeat(200_000)}k 1 1\n`, null),
    ).not.toThrow();
    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
  });
});
