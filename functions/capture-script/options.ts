/**
 * The capture script's options, and the one place that turns them into its arguments: the
 * Lambda (through SSM) and the CLI (through `bash -s`) both call {@link captureArgs}.
 */

export const DEEP_MODES = ['auto', 'never', 'always'] as const;
export const OUTPUT_MODES = ['plain', 'gzip', 'auto'] as const;

export type DeepMode = (typeof DEEP_MODES)[number];
export type OutputMode = (typeof OUTPUT_MODES)[number];

export interface CaptureOptions {
  /**
   * Sampling window in seconds, a whole number from 3 to 60. With `deep: 'always'` the deep
   * probe adds about `straceSeconds` + 1 s for strace, then `straceSeconds` + ~3 s for perf.
   */
  readonly seconds: number;
  /** The process to look at closely; the script picks the hottest one when absent. */
  readonly pid?: number;
  /**
   * `auto` never stops or slows the target: /proc counters, and `perf stat` counting its signal
   * deliveries in the kernel. `never`: /proc counters only. `always` (someone asked for it):
   * perf stat also counts every syscall, then `strace -c` and `perf record`, which slow a
   * syscall-heavy target while attached.
   */
  readonly deep: DeepMode;
  /**
   * How long `strace -c` and `perf record` watch the target with `deep: 'always'`: a whole
   * number from 2 to 20; the script's default (2) when absent.
   */
  readonly straceSeconds?: number;
  /** `auto` compresses (gzip + base64 framing) only when the plain text would be large. */
  readonly output: OutputMode;
  /** Recorded as `# instance-id:`; the script cannot know it without calling IMDS. */
  readonly instanceId?: string;
  /** Makes the script print `# progress: … (N s left)` lines on stderr. */
  readonly progress?: boolean;
}

/** What a capture uses when nobody says otherwise: a 10-second window, ≤ 15 s wall time. */
export const DEFAULT_CAPTURE_OPTIONS: CaptureOptions = {
  seconds: 10,
  deep: 'auto',
  output: 'auto',
};

export const MIN_SECONDS = 3;
export const MAX_SECONDS = 60;
export const MIN_STRACE_SECONDS = 2;
export const MAX_STRACE_SECONDS = 20;
/** Linux's PID_MAX_LIMIT on 64-bit: no process id is larger. */
export const MAX_PID = 4_194_304;
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

/** Options the script would refuse (it exits 2 with its usage), caught before any run. */
export class CaptureOptionsError extends Error {
  readonly code = 'capture_options_invalid';

  constructor(message: string) {
    super(message);
    this.name = 'CaptureOptionsError';
  }
}

const oneOf = <T extends string>(name: string, value: unknown, allowed: readonly T[]): T => {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw new CaptureOptionsError(
    `${name} must be one of ${allowed.join(', ')}, got ${String(value)}`,
  );
};

/**
 * Validates the options and returns the script's argv. Every value is a digit string, an
 * instance id or a fixed word, so the words are also safe to join into a shell command line.
 *
 * @example
 * captureArgs({ seconds: 10, deep: 'auto', output: 'auto', instanceId: 'i-0abc1234def567890' })
 * // → ['--seconds', '10', '--deep', 'auto', '--output', 'auto', '--instance-id', 'i-0abc1234def567890']
 */
export const captureArgs = (options: CaptureOptions): string[] => {
  const { seconds, pid, straceSeconds, instanceId } = options;
  if (!Number.isInteger(seconds) || seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
    throw new CaptureOptionsError(
      `seconds must be a whole number from ${MIN_SECONDS} to ${MAX_SECONDS}, got ${seconds}`,
    );
  }
  const args = ['--seconds', String(seconds)];
  if (pid !== undefined) {
    if (!Number.isInteger(pid) || pid < 1 || pid > MAX_PID) {
      throw new CaptureOptionsError(`pid must be a whole number from 1 to ${MAX_PID}, got ${pid}`);
    }
    args.push('--pid', String(pid));
  }
  args.push('--deep', oneOf('deep', options.deep, DEEP_MODES));
  if (straceSeconds !== undefined) {
    if (
      !Number.isInteger(straceSeconds) ||
      straceSeconds < MIN_STRACE_SECONDS ||
      straceSeconds > MAX_STRACE_SECONDS
    ) {
      throw new CaptureOptionsError(
        `straceSeconds must be a whole number from ${MIN_STRACE_SECONDS} to ${MAX_STRACE_SECONDS}, got ${straceSeconds}`,
      );
    }
    args.push('--strace-seconds', String(straceSeconds));
  }
  args.push('--output', oneOf('output', options.output, OUTPUT_MODES));
  if (instanceId !== undefined) {
    if (typeof instanceId !== 'string' || !INSTANCE_ID.test(instanceId)) {
      throw new CaptureOptionsError(
        `instanceId must look like i-0123456789abcdef0, got ${JSON.stringify(instanceId)}`,
      );
    }
    args.push('--instance-id', instanceId);
  }
  if (options.progress) args.push('--progress');
  return args;
};
