import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIAGE_ENTRIES } from '../../lib/alert-triage.js';
import { PROJECT_ROOT, triageEsbuildOptions } from '../../lib/triage-function.js';

const dir = mkdtempSync(join(tmpdir(), 'alert-triage-slack-bundle-'));
const outfile = join(dir, 'index.mjs');

/** The modules the bundle was made of, as paths relative to the project. */
let inputs: string[] = [];

describe('the Slack function’s bundle', () => {
  beforeAll(async () => {
    // Bundled as the Lambda gets it.
    const result = await build({
      ...triageEsbuildOptions(),
      entryPoints: [join(PROJECT_ROOT, TRIAGE_ENTRIES.slack)],
      outfile,
      metafile: true,
    });
    inputs = Object.keys(result.metafile.inputs);
  }, 60_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers an unsigned request 401 when a fresh Node loads it as an ES module', async () => {
    // Prepare
    const script = join(dir, 'invoke.mjs');
    writeFileSync(
      script,
      `const { handler } = await import('./index.mjs');
const response = await handler(
  { version: '2.0', rawPath: '/', rawQueryString: '', routeKey: '$default', isBase64Encoded: false,
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'payload=%7B%7D',
    requestContext: {} },
  { functionName: 'slack', awsRequestId: '1', invokedFunctionArn: 'arn', memoryLimitInMB: '512',
    getRemainingTimeInMillis: () => 3000 });
console.log(JSON.stringify(response));`,
    );

    // Act
    const { stdout } = await promisify(execFile)(process.execPath, [script], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        TABLE_NAME: 'AlertTriage-Table',
        CAPTURE_DOCUMENT_NAME: 'AlertTriage-CaptureDocument',
        SLACK_CHANNEL_ID: 'C0123456789',
        SLACK_SIGNING_SECRET: 'not-used',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });

    // Assess
    expect(JSON.parse(stdout)).toEqual({ statusCode: 401, body: '' });
  }, 60_000);

  it('leaves out Bolt, its HTTP and Socket Mode receivers and the Web API client (issue 9)', () => {
    // Assess
    const receivers = inputs.filter((path) =>
      /node_modules\/(@slack\/(bolt|socket-mode|oauth|web-api)|express|body-parser|undici)\//.test(
        path,
      ),
    );
    expect(inputs.length).toBeGreaterThan(50);
    expect(receivers).toEqual([]);
  });

  it('weighs at most 1,500 KB (issue 9)', () => {
    // Assess
    expect(statSync(outfile).size / 1024).toBeLessThanOrEqual(1500);
  });
});
