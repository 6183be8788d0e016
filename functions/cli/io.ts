import { readFile } from 'node:fs/promises';
import { UsageError } from './errors.js';

/** Larger than any capture (they are tens of KB); a paste this big is a mistake. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export interface Streams {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const readStdin = async (stdin: NodeJS.ReadableStream): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_INPUT_BYTES) throw tooLarge(size, 'standard input');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
};

const tooLarge = (size: number, name: string) =>
  new UsageError(
    `${name} is over ${mb(size)}; a capture is at most a few hundred KB (limit ${mb(MAX_INPUT_BYTES)})`,
  );

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Reads a capture from a file or `-` (standard input) as text. Refuses, with one line, what is
 * missing, unreadable, too large or not text (NUL bytes or mostly invalid UTF-8).
 */
export const readInput = async (path: string, streams: Streams): Promise<string> => {
  const name = path === '-' ? 'standard input' : path;
  let bytes: Buffer;
  if (path === '-') bytes = await readStdin(streams.stdin);
  else {
    try {
      bytes = await readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EACCES'
            ? 'permission denied'
            : code === 'EISDIR'
              ? 'is a directory'
              : `cannot be read (${code ?? String(error)})`;
      throw new UsageError(`${path}: ${why}`);
    }
    if (bytes.length > MAX_INPUT_BYTES) throw tooLarge(bytes.length, path);
  }
  if (bytes.includes(0)) throw new UsageError(`${name}: binary data, not a text capture`);
  const text = bytes.toString('utf8');
  const replaced = text.length - text.replaceAll('\uFFFD', '').length;
  if (replaced > 16 && replaced > text.length / 10) {
    throw new UsageError(`${name}: not UTF-8 text (${replaced} undecodable bytes)`);
  }
  return text;
};
