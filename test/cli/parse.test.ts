import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alert-triage-cli-'));

describe('alert-triage parse', () => {
  it('prints the JSON contract for a capture read from standard input', async () => {
    const result = await cli(
      ['parse', '-', '--json'],
      '==> cat /proc/loadavg <==\n2.95 2.78 2.70 3/456 12345\n==> something else <==\nhello\n',
    );

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      blocks: [
        {
          command: 'cat /proc/loadavg',
          tool: 'loadavg',
          parsed: true,
          summary: 'load 2.95 2.78 2.7, 3/456 running',
        },
        { command: 'something else', tool: null, parsed: false, summary: 'not used' },
      ],
    });
  });

  it('exits 0 when nothing in the input was understood', async () => {
    const result = await cli(['parse', '-', '--json'], 'just some words\n');

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).blocks[0]).toMatchObject({ tool: null, parsed: false });
  });

  it.each([
    [['parse', join(dir, 'missing.txt')], /missing\.txt: no such file$/],
    [['parse'], /expects one FILE or -/],
    [['parse', 'a', '--bogus'], /bogus/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('exits 2 with one line for %j', async (args, message) => {
    const result = await cli(args);

    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
  });

  it('refuses binary data and a directory with a one-line reason', async () => {
    const binary = join(dir, 'core.bin');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));

    const bin1 = await cli(['parse', binary]);
    const dirResult = await cli(['parse', dir]);

    expect([bin1.code, dirResult.code]).toEqual([2, 2]);
    expect(bin1.stderr).toMatch(/binary data, not a text capture/);
    expect(dirResult.stderr).toMatch(/is a directory/);
  });

  it('prints usage for --help and exits 0', async () => {
    const result = await cli(['parse', '--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: alert-triage parse/);
  });

  it('reads an empty input as a capture with nothing in it', async () => {
    const result = await cli(['parse', '-', '--json'], '');

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ blocks: [] });
  });

  it('refuses a 50 MB paste with one line instead of reading it', async () => {
    const huge = join(dir, 'huge.txt');
    writeFileSync(huge, 'top - 10:00:00 up 1 day\n'.repeat(2_200_000));

    const result = await cli(['parse', huge]);

    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /huge\.txt is over 50\.4 MB; a capture is at most a few hundred KB/,
    );
  });
});
