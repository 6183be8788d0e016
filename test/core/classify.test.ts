import { describe, expect, it } from 'vitest';
import { readCapture } from '../../functions/core/capture/read.js';
import { classify } from '../../functions/core/classify.js';
import { loadFixture } from '../helpers/fixtures.js';

const QUIET = [
  '# cpus: 2',
  '==> vmstat 1 3 <==',
  'procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----',
  ' r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st',
  ' 0  0      0 3000000 100000 500000    0    0     1     2   50   90  2  1 97  0  0',
  ' 0  0      0 3000000 100000 500000    0    0     0     0   48   85  1  1 98  0  0',
  ' 0  0      0 3000000 100000 500000    0    0     0     4   52   95  2  0 98  0  0',
  '==> cat /proc/loadavg <==',
  '0.05 0.10 0.08 1/180 4242',
  '==> ps -eo pid,etimes,nlwp,pcpu,rss,comm,args --sort=-pcpu <==',
  '    PID ELAPSED NLWP %CPU   RSS COMMAND         COMMAND',
  '    812  864000    5  0.3 52000 nginx           nginx: worker process',
  '==> cat /proc/meminfo <==',
  'MemTotal:        4000000 kB',
  'MemFree:         3000000 kB',
  'MemAvailable:    3400000 kB',
  'SwapTotal:             0 kB',
  'SwapFree:              0 kB',
].join('\n');

describe('classify', () => {
  it('calls a quiet host healthy, with the numbers that show it', () => {
    // Act
    const triage = classify(readCapture(QUIET));

    // Assess
    expect(triage.cause).toBe('healthy');
    expect(triage.confidence).toBeGreaterThanOrEqual(0.5);
    expect(triage.diagnoses[0]?.evidence.map((e) => e.text).join('\n')).toMatch(
      /CPU \d+(\.\d)?% busy/,
    );
    expect(triage.ruledOut.map((r) => r.cause)).toEqual(
      expect.arrayContaining(['syscall-storm', 'memory-creep', 'io-wait', 'cpu-steal']),
    );
  });

  it('is inconclusive, saying what to capture, when nothing usable was read', () => {
    const triage = classify(readCapture('hello\nthis is not a capture\n'));

    expect(triage.cause).toBe('inconclusive');
    expect(triage.confidence).toBe(0);
    expect(triage.headline).toMatch(/no CPU split and no process list/);
    expect(triage.diagnoses[0]?.fixes[0]?.detail).toMatch(/top -b -n 2 -d 1/);
  });

  it('is inconclusive when the CPU is pegged but no cause fits, naming the anomaly', () => {
    // Prepare: busy in user space, but no process list says who.
    const pegged = QUIET.replace(/ 2 {2}1 97 {2}0 {2}0/, '85 10  5  0  0')
      .replace(/ 1 {2}1 98 {2}0 {2}0/, '86 10  4  0  0')
      .replace(/ 2 {2}0 98 {2}0 {2}0/, '84 11  5  0  0')
      .replace(/==> ps -eo[\s\S]*?==> cat \/proc\/meminfo/, '==> cat /proc/meminfo');

    // Act
    const triage = classify(readCapture(pegged));

    // Assess
    expect(triage.cause).toBe('inconclusive');
    expect(triage.headline).toMatch(/CPU 96% busy/); // vmstat's first, since-boot row is left out
  });

  it('says which of two disagreeing blocks it believed', () => {
    // Prepare: a single top frame claims a kernel-heavy host; vmstat's samples say quiet.
    const contradictory = `${QUIET}\n==> top -b -n 1 <==\ntop - 10:00:00 up 1 day,  2:00,  1 user,  load average: 0.05, 0.10, 0.08\n%Cpu(s):  5.0 us, 60.0 sy,  0.0 ni, 35.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st\n`;

    // Act
    const triage = classify(readCapture(contradictory));

    // Assess
    expect(triage.facts.conflicts[0]).toMatch(/believed vmstat 1 3/);
    expect(triage.cause).toBe('healthy');
  });

  it('reads the instance type and credit mode a person states', () => {
    const triage = classify(readCapture(QUIET), {
      instanceType: 't2.micro',
      creditMode: 'standard',
    });

    expect(triage.facts.instance?.type).toBe('t2.micro');
    expect(triage.facts.instance?.creditMode).toEqual({ value: 'standard', from: 'metadata' });
  });

  it('classifies a real capture of this machine without error', () => {
    const triage = classify(readCapture(loadFixture('captures/local/debian12-idle.txt')));

    expect(triage.facts.processes.length).toBeGreaterThan(5);
    expect(triage.facts.cpu?.samples).toBeGreaterThan(1);
  });
});

describe('classify and a lagging load average', () => {
  it('believes vmstat run queue over a load average left by an earlier burst', () => {
    // Prepare: the 1-minute load still says 6 on 2 CPUs, but nothing is runnable now.
    const lagging = QUIET.replace('0.05 0.10 0.08 1/180 4242', '6.43 4.61 6.92 1/180 4242');

    // Act
    const triage = classify(readCapture(lagging));

    // Assess
    expect(triage.cause).toBe('healthy');
  });
});
