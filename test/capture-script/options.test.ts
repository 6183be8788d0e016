import { describe, expect, it } from 'vitest';
import {
  type CaptureOptions,
  CaptureOptionsError,
  captureArgs,
  DEFAULT_CAPTURE_OPTIONS,
} from '../../functions/capture-script/options.js';

const base: CaptureOptions = { seconds: 10, deep: 'auto', output: 'plain' };

describe('captureArgs', () => {
  it('turns the defaults into the arguments the Lambda passes', () => {
    // Act
    const args = captureArgs(DEFAULT_CAPTURE_OPTIONS);

    // Assess
    expect(args).toEqual(['--seconds', '10', '--deep', 'auto', '--output', 'auto']);
  });

  it('adds the pid, the instance id and --progress when given', () => {
    // Act
    const args = captureArgs({
      ...base,
      seconds: 3,
      pid: 4242,
      deep: 'always',
      output: 'gzip',
      instanceId: 'i-0abc1234def567890',
      progress: true,
    });

    // Assess
    expect(args).toEqual([
      '--seconds',
      '3',
      '--pid',
      '4242',
      '--deep',
      'always',
      '--output',
      'gzip',
      '--instance-id',
      'i-0abc1234def567890',
      '--progress',
    ]);
  });

  it('leaves --progress out when progress is false', () => {
    expect(captureArgs({ ...base, progress: false })).not.toContain('--progress');
  });

  it.each([2, 61, 0, -5, 10.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses %s seconds',
    (seconds) => {
      expect(() => captureArgs({ ...base, seconds })).toThrow(CaptureOptionsError);
      expect(() => captureArgs({ ...base, seconds })).toThrow(
        /seconds must be a whole number from 3 to 60/,
      );
    },
  );

  it.each([3, 60])('accepts %s seconds, the bounds', (seconds) => {
    expect(captureArgs({ ...base, seconds }).slice(0, 2)).toEqual(['--seconds', String(seconds)]);
  });

  it('adds --strace-seconds after --deep when given, and accepts its bounds', () => {
    expect(captureArgs({ ...base, deep: 'always', straceSeconds: 10 })).toEqual([
      '--seconds',
      '10',
      '--deep',
      'always',
      '--strace-seconds',
      '10',
      '--output',
      'plain',
    ]);
    expect(captureArgs({ ...base, straceSeconds: 2 })).toContain('2');
    expect(captureArgs({ ...base, straceSeconds: 20 })).toContain('20');
    expect(captureArgs(base)).not.toContain('--strace-seconds');
  });

  it.each([1, 21, 0, -2, 2.5, Number.NaN])('refuses %s strace seconds', (straceSeconds) => {
    expect(() => captureArgs({ ...base, straceSeconds })).toThrow(CaptureOptionsError);
    expect(() => captureArgs({ ...base, straceSeconds })).toThrow(
      /straceSeconds must be a whole number from 2 to 20/,
    );
  });

  it.each([0, -1, 1.5, 4_194_305, Number.NaN])('refuses pid %s', (pid) => {
    expect(() => captureArgs({ ...base, pid })).toThrow(/pid must be a whole number/);
  });

  it.each([
    'i-123',
    'i-0ABC1234DEF567890',
    'i-0abc1234def5678901234',
    'x-0abc1234def567890',
    'i-0abc1234; rm -rf /',
    '',
  ])('refuses instance id %j', (instanceId) => {
    expect(() => captureArgs({ ...base, instanceId })).toThrow(/instanceId must look like/);
  });

  it('accepts both the old 8-digit and the 17-digit instance ids', () => {
    expect(captureArgs({ ...base, instanceId: 'i-0abc1234' })).toContain('i-0abc1234');
    expect(captureArgs({ ...base, instanceId: 'i-0abc1234def567890' })).toContain(
      'i-0abc1234def567890',
    );
  });

  it('refuses a deep or output mode the script does not know (from untyped callers)', () => {
    // Prepare
    const deep = { ...base, deep: 'sometimes' } as unknown as CaptureOptions;
    const output = { ...base, output: 'zip' } as unknown as CaptureOptions;

    // Act + Assess
    expect(() => captureArgs(deep)).toThrow(/deep must be one of auto, never, always/);
    expect(() => captureArgs(output)).toThrow(/output must be one of plain, gzip, auto/);
  });

  it('names its error and gives it a stable code', () => {
    // Act
    let caught: unknown;
    try {
      captureArgs({ ...base, seconds: 1 });
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(CaptureOptionsError);
    expect(caught).toMatchObject({ name: 'CaptureOptionsError', code: 'capture_options_invalid' });
  });
});
