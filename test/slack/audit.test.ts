import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAudit } from '../../functions/slack/audit.js';

const bodies: unknown[] = [];
const server = createServer((req, res) => {
  let text = '';
  req.on('data', (chunk) => {
    text += chunk;
  });
  req.on('end', () => {
    bodies.push(JSON.parse(text));
    res.writeHead(req.url === '/refuse' ? 404 : 200).end('ok');
  });
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('postAudit', () => {
  it('posts the line for the channel into the card’s thread, never replacing the card', async () => {
    // Act
    await postAudit(`${base}/ok`, ':wrench: done', '1763802640.000100');

    // Assess
    expect(bodies.at(-1)).toEqual({
      response_type: 'in_channel',
      replace_original: false,
      thread_ts: '1763802640.000100',
      text: ':wrench: done',
    });
  });

  it('throws when Slack refuses it (the listener then keeps it in the log only)', async () => {
    // Act / Assess
    await expect(postAudit(`${base}/refuse`, 'x')).rejects.toThrow(/HTTP 404/);
  });
});
