import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { loadFixture } from '../helpers/fixtures.js';

const seeds = fileURLToPath(new URL('../fixtures/captures/seeds/', import.meta.url));
const SICK = `${seeds}seed-000-sick.txt`;
const HEALTHY = `${seeds}seed-000-healthy.txt`;
const dir = mkdtempSync(join(tmpdir(), 'alert-triage-peer-'));

describe('alert-triage compare --peer', () => {
  it('names the system CPU and the rt_sigreturn flood on seed 000’s sick instance, in 80 columns', async () => {
    // Act
    const result = await cli(['compare', '--peer', SICK, HEALTHY]);

    // Assess
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    const differs = result.stdout.slice(0, result.stdout.indexOf('Same on the healthy peer'));
    expect(differs).toMatch(/differs system CPU \(perf\): sick 12% of samples, peer 0% of samples/);
    expect(differs).toMatch(/differs rt_sigreturn: sick 29% of syscall time, peer 3\.4%/);
    expect(result.stdout).toMatch(/same {4}signals traced: sick SIGPROF, peer SIGPROF/);
  });

  it('prints the comparison as JSON with "mode": "peer", reading the healthy one from -', async () => {
    const result = await cli(
      ['compare', '--peer', SICK, '-', '--json'],
      loadFixture('captures/seeds/seed-000-healthy.txt'),
    );

    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.mode).toBe('peer');
    expect(json.sick).toMatchObject({ host: 'ip-172-31-0-84', cause: 'syscall-storm' });
    expect(json.rows.find((r: { label: string }) => r.label === 'rt_sigreturn').verdict).toBe(
      'differs',
    );
  });

  it('exits 2 with one line for a missing file', async () => {
    const result = await cli(['compare', '--peer', SICK, join(dir, 'nope.txt')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^alert-triage compare: .*nope\.txt: no such file\n$/);
  });

  it('exits 2 with one line for a capture that is not text', async () => {
    const binary = join(dir, 'core.bin');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));

    const result = await cli(['compare', '--peer', binary, HEALTHY]);

    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/binary data, not a text capture/);
  });

  it('exits 2 when given one capture', async () => {
    const result = await cli(['compare', '--peer', SICK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/expects two captures, SICK and HEALTHY/);
  });
});
