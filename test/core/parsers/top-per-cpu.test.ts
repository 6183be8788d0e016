import { describe, expect, it } from 'vitest';
import { topParser } from '../../../functions/core/parsers/top.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

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
