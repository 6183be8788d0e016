import { readFileSync } from 'node:fs';
import { readCapture } from '../functions/core/capture/read.js';
import { round, timeMs } from './timing.js';

const TYPICAL = new URL('../test/fixtures/captures/local/debian12-idle.txt', import.meta.url);

/**
 * A real capture grown or cut to about `bytes`: its blocks repeated (metadata once), ending at
 * the first line break past `bytes`, as a capture cut by a size limit would.
 */
export const inflate = (capture: string, bytes: number): string => {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const copy = i === 0 ? capture : capture.replace(/^# .*\n/gm, '');
    parts.push(copy);
    size += copy.length;
  }
  const text = parts.join('\n');
  const end = text.indexOf('\n', bytes);
  return end === -1 ? text : text.slice(0, end + 1);
};

export const benchParse = (): { parseMsTypical: number; parseMs1MB: number; typicalKB: number } => {
  const real = readFileSync(TYPICAL, 'utf8');
  const typical = inflate(real, 20 * 1024);
  const big = inflate(real, 1024 * 1024);
  return {
    typicalKB: round(typical.length / 1024, 1),
    parseMsTypical: round(timeMs(() => readCapture(typical), 200)),
    parseMs1MB: round(timeMs(() => readCapture(big), 15, 2)),
  };
};
