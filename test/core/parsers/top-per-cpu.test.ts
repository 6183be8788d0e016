import { describe, expect, it } from 'vitest';
import { blocksOf, readCapture } from '../../../functions/core/capture/read.js';
import { topParser } from '../../../functions/core/parsers/top.js';
import { loadBlockFixture, loadFixture } from '../../helpers/fixtures.js';

describe('topParser on per-CPU lines pasted without the banner', () => {
  it('starts the frame at %Cpu0 and averages the per-CPU lines into the split', () => {
    // Prepare: top's per-CPU view (key 1) pasted from the %Cpu0 line (Geektime lesson 05)
    const { command, text } = loadBlockFixture(
      'captures/top/geektime-05-per-cpu-lines-no-banner.txt',
    );

    // Act
    const result = topParser.parse(text, command);

    // Assess
    if (!result.ok) throw new Error(result.error);
    const frame = result.data.frames[0];
    expect(frame?.perCpu.map((c) => [c.cpu, c.us])).toEqual([
      [0, 98.7],
      [1, 99.3],
    ]);
    expect(frame?.cpuSource).toBe('per-cpu-mean');
    expect(frame?.cpu).toMatchObject({ us: 99, sy: 1, id: 0 });
    expect(frame?.processes).toHaveLength(5);
  });
});

describe('topParser: machine-wide CPU lines pasted alone', () => {
  it('finds a paste of `%Cpu(s)` lines by its banner and reads each line as one refresh', () => {
    // Act
    const capture = readCapture(
      loadFixture('captures/corpus/cpu-steal/lkml-2024-irqtime-kvm-host-stress-st-89.txt'),
    );

    // Assess
    const top = blocksOf(capture, 'top')[0];
    expect(top?.data.frames.map((f) => f.cpu?.st)).toEqual([
      77.8, 89.9, 77.2, 88.5, 77.8, 89.8, 77.2,
    ]);
  });

  it('reads procps 3.2’s `Cpu(s):  1.8%us,` line pasted without top’s first line', () => {
    // Act
    const capture = readCapture(
      loadFixture('captures/corpus/cpu-steal/theon-ec2-t1-micro-st-97-top-lines.txt'),
    );

    // Assess
    expect(blocksOf(capture, 'top')[0]?.data.frames[0]?.cpu).toMatchObject({
      us: 1.8,
      sy: 0.5,
      id: 0,
      st: 97.7,
    });
  });
});
