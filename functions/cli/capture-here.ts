import { type FileHandle, open } from 'node:fs/promises';
import { LocalCaptureError, runLocalCapture } from '../adapters/local/local-executor.js';
import {
  type CaptureOptions,
  CaptureOptionsError,
  type DeepMode,
} from '../capture-script/options.js';
import { decodeCaptureOutput } from '../core/capture/decode.js';
import { UsageError } from './errors.js';
import type { Streams } from './io.js';

/** `--seconds`, `--deep`, `--pid` as typed: checked here, so a typo is a usage error. */
export const captureOptions = (values: {
  seconds?: string | undefined;
  deep?: string | undefined;
  pid?: string | undefined;
}): CaptureOptions => {
  const deep = values.deep ?? 'auto';
  if (deep !== 'auto' && deep !== 'never' && deep !== 'always') {
    throw new UsageError(`--deep must be auto, never or always, not '${deep}'`);
  }
  const whole = (name: string, s: string | undefined) => {
    if (s === undefined) return undefined;
    if (!/^\d+$/.test(s)) throw new UsageError(`--${name} must be a whole number, not '${s}'`);
    return Number(s);
  };
  const pid = whole('pid', values.pid);
  return {
    seconds: whole('seconds', values.seconds) ?? 10,
    deep: deep as DeepMode,
    output: 'plain',
    ...(pid !== undefined ? { pid } : {}),
  };
};

/** A capture failure the user must see: exit code 1 with this message. */
export class CaptureFailedError extends Error {
  override readonly name = 'CaptureFailedError';
}

/**
 * Runs the real capture script here. Shows what it is doing on stderr when stderr is a
 * terminal. Ctrl-C stops the script and its tools before the CLI exits (the script runs in
 * its own process group, so the terminal's Ctrl-C does not reach it): through `signal` when
 * the caller already handles Ctrl-C, else through a handler of its own.
 */
export const captureHere = async (
  options: CaptureOptions,
  streams: Streams,
  signal?: AbortSignal,
): Promise<string> => {
  const tty = streams.stderr.isTTY === true;
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  if (signal) signal.addEventListener('abort', onInterrupt, { once: true });
  else process.once('SIGINT', onInterrupt);
  try {
    const run = await runLocalCapture(
      { ...options, progress: tty },
      {
        signal: abort.signal,
        ...(tty
          ? {
              onProgress: (p) =>
                streams.stderr.write(`\r\x1b[2Kcapturing: ${p.step} (${p.secondsLeft} s left)`),
            }
          : {}),
      },
    );
    if (tty) streams.stderr.write('\r\x1b[2K');
    const decoded = decodeCaptureOutput(run.text);
    if (!decoded.ok) throw new CaptureFailedError(`capture failed: ${decoded.error}`);
    return decoded.text;
  } catch (error) {
    if (tty) streams.stderr.write('\r\x1b[2K');
    if (error instanceof CaptureOptionsError) throw new UsageError(error.message);
    if (error instanceof LocalCaptureError)
      throw new CaptureFailedError(`capture failed: ${error.message}`);
    throw error;
  } finally {
    signal?.removeEventListener('abort', onInterrupt);
    process.off('SIGINT', onInterrupt);
  }
};

/**
 * `--save FILE`, opened before capturing so that a bad path fails at once, not after a
 * capture; `write` stores the capture and closes it.
 */
export const openSave = async (path: string | undefined) => {
  let handle: FileHandle | undefined;
  if (path !== undefined) {
    try {
      handle = await open(path, 'w');
    } catch (error) {
      throw new UsageError(`cannot save to ${path}: ${(error as Error).message}`);
    }
  }
  return {
    write: async (text: string) => {
      await handle?.writeFile(text);
    },
    close: async () => {
      await handle?.close();
    },
  };
};
