import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { COMPRESSED_HEADER, COMPRESSED_TRAILER } from '../../functions/core/capture/decode.js';
import { cli } from '../helpers/cli.js';
import { loadFixture } from '../helpers/fixtures.js';
import { startSlackServer } from '../helpers/slack-server.js';

const dir = mkdtempSync(join(tmpdir(), 'alert-triage-classify-'));
const SEED_000 = [
  '[root@ip-172-31-0-84 log]# top -b -n 1',
  'top - 02:22:21 up 4:50, 2 users, load average: 2.95, 2.78, 2.70',
  'Tasks: 155 total, 3 running, 152 sleeping, 0 stopped, 0 zombie',
  '%Cpu(s): 58.4 us, 37.1 sy, 0.0 ni, 3.5 id, 0.0 wa, 0.0 hi, 1.0 si, 0.0 st',
  'MiB Mem : 3812.1 total, 175.9 free, 1550.3 used, 2086.0 buff/cache',
  'MiB Swap: 0.0 total, 0.0 free, 0.0 used. 2039.1 avail Mem',
  'PID USER PR NI VIRT RES SHR S %CPU %MEM TIME+ COMMAND',
  '2872 webapp 20 0 9971.6m 507080 57992 R 102.3 13.0 231:24.50 node-20',
  '[root@ip-172-31-0-84 log]# strace -c -p 2852',
  '% time seconds usecs/call calls errors syscall',
  '------ ----------- ----------- --------- --------- ----------------',
  '46.78 2.026571 1 1266953 633476 write',
  '29.00 1.256125 1 636891 rt_sigreturn',
  '24.23 1.049480 1 633477 read',
  '------ ----------- ----------- --------- --------- ----------------',
  '100.00 4.332176 1 2537321 633476 total',
].join('\n');

describe('alert-triage classify', () => {
  it('prints the JSON contract for a pasted seed 000 capture', async () => {
    // Act
    const result = await cli(['classify', '-', '--json'], SEED_000);

    // Assess
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ cause: 'syscall-storm', headline: expect.any(String) });
    expect(json.confidence).toBeGreaterThanOrEqual(0.8);
    expect(json.diagnoses[0].evidence[0]).toEqual({
      source: expect.any(String),
      text: expect.any(String),
    });
    expect(json.diagnoses[0].fixes[0]).toMatchObject({ title: expect.any(String) });
    expect(json.ruledOut).toEqual(
      expect.arrayContaining([expect.objectContaining({ cause: 'runaway-process' })]),
    );
    expect(json.capture.blocks).toEqual([
      { command: 'top -b -n 1', tool: 'top', parsed: true },
      { command: 'strace -c -p 2852', tool: 'strace-c', parsed: true },
    ]);
  });

  it('prints text that fits 80 columns and has no colour when not on a terminal', async () => {
    const result = await cli(['classify', '-'], SEED_000);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^syscall-storm {2}confidence/);
    expect(result.stdout).not.toContain('\x1b[');
    expect(Math.max(...result.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
  });

  it('takes the instance type and credit mode a person states', async () => {
    const result = await cli(
      ['classify', '-', '--json', '--instance-type', 't3.micro', '--credit-mode', 'unlimited'],
      SEED_000,
    );

    const json = JSON.parse(result.stdout);
    expect(json.missing.join(' ')).not.toMatch(/instance type unknown/);
  });

  it.each([
    [
      ['classify', '-', '--instance-type', 'huge'],
      /--instance-type 'huge' is not an EC2 instance type/,
    ],
    [['classify', '-', '--credit-mode', 'free'], /--credit-mode must be standard or unlimited/],
    [['classify'], /expects one FILE or -/],
  ])('exits 2 with one line for %j', async (args, message) => {
    const result = await cli(args, '');

    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reads a capture as the script prints a large one (gzip+base64 framed)', async () => {
    // Prepare
    const body = gzipSync(Buffer.from(SEED_000, 'utf8')).toString('base64');
    const framed = `${COMPRESSED_HEADER}\n${body}\n${COMPRESSED_TRAILER}\n`;

    // Act
    const plain = await cli(['classify', '-', '--json'], SEED_000);
    const compressed = await cli(['classify', '-', '--json'], framed);

    // Assess
    expect(compressed.code).toBe(0);
    expect(JSON.parse(compressed.stdout)).toEqual(JSON.parse(plain.stdout));
  });

  it('exits 2 naming the file when its framed capture is cut off', async () => {
    // Prepare
    const file = join(dir, 'cut.txt');
    const body = gzipSync(Buffer.from(SEED_000, 'utf8')).toString('base64');
    writeFileSync(file, `${COMPRESSED_HEADER}\n${body.slice(0, 200)}\n`);

    // Act
    const result = await cli(['classify', file]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      new RegExp(`${file}: compressed capture output is cut off`),
    );
  });

  it('says what is missing when the input holds nothing usable', async () => {
    const result = await cli(['classify', '-', '--json'], 'nothing to see here\n');

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ cause: 'inconclusive', confidence: 0 });
  });
});

describe('alert-triage compare', () => {
  it('compares two saved captures and prints a verdict', async () => {
    // Prepare
    const before = join(dir, 'before.txt');
    const after = join(dir, 'after.txt');
    writeFileSync(before, SEED_000);
    writeFileSync(after, loadFixture('captures/local/debian12-idle.txt'));

    // Act
    const result = await cli(['compare', before, after, '--json']);

    // Assess
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(['resolved', 'improved', 'unchanged', 'worse']).toContain(json.verdict);
    expect(json.before.cause).toBe('syscall-storm');
    expect(json.summary).toMatch(/sy 37% → /);
  });

  it('exits 2 when given one capture or two from standard input', async () => {
    expect((await cli(['compare', 'a'])).code).toBe(2);
    expect((await cli(['compare', '-', '-'])).stderr).toMatch(/only one of the two/);
  });
});

describe('alert-triage classify --slack-channel, from the built bundle', () => {
  it('posts the card through the Web API (CommonJS Slack client inside the ES module bundle)', async () => {
    // Prepare
    const slack = await startSlackServer();
    try {
      // Act
      const result = await cli(['classify', '-', '--slack-channel', 'C0TRIAGE01'], SEED_000, {
        ...process.env,
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_API_URL: slack.apiUrl,
      });

      // Assess
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(slack.calls('chat.postMessage')[0]?.body).toMatchObject({ channel: 'C0TRIAGE01' });
    } finally {
      await slack.close();
    }
  });
});
