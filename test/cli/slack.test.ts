import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Streams } from '../../functions/cli/io.js';
import { main } from '../../functions/cli/main.js';
import { loadFixture } from '../helpers/fixtures.js';
import { type SlackServer, startSlackServer } from '../helpers/slack-server.js';

const SEED_000 = loadFixture('captures/seeds/seed-000-sick.txt');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process (the Web API client reads SLACK_API_URL from process.env). */
const run = async (args: string[], input: string, env: NodeJS.ProcessEnv = {}): Promise<Run> => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const streams: Streams = { stdin: Readable.from([input]), stdout, stderr, env };
  const code = await main(args, streams);
  return {
    code,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
};

/** A loopback stand-in for an incoming webhook: records each request, answers as told. */
interface Hook {
  url: string;
  requests: { headers: IncomingMessage['headers']; body: string }[];
  answer: { status: number; body: string };
  close(): Promise<void>;
}

const startHook = async (): Promise<Hook> => {
  const hook = { requests: [], answer: { status: 200, body: 'ok' } } as unknown as Hook;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      hook.requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.writeHead(hook.answer.status, { 'content-type': 'text/plain' });
      response.end(hook.answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hook.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T0/B0/x`;
  hook.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return hook;
};

describe('alert-triage classify --slack-json', () => {
  it('prints the Block Kit message with buttons whose values are the triage id', async () => {
    // Act
    const result = await run(['classify', '-', '--slack-json'], SEED_000);

    // Assess
    expect(result.code).toBe(0);
    const message = JSON.parse(result.stdout);
    expect(Object.keys(message)).toEqual(['text', 'blocks']);
    expect(message.text).toMatch(/^syscall-storm on ip-172-31-0-84/);
    const buttons = message.blocks
      .filter((b: { type: string }) => b.type === 'actions')
      .flatMap((b: { elements: { type: string; value: string }[] }) => b.elements)
      .filter((e: { type: string }) => e.type === 'button');
    expect(buttons.length).toBeGreaterThan(0);
    for (const b of buttons) expect(b.value).toMatch(/^tr-[0-9a-f]{16}$/);
  });

  it('refuses --json with --slack-json', async () => {
    const result = await run(['classify', '-', '--json', '--slack-json'], SEED_000);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/choose one/);
  });
});

describe('alert-triage classify --slack-webhook', () => {
  let hook: Hook;
  beforeAll(async () => {
    hook = await startHook();
  });
  afterAll(() => hook.close());
  afterEach(() => {
    hook.requests.length = 0;
    hook.answer = { status: 200, body: 'ok' };
  });

  it('posts the card without interactive buttons as JSON, and still prints the triage', async () => {
    // Act
    const result = await run(['classify', '-', '--slack-webhook', hook.url], SEED_000);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^syscall-storm {2}confidence/);
    expect(hook.requests).toHaveLength(1);
    expect(hook.requests[0]?.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(hook.requests[0]?.body ?? '');
    expect(body.text).toMatch(/^syscall-storm/);
    expect(JSON.stringify(body.blocks)).not.toMatch(/"action_id":"(rerun|deep|mute|unmute)"/);
  });

  it('exits 1 with the status and Slack’s answer on one line when the hook refuses', async () => {
    // Prepare
    hook.answer = { status: 400, body: 'invalid_blocks\n' };

    // Act
    const result = await run(['classify', '-', '--slack-webhook', hook.url], SEED_000);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'alert-triage classify: Slack webhook answered 400: invalid_blocks\n',
    );
  });

  it.each([
    ['http://hooks.slack.com/services/x', /must be an https:\/\/ URL/],
    ['not a url', /is not a URL/],
  ])('exits 2 for the webhook %s', async (url, message) => {
    const result = await run(['classify', '-', '--slack-webhook', url], SEED_000);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(hook.requests).toHaveLength(0);
  });
});

describe('alert-triage classify|local --slack-channel', () => {
  let slack: SlackServer;
  beforeAll(async () => {
    slack = await startSlackServer();
    vi.stubEnv('SLACK_API_URL', slack.apiUrl);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await slack.close();
  });

  it('posts the card through chat.postMessage with the bot token', async () => {
    // Act
    const result = await run(['classify', '-', '--slack-channel', 'C0123456789'], SEED_000, {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
    });

    // Assess
    expect(result.code).toBe(0);
    const [post] = slack.calls('chat.postMessage');
    expect(post?.authorized).toBe(true);
    expect(post?.body).toMatchObject({ channel: 'C0123456789', text: expect.any(String) });
    expect(JSON.stringify(post?.body.blocks)).toContain('syscall-storm on ip-172-31-0-84');
  });

  it('exits 1 with Slack’s error when the post is refused', async () => {
    // Prepare
    slack.reply('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });

    // Act
    const result = await run(['classify', '-', '--slack-channel', 'C0123456789'], SEED_000, {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
    });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/chat\.postMessage: Slack said channel_not_found\n$/);
    expect(result.stderr).not.toContain('xoxb-test-token');
  });

  it.each([['classify', '-'], ['local']])(
    'exits 2 before any capture when SLACK_BOT_TOKEN is missing (%s)',
    async (...args) => {
      const result = await run([...args, '--slack-channel', 'C0123456789'], SEED_000);

      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/needs a bot token in SLACK_BOT_TOKEN/);
    },
  );

  it('exits 2 for a channel that is not an id', async () => {
    const result = await run(['classify', '-', '--slack-channel', '#ops'], SEED_000, {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not a channel id/);
  });
});
