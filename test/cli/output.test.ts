import { describe, expect, it } from 'vitest';
import type { Streams } from '../../functions/cli/io.js';
import { useColor } from '../../functions/cli/output.js';
import { readCapture } from '../../functions/core/capture/read.js';
import { classify } from '../../functions/core/classify.js';
import { renderTriage } from '../../functions/render/terminal.js';
import { loadFixture } from '../helpers/fixtures.js';

const ESC = String.fromCharCode(27);

const streams = (isTTY: boolean, env: NodeJS.ProcessEnv = {}): Streams =>
  ({ stdout: { isTTY }, stderr: {}, env }) as unknown as Streams;

describe('colour in the terminal output', () => {
  it('is used only on a terminal, and never with NO_COLOR or TERM=dumb', () => {
    expect(useColor(streams(true))).toBe(true);
    expect(useColor(streams(false))).toBe(false);
    expect(useColor(streams(true, { NO_COLOR: '1' }))).toBe(false);
    expect(useColor(streams(true, { TERM: 'dumb' }))).toBe(false);
  });

  it('paints the cause when asked and prints plain text otherwise', () => {
    // Prepare
    const triage = classify(readCapture(loadFixture('captures/seeds/seed-000-sick.txt')));

    // Act
    const painted = renderTriage(triage, { color: true });
    const plain = renderTriage(triage, { color: false });

    // Assess
    expect(painted).toContain('\x1b[31m');
    expect(plain).not.toContain('\x1b[');
    expect(painted.replace(new RegExp(`${ESC}\\[\\d+m`, 'g'), '')).toBe(plain);
  });
});
