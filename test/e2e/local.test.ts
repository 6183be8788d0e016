import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../functions/core/capture/read.js';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alert-triage-local-'));

describe('alert-triage local', () => {
  it('captures this machine, saves the capture, and prints the triage as JSON', async () => {
    // Prepare
    const saved = join(dir, 'capture.txt');

    // Act
    const result = await cli([
      'local',
      '--seconds',
      '3',
      '--deep',
      'never',
      '--json',
      '--save',
      saved,
    ]);

    // Assess
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(typeof json.cause).toBe('string');
    expect(json.capture.blocks.length).toBeGreaterThan(10);
    expect(json.capture.blocks.every((b: { parsed: boolean }) => b.parsed)).toBe(true);
    expect(existsSync(saved)).toBe(true);
    const capture = readCapture(readFileSync(saved, 'utf8'));
    expect(capture.metadata.format).toMatch(/^alert-triage capture v1/);
    expect(capture.notes).toContain('deep: not run (--deep never)');
    // Progress goes to stderr only on a terminal; here it is a pipe.
    expect(result.stderr).toBe('');
  });

  it.each([
    [['local', '--seconds', '2'], /seconds/],
    [['local', '--seconds', 'ten'], /--seconds must be a whole number, not 'ten'/],
    [['local', '--deep', 'sometimes'], /--deep must be auto, never or always/],
    [['local', '--pid', '0'], /pid/],
    [['local', 'extra'], /unexpected argument 'extra'/],
  ])('exits 2 with one line for %j, before capturing anything', async (args, message) => {
    const result = await cli(args);

    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('reports an unwritable --save path at once, as a usage error', async () => {
    const result = await cli([
      'local',
      '--seconds',
      '3',
      '--deep',
      'never',
      '--save',
      join(dir, 'no', 'such', 'dir', 'x.txt'),
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot save to/);
  });
});
