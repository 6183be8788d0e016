import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { deriveThreads, dumpedPid } from '../../../functions/core/facts/processes.js';
import { loadFixture } from '../../helpers/fixtures.js';

const threadsOf = (name: string) =>
  deriveThreads(readCapture(loadFixture(`captures/jstack/${name}`)));

describe('deriveThreads from thread dumps', () => {
  it('takes the rate between two dumps, and says over how long (this machine)', () => {
    const threads = threadsOf('this-machine-jdk17-two-dumps.txt');
    const c2 = threads.find((t) => t.name === 'C2 CompilerThread0');

    expect(threads[0]).toMatchObject({ name: 'main', pid: 8086, cpuPercent: 40.6 });
    expect(c2).toMatchObject({ cpuPercent: 6.3, cpuOverSeconds: 6.49 });
  });

  it('falls back on the lifetime average of one dump (IcedTea-Web#968)', () => {
    const [c2] = threadsOf('adoptium-1260-c2-thread-only.txt');

    expect(c2?.cpuPercent).toBeCloseTo((565781.78 / 1000 / 20247.84) * 100, 6);
    expect(c2?.cpuOverSeconds).toBe(20247.84);
  });
});

describe('dumpedPid', () => {
  it('reads the JVM from the dumping command', () => {
    expect(dumpedPid('jstack 2872')).toBe(2872);
    expect(dumpedPid('jstack -l 2872')).toBe(2872);
    expect(dumpedPid('jcmd 8086 Thread.print')).toBe(8086);
    expect(dumpedPid('jhsdb jstack --pid 41')).toBe(41);
    expect(dumpedPid('kill -3 2872')).toBe(2872);
    expect(dumpedPid('jstack')).toBeUndefined();
    expect(dumpedPid(null)).toBeUndefined();
  });
});
