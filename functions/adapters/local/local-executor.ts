/**
 * Runs the capture script on this machine, the way SSM runs it on an instance: `bash -s --
 * ARGS` with the script on stdin. Used by `alert-triage local`, `demo`, the e2e tests and
 * the bench.
 */
import { spawn } from 'node:child_process';
import { type CaptureOptions, captureArgs } from '../../capture-script/options.js';

export interface CaptureProgress {
  /** What the script is doing now: `top`, `sampling`, `strace -c on pid 123` … */
  step: string;
  /** The script's own estimate of the seconds still to go. */
  secondsLeft: number;
}

export interface LocalCaptureRun {
  /** Standard output: the capture document, or its compressed framing (see decode.ts). */
  text: string;
  wallMs: number;
  /**
   * User + system CPU time of the script and every tool it ran (see {@link CPU_WRAPPER});
   * NaN in the unlikely case that bash's `times` output is missing.
   */
  cpuSeconds: number;
  /** Standard error without the progress lines. */
  stderr: string;
}

export interface LocalCaptureDeps {
  onProgress?: (progress: CaptureProgress) => void;
  /** Aborting kills the script and its tools; the promise then rejects with code `aborted`. */
  signal?: AbortSignal;
  /**
   * The script text. Defaults to `capture.sh` as bundled (esbuild's and vitest's text
   * loaders); callers running under a plain TypeScript loader such as tsx, which cannot
   * import `.sh`, read the file and pass it.
   */
  script?: string;
  /** The environment of the script (default: this process's). Its PATH decides which tools exist. */
  env?: NodeJS.ProcessEnv;
  /** Hard limit on the run; default: the window plus 30 s. Rejects with code `timed_out`. */
  timeoutMs?: number;
}

export type LocalCaptureErrorCode = 'bash_missing' | 'capture_failed' | 'aborted' | 'timed_out';

export class LocalCaptureError extends Error {
  readonly code: LocalCaptureErrorCode;

  constructor(code: LocalCaptureErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalCaptureError';
    this.code = code;
  }
}

const TIMES_MARKER = '@@alert-triage-capture-times@@';

/**
 * How the CPU time is measured. Node has no API for a child's rusage, so an outer bash runs
 * the script and then its `times` builtin, whose second line is the user and system time of
 * its terminated, waited-for children: the inner bash and, through it, every tool the script
 * ran and waited for (the script waits for all of them, and `timeout` waits for its
 * command). The outer bash's own few milliseconds are not counted.
 */
export const CPU_WRAPPER = `bash -s -- "$@"; rc=$?; printf '\\n%s\\n' '${TIMES_MARKER}' >&2; times >&2; exit $rc`;

const PROGRESS = /^# progress: (.*) \((\d+) s left\)$/;
const TIMES_LINE = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/;
const KILL_GRACE_MS = 3_000;

const seconds = (minutes: string, secs: string): number => Number(minutes) * 60 + Number(secs);

/** Splits the wrapper's stderr into the script's own stderr and the children's CPU seconds. */
const splitStderr = (raw: string): { stderr: string; cpuSeconds: number | null } => {
  const at = raw.lastIndexOf(`\n${TIMES_MARKER}\n`);
  if (at === -1) return { stderr: raw, cpuSeconds: null };
  const times = raw
    .slice(at + TIMES_MARKER.length + 2)
    .split('\n')
    .map((line) => TIMES_LINE.exec(line.trim()))
    .filter((m) => m !== null);
  const children = times[1];
  const cpuSeconds = children
    ? seconds(children[1] ?? '0', children[2] ?? '0') +
      seconds(children[3] ?? '0', children[4] ?? '0')
    : null;
  return { stderr: raw.slice(0, at), cpuSeconds };
};

const loadBundledScript = async (): Promise<string> =>
  (await import('../../capture-script/capture.sh')).default;

/**
 * Runs one capture here and returns its output with what it cost. A script that exits
 * non-zero after printing a capture still resolves: part of a capture beats none.
 *
 * @throws {LocalCaptureError} `bash_missing`, `capture_failed` (non-zero exit and no output),
 *   `aborted`, `timed_out`; and `CaptureOptionsError` for options the script would refuse.
 */
export const runLocalCapture = async (
  options: CaptureOptions,
  deps: LocalCaptureDeps = {},
): Promise<LocalCaptureRun> => {
  const args = captureArgs(options);
  const { onProgress, signal } = deps;
  if (signal?.aborted) throw new LocalCaptureError('aborted', 'capture aborted before it started');
  const script = deps.script ?? (await loadBundledScript());
  const timeoutMs = deps.timeoutMs ?? options.seconds * 1000 + 30_000;

  return new Promise<LocalCaptureRun>((resolve, reject) => {
    const started = performance.now();
    // A process group of its own, so that abort reaches the script's tools too.
    const child = spawn('bash', ['-c', CPU_WRAPPER, 'alert-triage-capture', ...args], {
      env: deps.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });

    const out: Buffer[] = [];
    let err = '';
    let pending = '';
    let stopped: LocalCaptureError | null = null;
    let killTimer: NodeJS.Timeout | undefined;

    const stop = (reason: LocalCaptureError) => {
      if (stopped || child.exitCode !== null || child.pid === undefined) return;
      stopped = reason;
      const group = -child.pid;
      const kill = (sig: NodeJS.Signals) => {
        try {
          process.kill(group, sig);
        } catch {
          // The group is already gone.
        }
      };
      kill('SIGTERM'); // the script's trap stops its tools and removes its temp dir
      killTimer = setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    const onAbort = () => stop(new LocalCaptureError('aborted', 'capture aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    const deadline = setTimeout(
      () => stop(new LocalCaptureError('timed_out', `capture still running after ${timeoutMs} ms`)),
      timeoutMs,
    );
    const finish = () => {
      clearTimeout(deadline);
      signal?.removeEventListener('abort', onAbort);
    };

    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      err += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = PROGRESS.exec(line);
        if (m && onProgress) onProgress({ step: m[1] ?? '', secondsLeft: Number(m[2]) });
      }
    });
    // bash may exit before reading the whole script (it never does on success); ignore EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(script);

    child.on('error', (error: NodeJS.ErrnoException) => {
      finish();
      reject(
        error.code === 'ENOENT'
          ? new LocalCaptureError('bash_missing', 'bash is not installed or not on PATH', {
              cause: error,
            })
          : new LocalCaptureError('capture_failed', `could not start bash: ${error.message}`, {
              cause: error,
            }),
      );
    });

    child.on('close', (code, sig) => {
      finish();
      if (killTimer) clearTimeout(killTimer);
      const wallMs = performance.now() - started;
      if (stopped) {
        reject(stopped);
        return;
      }
      const text = Buffer.concat(out).toString('utf8');
      const split = splitStderr(err);
      const stderr = split.stderr
        .split('\n')
        .filter((line) => !PROGRESS.test(line))
        .join('\n')
        .trim();
      if (code !== 0 && text.trim() === '') {
        const how = sig ? `was killed by ${sig}` : `exited with ${code}`;
        const detail = stderr.split('\n').slice(0, 3).join(' / ');
        reject(
          new LocalCaptureError(
            'capture_failed',
            `the capture script ${how} and printed nothing${detail ? `: ${detail}` : ''}`,
          ),
        );
        return;
      }
      resolve({ text, wallMs, cpuSeconds: split.cpuSeconds ?? Number.NaN, stderr });
    });
  });
};
