import { describe, expect, it } from 'vitest';
import { loadavgParser } from '../../../functions/core/parsers/loadavg.js';

describe('loadavgParser', () => {
  it('reads the three averages and the run queue', () => {
    // Act
    const result = loadavgParser.parse('2.95 2.78 2.70 3/456 12345\n', 'cat /proc/loadavg');

    // Assess
    expect(result).toEqual({
      ok: true,
      data: { load1: 2.95, load5: 2.78, load15: 2.7, running: 3, total: 456 },
    });
  });

  it('says what it expected when the text is something else', () => {
    const result = loadavgParser.parse('cat: /proc/loadavg: No such file or directory', null);

    expect(result.ok).toBe(false);
  });
});
