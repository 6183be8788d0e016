import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../functions/core/capture/read.js';
import { ioWait } from '../../../../functions/core/causes/io-wait/index.js';
import { deriveFacts } from '../../../../functions/core/facts/derive.js';
import type { CpuFacts, CpuSplit, IoFacts } from '../../../../functions/core/facts/types.js';
import { makeFacts, split } from '../../../helpers/facts.js';
import { loadFixture } from '../../../helpers/fixtures.js';
import { diagnosisOf, reasonOf } from '../../../helpers/outcomes.js';
import { seed002 } from '../../../helpers/seed-facts.js';

const IOSTAT = 'iostat -x 1 3';

const vmstat = (over: Partial<CpuSplit>, blocked = 0): CpuFacts => ({
  split: split(over),
  source: 'vmstat 1 5',
  samples: 4,
  series: [split(over), split(over), split(over), split(over)],
  blocked,
});

const io = (over: Partial<IoFacts> = {}): IoFacts => ({
  uninterruptible: [],
  disks: [],
  source: IOSTAT,
  ...over,
});

describe('ioWait', () => {
  it('names io-wait for 35% iowait with processes in D state and a saturated disk', () => {
    // Prepare
    const facts = makeFacts({
      cpu: vmstat({ user: 8, system: 4, iowait: 35 }, 3),
      io: io({
        uninterruptible: [
          { pid: 301, name: 'jbd2/nvme0n1p1-8' },
          { pid: 812, name: 'postgres' },
          { pid: 813, name: 'postgres' },
        ],
        disks: [
          { device: 'nvme0n1', utilPercent: 98.4, awaitMs: 46.2 },
          { device: 'nvme1n1', utilPercent: 3, awaitMs: 0.8 },
        ],
        pressureSome10: 62.1,
        pressureFull10: 40.3,
      }),
    });

    // Act
    const d = diagnosisOf(ioWait.judge(facts));

    // Assess
    expect(d.cause).toBe('io-wait');
    expect(d.confidence).toBeGreaterThanOrEqual(0.9);
    expect(d.pid).toBe(812);
    expect(d.summary).toBe(
      'The CPUs are waiting on disk (iowait 35%, 3 in D state, nvme0n1 98% busy); postgres (PID 812) is among the waiting.',
    );
    expect(d.evidence).toEqual([
      {
        source: 'vmstat 1 5',
        text: 'iowait 35% of all CPUs, 4 of 4 samples at 20% or more, 3.0 blocked (b) on average',
      },
      {
        source: IOSTAT,
        text: '3 processes in D state (uninterruptible, waiting on I/O): jbd2/nvme0n1p1-8 (301), postgres (812), postgres (813)',
      },
      { source: IOSTAT, text: 'nvme0n1, 98% busy, await 46 ms: full and slow, requests queue' },
      {
        source: IOSTAT,
        text: 'PSI io some 62%, full 40% (avg10): tasks stalled on I/O that share of the last 10 s',
      },
    ]);
    expect(d.fixes.map((f) => f.command)).toContain(
      'sudo iotop -oPa -d 2 -n 5 -b | head -30; pidstat -d 1 5',
    );
    expect(d.fixes.at(-1)).toMatchObject({
      when: 'properly',
      command: expect.stringContaining('--volume-type gp3'),
    });
    expect(d.chain).toBeUndefined();
  });

  it('stays suggestive for 12% iowait alone', () => {
    // Prepare
    const facts = makeFacts({ cpu: vmstat({ user: 30, iowait: 12 }) });

    // Act
    const d = diagnosisOf(ioWait.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.5);
  });

  it('shows the chain from swapping when the disk traffic is memory', () => {
    // Prepare
    const base = makeFacts();
    const facts = makeFacts({
      cpu: vmstat({ iowait: 28 }),
      memory: base.memory && {
        ...base.memory,
        availablePercent: 2,
        swapInPerSecond: 2400,
        swapOutPerSecond: 3100,
      },
    });

    // Act
    const d = diagnosisOf(ioWait.judge(facts));

    // Assess
    expect(d.chain).toBe('memory pressure → swapping → I/O wait');
    expect(d.fixes[0]?.title).toBe('Relieve the memory pressure first');
    expect(d.evidence).toContainEqual({
      source: 'cat /proc/meminfo',
      text: 'swapping 5,500 KiB/s (si+so): part of the disk traffic is memory',
    });
  });

  it('traces the iowait of seed 002 to memory: the page cache is evicted and read back', () => {
    // Prepare
    const facts = seed002();

    // Act
    const d = diagnosisOf(ioWait.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.5);
    expect(d.chain).toBe('memory pressure → page cache evicted → I/O wait');
    expect(d.fixes[0]?.title).toBe('Relieve the memory pressure first');
  });

  it('quotes the kernel when it reports hung tasks', () => {
    // Prepare
    const line = 'INFO: task postgres:812 blocked for more than 120 seconds.';
    const facts = makeFacts({
      cpu: vmstat({ iowait: 22 }),
      kernelEvents: [
        { kind: 'hung-task', pid: 812, process: 'postgres', line, source: 'dmesg -T' },
      ],
    });

    // Act
    const d = diagnosisOf(ioWait.judge(facts));

    // Assess
    expect(d.evidence).toContainEqual({ source: 'dmesg -T', text: `1 hung-task warning: ${line}` });
    expect(d.confidence).toBe(0.85);
  });

  it('rules io-wait out with the iowait figure when the CPUs do not wait', () => {
    // Prepare
    const facts = makeFacts({
      cpu: vmstat({ user: 70, iowait: 0.4 }),
      io: io({ pressureSome10: 0.2 }),
    });

    // Act
    const reason = reasonOf(ioWait.judge(facts));

    // Assess
    expect(reason).toBe('iowait 0.4% (vmstat 1 5), no process in D state, PSI io some 0.2%');
  });

  it('rules out a little iowait with nothing else waiting', () => {
    // Prepare
    const facts = makeFacts({ cpu: vmstat({ iowait: 7 }) });

    // Act
    const reason = reasonOf(ioWait.judge(facts));

    // Assess
    expect(reason).toBe('iowait 7.0% with nothing else waiting on disk');
  });

  it('does not count one kernel thread caught in D state as waiting', () => {
    // Prepare
    const facts = makeFacts({
      cpu: vmstat({ iowait: 6 }),
      io: io({ uninterruptible: [{ pid: 301, name: 'jbd2/nvme0n1p1-8' }] }),
    });

    // Act
    const reason = reasonOf(ioWait.judge(facts));

    // Assess
    expect(reason).toBe('iowait 6.0% with nothing else waiting on disk');
  });

  it('asks for vmstat or iostat when the capture has neither', () => {
    // Prepare
    const facts = makeFacts({ cpu: undefined });

    // Act
    const outcome = ioWait.judge(facts);

    // Assess
    expect(outcome.kind).toBe('no-data');
  });

  it('names io-wait from iostat alone when disks are full and slow (scylla #593)', () => {
    // Prepare: five data disks at 97.5–100% util and 21–62 ms await, no CPU split.
    const facts = deriveFacts(
      readCapture(
        loadFixture('captures/corpus/io-wait/scylla-seastar-593-iotune-disks-saturated.txt'),
      ),
    );

    // Act
    const d = diagnosisOf(ioWait.judge(facts));

    // Assess
    expect(d.confidence).toBeGreaterThanOrEqual(0.75);
    expect(d.evidence).toContainEqual({
      source: 'iostat -x -m',
      text: 'sdb, 100% busy, await 61 ms: full and slow, requests queue',
    });
    expect(d.summary).toBe(
      'The disks are saturated: requests queue on them (sdb 100% busy and 4 more saturated).',
    );
  });

  it('does not call a full NVMe answering in 0.1 ms saturated (sysstat #187)', () => {
    // Prepare
    const facts = deriveFacts(
      readCapture(loadFixture('captures/corpus/healthy/sysstat-187-nvme-util-100-await-0.1ms.txt')),
    );

    // Act
    const reason = reasonOf(ioWait.judge(facts));

    // Assess
    expect(reason).toContain(
      'nvme1n1, 100% busy, await 0.1 ms: requests answered in under a millisecond',
    );
  });

  it('takes strong io pressure as decisive without a CPU split, from 20% some', () => {
    // Prepare
    const at = makeFacts({
      cpu: undefined,
      io: io({ pressureSome10: 20, source: 'cat /proc/pressure/io' }),
    });
    const under = makeFacts({
      cpu: undefined,
      io: io({ pressureSome10: 19.9, source: 'cat /proc/pressure/io' }),
    });

    // Act
    const strong = diagnosisOf(ioWait.judge(at));
    const weak = diagnosisOf(ioWait.judge(under));

    // Assess
    expect(strong.confidence).toBe(0.8);
    expect(weak.confidence).toBe(0.3);
  });

  it('gives a saturated disk less weight when the CPUs measurably do not wait on it', () => {
    // Prepare
    const facts = makeFacts({
      cpu: vmstat({ user: 40, iowait: 2 }),
      io: io({ disks: [{ device: 'xvdf', utilPercent: 99, awaitMs: 45 }] }),
    });

    // Act
    const d = diagnosisOf(ioWait.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.55);
  });

  it('takes three application processes in D state as suggestive without a CPU split, not two', () => {
    // Prepare
    const stuck = (n: number) =>
      makeFacts({
        cpu: undefined,
        io: io({
          uninterruptible: Array.from({ length: n }, (_, i) => ({
            pid: 800 + i,
            name: 'postgres',
          })),
          source: 'ps -eo pid,stat,comm',
        }),
      });

    // Act
    const three = diagnosisOf(ioWait.judge(stuck(3)));
    const two = diagnosisOf(ioWait.judge(stuck(2)));

    // Assess
    expect(three.confidence).toBe(0.6);
    expect(two.confidence).toBe(0.3);
  });

  it('says which block a single-sample iowait came from (influxdb #3885, iostat)', () => {
    // Prepare
    const facts = deriveFacts(
      readCapture(loadFixture('captures/corpus/io-wait/influxdb-3885-wal-raid0-vdb-98-util.txt')),
    );

    // Act
    const d = diagnosisOf(ioWait.judge(facts));

    // Assess
    expect(d.evidence[0]?.text).toBe('iowait 13% of all CPUs in a single iostat report');
  });
});
