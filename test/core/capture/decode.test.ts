import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  COMPRESSED_HEADER,
  COMPRESSED_TRAILER,
  decodeCaptureOutput,
} from '../../../functions/core/capture/decode.js';

const CAPTURE = [
  '# alert-triage capture v1',
  '# host: ip-172-31-0-84',
  '==> uptime <==',
  ' 02:22:21 up 4:50,  2 users,  load average: 2.95, 2.78, 2.70',
  '==> cat /proc/loadavg <==',
  '2.95 2.78 2.70 3/456 12345',
  '',
].join('\n');

/** What the script prints: `gzip | base64` (wrapped at 76 columns) between the markers. */
const frame = (text: string, wrap = 76): string => {
  const b64 = gzipSync(Buffer.from(text, 'utf8')).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += wrap) lines.push(b64.slice(i, i + wrap));
  return `${COMPRESSED_HEADER}\n${lines.join('\n')}\n${COMPRESSED_TRAILER}\n`;
};

/** Text that compresses badly, so that its framing is long enough to cut anywhere. */
const noisy = (bytes: number): string => {
  let x = 12345;
  let s = '';
  while (s.length < bytes) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    s += x.toString(36);
  }
  return `# alert-triage capture v1\n==> noise <==\n${s}\n`;
};

describe('decodeCaptureOutput', () => {
  it('passes a plain capture through unchanged', () => {
    expect(decodeCaptureOutput(CAPTURE)).toEqual({ ok: true, text: CAPTURE, compressed: false });
  });

  it('passes pasted outputs and empty text through unchanged', () => {
    expect(decodeCaptureOutput('top - 13:35:56 up 1 day')).toMatchObject({ ok: true });
    expect(decodeCaptureOutput('')).toEqual({ ok: true, text: '', compressed: false });
  });

  it('gunzips the compressed framing', () => {
    expect(decodeCaptureOutput(frame(CAPTURE))).toEqual({
      ok: true,
      text: CAPTURE,
      compressed: true,
    });
  });

  it('reads the framing with CRLF line ends, other wrap widths and leading blank lines', () => {
    // Prepare
    const framed = `\r\n${frame(CAPTURE, 64).replaceAll('\n', '\r\n')}`;

    // Act + Assess
    expect(decodeCaptureOutput(framed)).toEqual({ ok: true, text: CAPTURE, compressed: true });
  });

  it('keeps UTF-8 intact', () => {
    const text = `${CAPTURE}==> note <==\n원인불명 CPU 사용량 — ✓\n`;
    expect(decodeCaptureOutput(frame(text))).toMatchObject({ ok: true, text });
  });

  it('says a cut-off output is cut off, with the length seen and the SSM limit', () => {
    // Prepare: SSM keeps the first 24,000 characters of a longer output
    const framed = frame(noisy(40_000));
    expect(framed.length).toBeGreaterThan(24_000);
    const cut = framed.slice(0, 24_000);

    // Act
    const result = decodeCaptureOutput(cut);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(/cut off/);
    expect(result.error).toContain('24,000 characters');
    expect(result.error).toMatch(/SSM keeps only the first 24,000 characters/);
  });

  it.each([0.1, 0.5, 0.9, 0.999])(
    'says a short output cut at %s of its length is cut off',
    (at) => {
      // Prepare
      const framed = frame(noisy(3_000));
      const cut = framed.slice(0, Math.floor(framed.length * at));

      // Act
      const result = decodeCaptureOutput(cut);

      // Assess
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/cut off/) });
      expect(result.ok ? '' : result.error).toContain(
        `${cut.length.toLocaleString('en-US')} characters`,
      );
    },
  );

  it('says a damaged output is corrupted', () => {
    // Prepare: flip characters in the middle of the base64
    const framed = frame(noisy(3_000));
    const mid = Math.floor(framed.length / 2);
    const damaged = `${framed.slice(0, mid)}AAAA${framed.slice(mid + 4)}`;

    // Act
    const result = decodeCaptureOutput(damaged);

    // Assess
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/corrupted/) });
  });

  it('says which output is not base64 at all', () => {
    const result = decodeCaptureOutput(
      `${COMPRESSED_HEADER}\nnot base64!\n${COMPRESSED_TRAILER}\n`,
    );
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/corrupted.*base64/) });
  });

  it('says when there is nothing between the markers', () => {
    const result = decodeCaptureOutput(`${COMPRESSED_HEADER}\n${COMPRESSED_TRAILER}\n`);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/corrupted/) });
  });

  it('refuses to inflate something absurdly large', () => {
    // Prepare: 9 MiB of zeros compress to a few kilobytes
    const framed = frame('\0'.repeat(9 * 1024 * 1024));

    // Act
    const result = decodeCaptureOutput(framed);

    // Assess
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/more than/) });
  });

  it('never throws, whatever follows the header', () => {
    for (const tail of ['', '====', '\u0000\uffff', 'H4sI', 'ab\ncd\n=', '\n'.repeat(5)]) {
      expect(() => decodeCaptureOutput(`${COMPRESSED_HEADER}\n${tail}`)).not.toThrow();
    }
  });
});
