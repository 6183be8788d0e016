import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { deriveFacts } from '../../../functions/core/facts/derive.js';
import { loadFixture } from '../../helpers/fixtures.js';

const facts = (text: string, options = {}) => deriveFacts(readCapture(text), options);

const PS = [
  '==> ps -eo pid,ppid,user,etimes,nlwp,pcpu,pmem,rss,vsz,stat,comm,args --sort=-pcpu <==',
  '    PID    PPID USER     ELAPSED NLWP %CPU %MEM   RSS    VSZ STAT COMMAND         COMMAND',
  '   4100       1 app       864000    8 95.0  5.0 200000 900000 Rl  java            java -jar app.jar',
  '   5000    4990 root           0    1 50.0  0.0  3000  10000 R   bash            bash -s -- --seconds 3',
  '   5001    5000 root           0    1 10.0  0.0  3000  10000 R   top             top -b -n 2',
].join('\n');

describe('deriveFacts', () => {
  it('leaves out the capture script and what it started', () => {
    const f = facts(`# capture-pid: 5000\n${PS}`);

    expect(f.processes.map((p) => p.pid)).toEqual([4100]);
  });

  it('turns two /proc/PID/stat samples into user and kernel shares of a core', () => {
    // Prepare: 1.5 s apart, 60 user and 45 system ticks at 100 ticks/s.
    const text = [
      '# clk-tck: 100',
      PS,
      '==> cat /proc/4100/stat @ 2026-11-22T09:00:00.000Z <==',
      '4100 (java) S 1 4100 4100 0 -1 4194560 100 0 0 0 1000 500 0 0 20 0 8 0 100 900000000 50000 18446744073709551615',
      '==> cat /proc/4100/stat @ 2026-11-22T09:00:01.500Z <==',
      '4100 (java) S 1 4100 4100 0 -1 4194560 100 0 0 0 1060 545 0 0 20 0 8 0 100 900000000 50000 18446744073709551615',
    ].join('\n');

    // Act
    const java = facts(text).processes.find((p) => p.pid === 4100);

    // Assess
    expect(java?.userPercent).toBeCloseTo(40);
    expect(java?.systemPercent).toBeCloseTo(30);
    expect(java?.ageSeconds).toBe(864000);
  });

  it('measures RSS growth between the timed ps samples', () => {
    const text = [
      PS,
      '==> ps -o pid,rss,etimes,comm -p 4100 @ 09:00:00 <==',
      '    PID   RSS ELAPSED COMMAND',
      '   4100 200000  864000 java',
      '==> ps -o pid,rss,etimes,comm -p 4100 @ 09:00:10 <==',
      '    PID   RSS ELAPSED COMMAND',
      '   4100 210240  864010 java',
    ].join('\n');

    expect(facts(text).processes[0]?.rssGrowthKiBPerSecond).toBeCloseTo(1024);
  });

  it('takes the trace length from the timeout in the strace header for rates', () => {
    const text = [
      '==> timeout -s INT 2 strace -c -f -p 4100 <==',
      '% time     seconds  usecs/call     calls    errors syscall',
      '------ ----------- ----------- --------- --------- ----------------',
      ' 90.00    0.900000           1    800000    800000 read',
      ' 10.00    0.100000           1    200000           write',
      '------ ----------- ----------- --------- --------- ----------------',
      '100.00    1.000000           1   1000000    800000 total',
    ].join('\n');

    const s = facts(text).syscalls;

    expect(s).toMatchObject({ pid: 4100, seconds: 2, totalCalls: 1_000_000, totalErrors: 800_000 });
    expect(s?.syscalls[0]).toMatchObject({ name: 'read', perSecond: 400_000 });
  });

  it('says where the credit mode came from', () => {
    expect(facts('# instance-type: t3.micro\n').instance?.creditMode).toEqual({
      value: 'unlimited',
      from: 'family default',
    });
    expect(
      facts('# instance-type: t2.micro\n# credit-mode: unlimited\n').instance?.creditMode,
    ).toEqual({
      value: 'unlimited',
      from: 'metadata',
    });
    expect(facts('# instance-type: m5.large\n').instance).toEqual({
      type: 'm5.large',
      source: 'capture metadata',
    });
  });

  it('gives each disk its read and write await and queue size, from a pasted device table', () => {
    // Act
    const io = facts(loadFixture('captures/iostat/sysstat-12-device-line-first-dm.txt')).io;

    // Assess
    expect(io?.disks[1]).toEqual({
      device: 'dm-11',
      utilPercent: 82.8,
      awaitMs: 10.49,
      readAwaitMs: 10.49,
      writeAwaitMs: 2.94,
      queueSize: 2.38,
    });
  });

  it('keeps the old single await and takes the live report over the one since boot', () => {
    const text = [
      '==> iostat -x 1 2 <==',
      'Device:         rrqm/s   wrqm/s     r/s     w/s    rkB/s    wkB/s avgrq-sz avgqu-sz   await r_await w_await  svctm  %util',
      'xvda              0.00     0.23    0.21    0.18     4.52     2.08    34.37     0.00    9.98   13.80    5.42   2.44   0.09',
      '',
      'Device:         rrqm/s   wrqm/s     r/s     w/s    rkB/s    wkB/s avgrq-sz avgqu-sz   await r_await w_await  svctm  %util',
      'xvda              0.00  2934.00    0.00 2000.00     0.00 49858.56    49.86     2.59    1.30    0.00    1.30   0.50  99.60',
    ].join('\n');

    const disks = facts(text).io?.disks;

    expect(disks).toEqual([
      {
        device: 'xvda',
        utilPercent: 99.6,
        awaitMs: 1.3,
        readAwaitMs: 0,
        writeAwaitMs: 1.3,
        queueSize: 2.59,
      },
    ]);
  });

  it('gives the same credit facts from get-metric-statistics as from get-metric-data', () => {
    // Prepare: the kwynn.com t2.nano's CPUCreditBalance (a real get-metric-statistics answer), and
    // the same four points as get-metric-data returns them, newest first.
    const statistics = loadFixture(
      'captures/aws-cloudwatch-get-metric-statistics/kwynn-t2-nano-credit-balance-minimum.txt',
    );
    const data = [
      '==> aws cloudwatch get-metric-data --metric-data-queries file://q.json <==',
      JSON.stringify({
        MetricDataResults: [
          {
            Id: 'm1',
            Label: 'CPUCreditBalance',
            Timestamps: [
              '2019-10-31T20:15:00Z',
              '2019-10-30T20:15:00Z',
              '2019-10-29T20:15:00Z',
              '2019-10-28T20:15:00Z',
            ],
            Values: [72.0, 71.856397, 71.746636, 72.0],
            StatusCode: 'Complete',
          },
        ],
        Messages: [],
      }),
    ].join('\n');

    // Act
    const fromStatistics = facts(statistics).credits;
    const fromData = facts(data).credits;

    // Assess
    expect(fromStatistics?.balance?.points).toEqual(fromData?.balance?.points);
    expect(fromStatistics?.balance?.label).toBe('CPUCreditBalance');
    expect(fromStatistics?.balance?.points.at(-1)).toEqual({
      at: '2019-10-31T20:15:00Z',
      value: 72,
    });
    // The paste's bare `/usr/bin/aws cloudwatch …` line names the command the evidence quotes.
    expect(fromStatistics?.balance?.source).toMatch(
      /^\/usr\/bin\/aws cloudwatch get-metric-statistics --metric-name CPUCreditBalance/,
    );
  });
});
