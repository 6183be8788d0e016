import { describe, expect, it } from 'vitest';
import { readCapture } from '../../functions/core/capture/read.js';
import { classify } from '../../functions/core/classify.js';
import { sparkline } from '../../functions/render/sparkline.js';
import { renderTriage } from '../../functions/render/terminal.js';
import { loadFixture } from '../helpers/fixtures.js';

describe('sparkline', () => {
  it('spans the series from the lowest to the highest bar', () => {
    // Act
    const line = sparkline([0, 1, 2, 3, 4, 5, 6, 7]);

    // Assess
    expect(line).toBe('▁▂▃▄▅▆▇█');
  });

  it('averages a long series into the width', () => {
    // Act
    const line = sparkline([0, 0, 100, 100], 2);

    // Assess
    expect(line).toBe('▁█');
  });

  it('uses a fixed range when one is given', () => {
    expect(sparkline([50, 50], 10, { min: 0, max: 100 })).toBe('▅▅');
    expect(sparkline([3, 3, 3])).toBe('▁▁▁');
  });

  it('gives nothing for an empty or non-finite series', () => {
    expect(sparkline([])).toBe('');
    expect(sparkline([Number.NaN])).toBe('');
  });
});

describe('renderTriage trend line', () => {
  it('shows the CPU busy series and the credit balance under the headline (seed 002)', () => {
    // Prepare
    const capture = readCapture(loadFixture('captures/seeds/seed-002-gunicorn-leak-t3micro.txt'));

    // Act
    const lines = renderTriage(classify(capture), { color: false, width: 80 }).split('\n');

    // Assess
    const trend = lines.find((l) => l.startsWith('cpu '));
    expect(trend).toMatch(/^cpu [▁▂▃▄▅▆▇█]+ \d+% {3}credits [▁▂▃▄▅▆▇█]+ \d+$/);
    expect(trend?.length).toBeLessThanOrEqual(80);
  });

  it('has no trend line when the capture has a single CPU sample', () => {
    // Prepare
    const capture = readCapture('%Cpu(s): 58.4 us, 37.1 sy, 0.0 ni, 3.5 id, 0.0 wa\n');

    // Act
    const text = renderTriage(classify(capture), { color: false });

    // Assess
    expect(text).not.toMatch(/^cpu /m);
  });
});
