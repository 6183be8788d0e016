import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/triage-function.js';

describe('cdk synth (the CLI, offline, no credentials)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'alert-triage-synth-'));
  const home = mkdtempSync(join(tmpdir(), 'alert-triage-home-'));
  let result: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    // Prepare: what a fresh shell with no AWS set-up has
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([key]) =>
          !key.startsWith('AWS_') &&
          !key.startsWith('CDK_') &&
          !key.startsWith('VITEST') &&
          key !== 'NODE_ENV',
      ),
    );
    // Act
    result = await promisify(execFile)(
      'npx',
      [
        'cdk',
        'synth',
        '--quiet',
        '--no-lookups',
        '--no-notices',
        '--no-version-reporting',
        '--output',
        outdir,
        '-c',
        'alarmNamePrefixes=prod-,web-',
        '-c',
        'hottestN=5',
        '-c',
        'slackChannelId=C0123456789',
        '-c',
        'slackSecretName=alert-triage/slack',
        '-c',
        'slackSigningSecretName=alert-triage/slack-signing',
      ],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...env,
          HOME: home,
          AWS_EC2_METADATA_DISABLED: 'true',
          CDK_DISABLE_CLI_TELEMETRY: 'true',
        },
        timeout: 120_000,
      },
    ).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: typeof error.code === 'number' ? error.code : 1,
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? '',
      }),
    );
  }, 150_000);

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  const bundles = () =>
    readdirSync(outdir)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => readFileSync(join(outdir, name, 'index.mjs'), 'utf8'));

  it('exits 0 and writes the template, with the settings from context', () => {
    // Assess
    const incompatible = /schema version mismatch[^\n]*/i.exec(result.stderr)?.[0];
    expect(
      incompatible,
      'the aws-cdk CLI in devDependencies cannot read the cloud assembly aws-cdk-lib writes ' +
        '(2.1148.1 can; 2.1034.0 and 3.0.0 cannot)',
    ).toBeUndefined();
    expect(result.code, result.stderr).toBe(0);
    const template = JSON.parse(readFileSync(join(outdir, 'AlertTriage.template.json'), 'utf8'));
    const patterns = Object.values(
      template.Resources as Record<
        string,
        { Type: string; Properties: { EventPattern?: { detail?: unknown } } }
      >,
    )
      .filter((r) => r.Type === 'AWS::Events::Rule')
      .map((r) => r.Properties.EventPattern?.detail);
    expect(patterns).toContainEqual({ alarmName: [{ prefix: 'prod-' }, { prefix: 'web-' }] });
    expect(JSON.stringify(template)).toContain('"HOTTEST_N":"5"');
    expect(JSON.stringify(template)).toContain(
      '"SLACK_SIGNING_SECRET_ID":"alert-triage/slack-signing"',
    );
  });

  it('bundles with the local esbuild, never Docker', () => {
    // Assess
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/docker/i);
    expect(bundles()).toHaveLength(3);
  });

  it('bundles the AWS SDK we test with', () => {
    // Assess
    for (const bundle of bundles()) {
      expect(bundle).not.toMatch(/from\s*"@aws-sdk\//);
      expect(bundle).toContain('SendCommand');
    }
  });

  it('loads every bundle as the Lambda runtime will: an ES module in a fresh Node, no settings', async () => {
    // Prepare: CommonJS dependencies (the Slack SDK, Bolt) need the require banner to load at all.
    const dirs = readdirSync(outdir).filter((name) => name.startsWith('asset.'));

    // Act
    const loaded = await Promise.all(
      dirs.map(async (name) => {
        const file = pathToFileURL(join(outdir, name, 'index.mjs')).href;
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `const m = await import(${JSON.stringify(file)}); console.log(typeof m.handler);`,
          ],
          {
            env: {
              PATH: process.env.PATH,
              AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            },
          },
        );
        return stdout.trim();
      }),
    );

    // Assess
    expect(dirs.length).toBeGreaterThanOrEqual(2);
    expect(loaded.every((kind) => kind === 'function')).toBe(true);
  });

  it('bundles no capture script: the functions send the stack’s SSM document', () => {
    // Assess
    for (const bundle of bundles()) expect(bundle).not.toContain('alert-triage capture script');
    expect(readFileSync(join(outdir, 'AlertTriage.template.json'), 'utf8')).toContain(
      'alert-triage capture script',
    );
  });

  it('writes a validation report with no open finding, only acknowledged ones', () => {
    // Assess
    const reportFile = join(outdir, 'validation-report.json');
    expect(existsSync(reportFile)).toBe(true);
    const { pluginReports } = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(pluginReports.map((r: { pluginName: string }) => r.pluginName)).toEqual([
      'cdk-validator-cfnguard',
    ]);
    for (const report of pluginReports) {
      expect(report).toMatchObject({ conclusion: 'success', violations: [] });
    }
  });
});
