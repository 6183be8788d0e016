/**
 * Undoes the capture script's output framing. A large capture arrives compressed so that it
 * fits SSM's output limit:
 *
 *     alert-triage-capture gzip+base64 v1
 *     H4sIAAAAAAACA+1de3PbNrb/…        ← `gzip -c | base64`, wrapped at any width
 *     alert-triage-capture end
 *
 * Anything else is a plain capture (or pasted outputs) and passes through unchanged.
 */
import { gunzipSync } from 'node:zlib';

export const COMPRESSED_HEADER = 'alert-triage-capture gzip+base64 v1';
export const COMPRESSED_TRAILER = 'alert-triage-capture end';
/** SSM's GetCommandInvocation keeps this many characters of a command's standard output. */
export const SSM_OUTPUT_LIMIT = 24_000;
/** A capture is tens of kilobytes; refuse to inflate anything absurd. */
export const MAX_DECODED_BYTES = 8 * 1024 * 1024;

export type DecodedCapture =
  | { ok: true; text: string; compressed: boolean }
  | { ok: false; error: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const characters = (n: number): string => `${n.toLocaleString('en-US')} characters`;

const cutOff = (seen: number, detail: string): DecodedCapture => ({
  ok: false,
  error:
    `compressed capture output is cut off (${detail}) after ${characters(seen)}` +
    (seen >= SSM_OUTPUT_LIMIT - 100
      ? `: SSM keeps only the first ${characters(SSM_OUTPUT_LIMIT)} of output`
      : ''),
});

const corrupted = (seen: number, detail: string): DecodedCapture => ({
  ok: false,
  error: `compressed capture output is corrupted (${detail}) in ${characters(seen)}`,
});

/**
 * Returns the capture text inside the script's output: gunzipped when the output carries the
 * compressed framing, the input itself otherwise. Pure and total: never throws.
 */
export const decodeCaptureOutput = (text: string): DecodedCapture => {
  const lines = text.split(/\r?\n|\r/);
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first === -1 || lines[first]?.trim() !== COMPRESSED_HEADER) {
    return { ok: true, text, compressed: false };
  }

  const body: string[] = [];
  let ended = false;
  for (const line of lines.slice(first + 1)) {
    if (line.trim() === COMPRESSED_TRAILER) {
      ended = true;
      break;
    }
    body.push(line.replace(/\s+/g, ''));
  }
  const encoded = body.join('');
  const seen = text.length;

  if (!BASE64.test(encoded)) {
    return ended
      ? corrupted(seen, 'a character outside base64')
      : cutOff(seen, 'no end marker, and a character outside base64');
  }
  if (encoded.length === 0) {
    return ended ? corrupted(seen, 'nothing between the markers') : cutOff(seen, 'no data');
  }
  if (encoded.length % 4 !== 0 && !ended) {
    return cutOff(seen, 'no end marker, base64 stops mid-group');
  }

  try {
    const bytes = gunzipSync(Buffer.from(encoded, 'base64'), {
      maxOutputLength: MAX_DECODED_BYTES,
    });
    // The gzip trailer's CRC and length vouch for the data even if the end marker was lost.
    return { ok: true, text: bytes.toString('utf8'), compressed: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof RangeError) {
      return corrupted(seen, `it inflates to more than ${MAX_DECODED_BYTES} bytes`);
    }
    return ended
      ? corrupted(seen, `gunzip: ${reason}`)
      : cutOff(seen, `no end marker; gunzip: ${reason}`);
  }
};
