import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CAPTURE_PARAMETER_PATTERNS,
  CAPTURE_PARAMETERS,
  captureDocumentContent,
  DOCUMENT_SIZE_LIMIT_BYTES,
  HEREDOC_DELIMITER,
} from '../../../functions/adapters/aws/capture-document.js';
import captureScript from '../../../functions/capture-script/capture.sh';
import {
  DEEP_MODES,
  MAX_SECONDS,
  MAX_STRACE_SECONDS,
  MIN_SECONDS,
  MIN_STRACE_SECONDS,
} from '../../../functions/capture-script/options.js';
import { decodeCaptureOutput } from '../../../functions/core/capture/decode.js';

type Content = ReturnType<typeof captureDocumentContent>;
type Parameters = Partial<Record<keyof Content['parameters'], string>>;

const dir = mkdtempSync(join(tmpdir(), 'alert-triage-capture-document-'));

/** A stand-in for capture.sh that prints the arguments it was given, one a line, and fails. */
const ECHO_ARGS = 'printf "%s\\n" "$@"\nexit 3\n';

/**
 * The step's shell lines after SSM's substitution (`{{ name }}` → the value sent, or the
 * parameter's default), run the way the agent runs them: written to a file, run by `sh`.
 */
const runStep = async (
  content: Content,
  sent: Parameters,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string }> => {
  const [step] = content.mainSteps;
  const lines = step?.inputs.runCommand.map((line) =>
    line.replace(/\{\{ (\w+) \}\}/g, (_, name: keyof Content['parameters']) => {
      const value = sent[name] ?? (content.parameters[name] as { default?: string }).default;
      if (value === undefined) throw new Error(`SSM would refuse: ${name} is required`);
      return value;
    }),
  );
  const file = join(dir, '_script.sh');
  writeFileSync(file, `${lines?.join('\n')}\n`);
  return promisify(execFile)('sh', [file], { env: { PATH: process.env.PATH, ...env } }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
};

/** Which of `candidates` a parameter's pattern accepts (SSM matches it against the value). */
const accepted = (pattern: string, candidates: readonly string[]): string[] =>
  candidates.filter((value) => new RegExp(pattern).test(value));

const wholeNumbers = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

describe('captureDocumentContent', () => {
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const content = captureDocumentContent(captureScript);

  it('is a schema 2.2 Command document with one Linux shell step bounded by executionTimeout', () => {
    // Assess
    expect(content.schemaVersion).toBe('2.2');
    expect(content.mainSteps).toEqual([
      {
        action: 'aws:runShellScript',
        name: 'capture',
        precondition: { StringEquals: ['platformType', 'Linux'] },
        inputs: { timeoutSeconds: '{{ executionTimeout }}', runCommand: expect.any(Array) },
      },
    ]);
  });

  it('declares every parameter the executor sends, each constrained', () => {
    // Assess
    expect(Object.keys(content.parameters).sort()).toEqual(
      Object.values(CAPTURE_PARAMETERS).sort(),
    );
    for (const parameter of Object.values(content.parameters)) {
      expect(parameter.type).toBe('String');
      expect('allowedPattern' in parameter || 'allowedValues' in parameter).toBe(true);
    }
    expect(content.parameters.deep.allowedValues).toEqual([...DEEP_MODES]);
    expect(content.parameters.straceSeconds.default).toBe('2');
    expect(content.parameters.pid.default).toBe('');
  });

  it(`fits SSM's ${DOCUMENT_SIZE_LIMIT_BYTES / 1024} KB document limit with the real script`, () => {
    // Act
    const bytes = Buffer.byteLength(JSON.stringify(content));

    // Assess
    expect(bytes).toBeGreaterThan(Buffer.byteLength(captureScript));
    expect(bytes).toBeLessThanOrEqual(DOCUMENT_SIZE_LIMIT_BYTES);
  });

  it('carries the script byte for byte inside a quoted here-document', () => {
    // Act
    const lines = content.mainSteps[0]?.inputs.runCommand ?? [];
    const start = lines.findIndex((line) => line.endsWith(`<<'${HEREDOC_DELIMITER}'`));

    // Assess
    expect(lines.at(-1)).toBe(HEREDOC_DELIMITER);
    expect(`${lines.slice(start + 1, -1).join('\n')}\n`).toBe(captureScript);
  });

  describe('parameter patterns (SSM refuses anything else before the host sees it)', () => {
    it(`accepts seconds ${MIN_SECONDS}–${MAX_SECONDS} and nothing around them`, () => {
      // Act / Assess
      expect(
        accepted(CAPTURE_PARAMETER_PATTERNS.seconds, [
          ...wholeNumbers(0, 100),
          '03',
          ' 3',
          '3 ',
          '10;reboot',
          '',
        ]),
      ).toEqual(wholeNumbers(MIN_SECONDS, MAX_SECONDS));
      expect(content.parameters.seconds.allowedPattern).toBe(CAPTURE_PARAMETER_PATTERNS.seconds);
    });

    it(`accepts straceSeconds ${MIN_STRACE_SECONDS}–${MAX_STRACE_SECONDS} and nothing around them`, () => {
      // Act / Assess
      expect(
        accepted(CAPTURE_PARAMETER_PATTERNS.straceSeconds, [...wholeNumbers(0, 30), '02', '']),
      ).toEqual(wholeNumbers(MIN_STRACE_SECONDS, MAX_STRACE_SECONDS));
      expect(content.parameters.straceSeconds.allowedPattern).toBe(
        CAPTURE_PARAMETER_PATTERNS.straceSeconds,
      );
    });

    it('accepts an empty pid or one of 1 to 7 digits without a leading zero', () => {
      // Act / Assess
      expect(
        accepted(CAPTURE_PARAMETER_PATTERNS.pid, [
          '',
          '0',
          '1',
          '01',
          '4194304',
          '9999999',
          '10000000',
          '1 2',
          '$(id)',
        ]),
      ).toEqual(['', '1', '4194304', '9999999']);
      expect(content.parameters.pid.allowedPattern).toBe(CAPTURE_PARAMETER_PATTERNS.pid);
    });

    it('accepts an executionTimeout of 10 to 999 seconds', () => {
      // Act / Assess
      expect(
        accepted(CAPTURE_PARAMETER_PATTERNS.executionTimeout, [
          '9',
          '10',
          '48',
          '145',
          '999',
          '1000',
          '055',
          '',
        ]),
      ).toEqual(['10', '48', '145', '999']);
      expect(content.parameters.executionTimeout.allowedPattern).toBe(
        CAPTURE_PARAMETER_PATTERNS.executionTimeout,
      );
    });
  });

  describe('the step, run by sh as the agent runs it', () => {
    const echo = captureDocumentContent(ECHO_ARGS);
    const sent = { seconds: '10', deep: 'auto', executionTimeout: '55' };

    it('passes the parameters, the document’s defaults and the agent’s instance id to the script', async () => {
      // Act
      const { code, stdout } = await runStep(echo, sent, {
        AWS_SSM_INSTANCE_ID: 'i-0abc1234def567890',
      });

      // Assess: the script's exit code is the step's
      expect(code).toBe(3);
      expect(stdout.split('\n')).toEqual([
        '--seconds',
        '10',
        '--deep',
        'auto',
        '--strace-seconds',
        '2',
        '--output',
        'auto',
        '--instance-id',
        'i-0abc1234def567890',
        '',
      ]);
    });

    it('adds --pid only when a pid is sent', async () => {
      // Act
      const withPid = await runStep(echo, { ...sent, pid: '4242' });
      const without = await runStep(echo, { ...sent, pid: '' });

      // Assess
      expect(withPid.stdout).toContain('--output\nauto\n--pid\n4242\n');
      expect(without.stdout).not.toContain('--pid');
    });

    it('leaves out --instance-id when the agent sets none, or a non-EC2 id the script refuses', async () => {
      // Act
      const unset = await runStep(echo, sent);
      const hybrid = await runStep(echo, sent, { AWS_SSM_INSTANCE_ID: 'mi-0abc1234def567890' });

      // Assess
      expect(unset.stdout).not.toContain('--instance-id');
      expect(hybrid.stdout).not.toContain('--instance-id');
    });

    it('runs the real capture script to a capture document naming the instance', async () => {
      // Act
      const { code, stdout } = await runStep(
        content,
        { seconds: '3', deep: 'never', executionTimeout: '48' },
        { AWS_SSM_INSTANCE_ID: 'i-0abc1234def567890' },
      );

      // Assess: --output auto may have compressed it
      expect(code).toBe(0);
      const decoded = decodeCaptureOutput(stdout);
      const text = decoded.ok ? decoded.text : decoded.error;
      expect(text).toMatch(/^# alert-triage capture v1\n/);
      expect(text).toContain('# instance-id: i-0abc1234def567890\n');
    }, 30_000);
  });

  it('refuses a script that would end its own here-document', () => {
    // Act / Assess
    expect(() => captureDocumentContent(`echo a\n${HEREDOC_DELIMITER}\necho b\n`)).toThrow(
      /here-document delimiter/,
    );
  });

  it('refuses a script with a {{ }} that SSM would resolve as a parameter', () => {
    // Act / Assess
    expect(() => captureDocumentContent('echo {{ssm:/secret}}\n')).toThrow(/\{\{/);
  });
});
