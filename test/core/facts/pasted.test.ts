import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { deriveFacts } from '../../../functions/core/facts/derive.js';
import { ageFromStart } from '../../../functions/core/facts/processes.js';
import { loadFixture } from '../../helpers/fixtures.js';

const factsOf = (path: string) => deriveFacts(readCapture(loadFixture(`captures/${path}`)));

describe('facts from pasted htop, iotop and repeated commands', () => {
  it('htop meters give a busy-only CPU figure, memory, load, uptime and the CPU count', () => {
    // Act
    const facts = factsOf('htop/meters-stress-2cpu-cld-labo.txt');

    // Assess
    expect(facts.cpu).toMatchObject({ busyOnly: true, samples: 1, source: 'pasted htop' });
    expect(facts.cpu?.split.user).toBe(100);
    expect(facts.cpu?.split.idle).toBe(0);
    expect(facts.memory).toMatchObject({ totalKiB: 951 * 1024, availableKiB: (951 - 264) * 1024 });
    expect(facts.load).toMatchObject({ load1: 0.72, source: 'pasted htop' });
    expect(facts.uptimeSeconds).toBe(2130);
    expect(facts.cpus).toBe(2);
  });

  it('htop rows give processes when no top frame does', () => {
    const text = [
      '$ htop',
      '  PID USER      PRI  NI  VIRT   RES   SHR S CPU% MEM%   TIME+  Command',
      '13073 root       20   0 1189M  419M  9752 R 93.4 22.8  0:26.93 node /root/blog/next',
      '13092 root       20   0  119M  2312  1492 R  1.3  0.1  0:00.24 htop',
    ].join('\n');

    const facts = deriveFacts(readCapture(text));

    expect(facts.processes.map((p) => [p.pid, p.name, p.cpuPercent])).toEqual([
      [13073, 'node', 93.4],
      [13092, 'htop', 1.3],
    ]);
  });

  it('iotop gives disk rates (Actual over Total) and the tasks waiting most on IO', () => {
    const io = factsOf('iotop/classic-jbd2-elasticsearch-cailen.txt').io;

    expect(io).toMatchObject({ diskReadKiBPerSecond: 0, diskWriteKiBPerSecond: 25405.44 });
    expect(io?.ioTasks?.[0]).toMatchObject({
      id: 1640,
      thread: true,
      name: '[jbd2/dm-1-8]',
      ioPercent: 25.97,
      writeKiBPerSecond: 2068.48,
    });
    expect(io?.source).toBe('pasted iotop');
  });

  it('iotop -a amounts are not rates: no per-second figures', () => {
    const io = factsOf('iotop/iotop-c-accumulated-graph-graysky2.txt').io;

    expect(io?.diskReadKiBPerSecond).toBeUndefined();
    expect(io?.ioTasks).toBeUndefined();
  });

  it('keeps free pasted three times without @ TIME as a series, in order', () => {
    const memory = factsOf('series/free-three-times.txt').memory;

    expect(memory?.availableSeriesKiB).toEqual([22038, 22828, 22816].map((m) => m * 1024));
  });

  it('times two untimed ps samples by each process own ELAPSED: RSS per second', () => {
    const processes = factsOf('series/ps-etimes-twice-growing.txt').processes;
    const grower = processes.find((p) => p.pid === 9104);
    const steady = processes.find((p) => p.pid === 8683);

    // 169956 → 353504 KiB while ELAPSED went 3 → 8 s.
    expect(grower?.rssSeriesKiB).toEqual([169956, 353504]);
    expect(grower?.rssGrowthKiBPerSecond).toBeCloseTo((353504 - 169956) / 5, 6);
    expect(steady?.rssGrowthKiBPerSecond).toBe(0);
    // Seen once only: no series.
    expect(processes.find((p) => p.pid === 9132)?.rssSeriesKiB).toBeUndefined();
  });

  it('times `date; ps aux | grep` samples by their date lines: RSS per second', () => {
    // Act
    const facts = factsOf('ps/debian12-aux-grep-dated-series.txt');
    const node = facts.processes.find((p) => p.pid === 13579);

    // Assess
    // 56780 → 220872 KiB between 04:15:31 and 04:15:41.
    expect(node?.rssSeriesKiB).toEqual([56780, 138928, 220872]);
    expect(node?.rssGrowthKiBPerSecond).toBeCloseTo((220872 - 56780) / 10, 6);
    // The grep rows are only what grep matched: the listing is not the host's.
    expect(facts.partialProcessList).toBe('pasted ps');
    // The filter's own grep (a new PID each sample) is not one of the host's processes.
    expect(facts.processes.map((p) => p.pid)).toEqual([13579]);
  });

  it('ages a dated row from its START: vmtoolsd started May06, sampled Jul 30 2020', () => {
    // Act
    const vmtoolsd = factsOf(
      'corpus/memory-creep/open-vm-tools-452-vmtoolsd-ps-rss-series.txt',
    ).processes.find((p) => p.pid === 5494);

    // Assess
    // Last sample 2020-07-30 16:56:54; May 6 taken at noon.
    expect(vmtoolsd?.ageSeconds).toBe(85 * 86_400 + 4 * 3600 + 56 * 60 + 54);
    expect(vmtoolsd?.rssSeriesKiB).toHaveLength(8);
    // 1050980 → 1051492 KiB between 15:58:53 and 16:56:54 (the undated first sample left out).
    expect(vmtoolsd?.rssGrowthKiBPerSecond).toBeCloseTo((1051492 - 1050980) / 3481, 6);
  });

  it('reads START as today, yesterday, this year or last year from the sample date', () => {
    const at = '2020-07-30T16:56:54Z';
    expect(ageFromStart('16:50', at)).toBe(6 * 60 + 54);
    // Later than the sample's clock: the day before.
    expect(ageFromStart('17:00', at)).toBe(86_400 - (3 * 60 + 6));
    expect(ageFromStart('Jul30', at)).toBe(4 * 3600 + 56 * 60 + 54);
    // After the sample's date: last year.
    expect(ageFromStart('Aug01', at)).toBe((Date.parse(at) - Date.UTC(2019, 7, 1, 12)) / 1000);
    expect(ageFromStart('2019', at)).toBeUndefined();
    expect(ageFromStart('Foo12', at)).toBeUndefined();
  });

  it('says a listing is partial only when nothing listed the whole host', () => {
    // Prepare
    const grepped = ['$ ps aux | grep java', 'root 7 1.0 0.1 100 200 ? S 10:00 0:00 java'];
    const whole = [
      '$ ps aux',
      'USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND',
      'root 8 0.0 0.1 100 200 ? S 10:00 0:00 sshd',
    ];

    // Act
    const alone = deriveFacts(readCapture(grepped.join('\n')));
    const beside = deriveFacts(readCapture([...grepped, ...whole].join('\n')));

    // Assess
    expect(alone.partialProcessList).toBe('ps aux | grep java');
    expect(beside.partialProcessList).toBeUndefined();
  });

  it('keeps the order but no rate when the samples carry no elapsed time', () => {
    const text = [
      '$ ps -eo pid,rss,comm',
      '  PID   RSS COMMAND',
      '  100  1000 app',
      '$ ps -eo pid,rss,comm',
      '  PID   RSS COMMAND',
      '  100  3000 app',
    ].join('\n');

    const app = deriveFacts(readCapture(text)).processes.find((p) => p.pid === 100);

    expect(app?.rssSeriesKiB).toEqual([1000, 3000]);
    expect(app?.rssGrowthKiBPerSecond).toBeUndefined();
  });
});

