import type { CaptureBlock } from '../capture/read.js';

/** How evidence names a block: its command, or what it was recognised as when pasted bare. */
export const sourceOf = (block: CaptureBlock): string =>
  block.command ?? `pasted ${block.tool ?? 'text'}`;

/** The arithmetic mean; 0 for no values. */
export const mean = (values: number[]): number =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;

/** Seconds since midnight or since the epoch for an `@ TIME` stamp; undefined if unreadable. */
export const stampSeconds = (at: string | null): number | undefined => {
  if (at === null) return undefined;
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?$/.exec(at);
  if (clock) {
    const [, h, m, s, frac] = clock;
    return Number(h) * 3600 + Number(m) * 60 + Number(s ?? 0) + Number(`0.${frac ?? 0}`);
  }
  const ms = Date.parse(at.replace(' ', 'T'));
  return Number.isFinite(ms) ? ms / 1000 : undefined;
};

/** The `N` of `timeout [-s SIG] N …` in a header, the length of a bounded trace. */
export const timeoutSeconds = (command: string | null): number | undefined => {
  const m = /\btimeout(?:\s+-[a-z](?:\s+\w+)?|\s+--\S+)*\s+(\d+(?:\.\d+)?)s?\b/.exec(command ?? '');
  return m ? Number(m[1]) : undefined;
};
