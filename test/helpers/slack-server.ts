/**
 * A loopback HTTP server standing in for Slack's Web API: point a `WebClient` at it with
 * `slackApiUrl: `${url}/api/``. It records every request and answers the methods the bot
 * calls with Slack's shapes; any method's reply can be replaced (a 429, an `ok: false`).
 *
 * - `POST /api/<method>`: form, JSON or multipart bodies, recorded parsed. Form values that
 *   hold JSON (`blocks`, `files`) are recorded parsed too. The token (the `Authorization`
 *   header or a `token` field) is never recorded.
 * - any other path (the `upload_url` that `files.getUploadURLExternal` hands out, the
 *   `response_url` a click's ephemeral reply goes to): recorded under its path
 *   (`/upload/F0000001`) and answered `{ ok: true }`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  /** The Web API method (`chat.postMessage`), or the path for anything outside `/api/`. */
  method: string;
  path: string;
  /** The parsed body; uploaded files as `Buffer`s. */
  body: Record<string, unknown>;
  /** Lower-case header names, without `authorization`. */
  headers: Record<string, string>;
  /** Whether a bearer token came with the request (its value is not kept). */
  authorized: boolean;
}

export interface SlackReply {
  /** HTTP status; 200 unless given. */
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
}

export type ReplyHandler = SlackReply | ((request: RecordedRequest) => SlackReply);

export interface SlackServer {
  /** `http://127.0.0.1:<port>`; the Web API lives under `${url}/api/`. */
  url: string;
  /** `${url}/api/`, ready for `slackApiUrl`. */
  apiUrl: string;
  requests: RecordedRequest[];
  /** The recorded requests to one method, in order. */
  calls(method: string): RecordedRequest[];
  /** Replaces the reply of one method (until replaced again). */
  reply(method: string, handler: ReplyHandler): void;
  close(): Promise<void>;
}

/** A rejected call as Slack sends it: HTTP 429 with `Retry-After` in seconds. */
export const rateLimited = (retryAfterSeconds: number): SlackReply => ({
  status: 429,
  headers: { 'retry-after': String(retryAfterSeconds) },
  body: { ok: false, error: 'ratelimited' },
});

/** A Slack method error: HTTP 200 with `ok: false`. */
export const slackError = (error: string): SlackReply => ({ body: { ok: false, error } });

const parseJsonValue = (value: string): unknown => {
  const first = value.trimStart()[0];
  if (first !== '[' && first !== '{') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

const readBody = async (request: IncomingMessage): Promise<Record<string, unknown>> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = request.headers['content-type'] ?? '';
  const body: Record<string, unknown> = {};
  if (type.startsWith('multipart/form-data')) {
    // fetch's own parser reads what fetch's FormData wrote.
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    for (const [key, value] of form.entries()) {
      body[key] =
        typeof value === 'string' ? parseJsonValue(value) : Buffer.from(await value.arrayBuffer());
    }
  } else if (type.startsWith('application/json')) {
    const parsed: unknown = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
    if (parsed && typeof parsed === 'object') Object.assign(body, parsed);
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) {
      body[key] = parseJsonValue(value);
    }
  } else if (raw.length > 0) {
    body.raw = raw;
  }
  delete body.token;
  return body;
};

/** Starts the server on 127.0.0.1 and a free port. */
export const startSlackServer = async (): Promise<SlackServer> => {
  const requests: RecordedRequest[] = [];
  const overrides = new Map<string, ReplyHandler>();
  let tsCounter = 0;
  let fileCounter = 0;
  let url = '';

  const nextTs = () => `1763800000.${String(++tsCounter).padStart(6, '0')}`;

  const defaults: Record<string, (r: RecordedRequest) => SlackReply> = {
    'auth.test': () => ({
      body: {
        ok: true,
        url: 'https://alert-triage-test.slack.com/',
        team: 'alert-triage test',
        user: 'alert-triage',
        team_id: 'T0TEST0001',
        user_id: 'U0BOT00001',
        bot_id: 'B0BOT00001',
        is_enterprise_install: false,
      },
    }),
    'chat.postMessage': (r) => {
      const ts = nextTs();
      return {
        body: {
          ok: true,
          channel: r.body.channel,
          ts,
          message: { type: 'message', text: r.body.text, ts, bot_id: 'B0BOT00001' },
        },
      };
    },
    'chat.update': (r) => ({
      body: { ok: true, channel: r.body.channel, ts: r.body.ts, text: r.body.text },
    }),
    'chat.postEphemeral': () => ({ body: { ok: true, message_ts: nextTs() } }),
    'files.getUploadURLExternal': () => {
      const fileId = `F${String(++fileCounter).padStart(9, '0')}`;
      return { body: { ok: true, upload_url: `${url}/upload/${fileId}`, file_id: fileId } };
    },
    'files.completeUploadExternal': (r) => {
      const files = Array.isArray(r.body.files) ? (r.body.files as { id: string }[]) : [];
      return { body: { ok: true, files: files.map((f) => ({ id: f.id, name: f.id })) } };
    },
  };

  const answer = (response: ServerResponse, reply: SlackReply) => {
    response.writeHead(reply.status ?? 200, {
      'content-type': 'application/json; charset=utf-8',
      ...reply.headers,
    });
    response.end(JSON.stringify(reply.body ?? { ok: true }));
  };

  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => {
        const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
        const method = path.startsWith('/api/') ? path.slice('/api/'.length) : path;
        const { authorization, ...headers } = request.headers;
        const recorded: RecordedRequest = {
          method,
          path,
          body,
          headers: Object.fromEntries(
            Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : `${v}`]),
          ),
          authorized: typeof authorization === 'string' && authorization.startsWith('Bearer '),
        };
        requests.push(recorded);
        const handler = overrides.get(method);
        if (handler) {
          answer(response, typeof handler === 'function' ? handler(recorded) : handler);
          return;
        }
        const make = defaults[method];
        if (make) answer(response, make(recorded));
        else if (path.startsWith('/api/')) answer(response, slackError('unknown_method'));
        else answer(response, { body: { ok: true } });
      })
      .catch((error: unknown) => {
        answer(response, { status: 500, body: { ok: false, error: String(error) } });
      });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  return {
    url,
    apiUrl: `${url}/api/`,
    requests,
    calls: (method) => requests.filter((r) => r.method === method),
    reply: (method, handler) => {
      overrides.set(method, handler);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // fetch keeps connections alive; without this `close` waits for them to time out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
