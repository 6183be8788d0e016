import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { TRIAGE_ENTRIES } from '../../lib/alert-triage.js';
import { PROJECT_ROOT, triageEsbuildOptions } from '../../lib/triage-function.js';

const dir = mkdtempSync(join(tmpdir(), 'alert-triage-slack-bundle-'));

/** Bundles the Slack handler as the Lambda gets it, then answers one unsigned request with it. */
const bundleAndInvoke = async (banner: boolean): Promise<string> => {
  const out = join(dir, banner ? 'with-banner' : 'without-banner');
  await build({
    ...triageEsbuildOptions(),
    entryPoints: [join(PROJECT_ROOT, TRIAGE_ENTRIES.slack)],
    outfile: join(out, 'index.mjs'),
    // The house options carry the banner; the control bundle drops it.
    ...(banner ? {} : { banner: {} }),
  });
  const script = join(out, 'invoke.mjs');
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
  const { stdout } = await promisify(execFile)(process.execPath, [script], {
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      TABLE_NAME: 'AlertTriage-Table',
      CAPTURE_DOCUMENT_NAME: 'AlertTriage-CaptureDocument',
      SLACK_CHANNEL_ID: 'C0123456789',
      SLACK_BOT_TOKEN: 'xoxb-0000-test',
      SLACK_SIGNING_SECRET: 'not-used',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  }).catch((error: { stdout?: string; stderr?: string }) => ({
    stdout: `${error.stdout ?? ''}${error.stderr ?? ''}`,
  }));
  return stdout;
};

describe('the Slack function’s bundle', () => {
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs as an ES module with the require banner (Bolt is CommonJS), and not without it', async () => {
    // Act
    const withBanner = await bundleAndInvoke(true);
    const without = await bundleAndInvoke(false);

    // Assess
    expect(JSON.parse(withBanner)).toEqual({ statusCode: 401, body: '' });
    expect(without).toContain('Dynamic require of');
  }, 60_000);
});