describe('facts from top pasted twice without @ TIME', () => {
  it('times the two pastes by their `top - HH:MM:SS` lines: RES growth per second and avail series', () => {
    // Act
    const facts = factsOf('series/top-twice-growing.txt');

    // Assess: RES 81360 → 204360 KiB between 03:27:38 and 03:27:43.
    const node = facts.processes.find((p) => p.pid === 1365);
    expect(node?.rssSeriesKiB).toEqual([81360, 204360]);
    expect(node?.rssGrowthKiBPerSecond).toBe((204360 - 81360) / 5);
    expect(facts.memory?.availableSeriesKiB).toEqual([
      Math.round(20353.0 * 1024),
      Math.round(19808.7 * 1024),
    ]);
  });

  it('does not time the two frames of one `top -n 2`: a second apart is too close to judge', () => {
    const frame = (time: string, res: number) => [
      `top - ${time} up 35 min,  0 user,  load average: 0.00, 0.00, 0.00`,
      '  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND',
      ` 1365 root      20   0  769204  ${res}  34132 S   0.0   0.3   0:00.08 node`,
    ];
    const text = ['==> top -b -n 2 <==', ...frame('03:27:38', 81360), ...frame('03:27:39', 99999)];

    const node = deriveFacts(readCapture(text.join('\n'))).processes.find((p) => p.pid === 1365);

    expect(node?.rssGrowthKiBPerSecond).toBeUndefined();
  });
});

describe('memory available from an old top (buffers and cached, no avail Mem)', () => {
  it('counts buffers and the page cache printed on the Swap line as available', () => {
    // Act: procps 3.2.8 prints `buffers` on the Mem line and `cached` on the Swap line.
    const memory = factsOf('top/procps-3.2.8-summary-only.txt').memory;

    // Assess
    expect(memory?.availableKiB).toBe(1654796 + 158188 + 2013180);
  });

  it('believes free alone when free plus cache would exceed the total (toybox buffers in bytes)', () => {
    const memory = factsOf('top/toybox-threads-android-fujian26.txt').memory;

    expect(memory?.availableKiB).toBe(1324808);
  });
});

describe('htop rows that are threads of one process', () => {
  it('keeps one process per shared VIRT, RES, SHR and command, its busiest row', () => {
    // Prepare: rows copied from an htop paste in a GitHub markdown write-up found by the code
    // search (a Chinese Next.js blog deploy, repository not named by the index; its rows were
    // glued on one line and are split here). The first two are threads of one node.
    const text = [
      '$ htop',
      '  PID USER      PRI  NI  VIRT   RES   SHR S CPU% MEM%   TIME+  Command',
      '13073 root       20   0 1189M  419M  9752 R 93.4 22.8  0:26.93 node /root/blog/node_modules/.bin/nex',
      '13077 root       20   0 1189M  419M  9752 R  7.2 22.8  0:02.19 node /root/blog/node_modules/.bin/nex',
      '13092 root       20   0  119M  2312  1492 R  1.3  0.1  0:00.24 htop',
    ].join('\n');

    // Act
    const processes = deriveFacts(readCapture(text)).processes;

    // Assess
    expect(processes.map((p) => [p.pid, p.cpuPercent])).toEqual([
      [13073, 93.4],
      [13092, 1.3],
    ]);
  });
});
