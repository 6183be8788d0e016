/**
 * Splits a capture document (capture-format.md) into metadata and raw blocks. Knows the
 * document's shape, not any tool: which parser reads a block is decided by the caller.
 */

import { promptCommand } from './prompt.js';

export interface RawBlock {
  /** The header's command as written (without ` @ TIME`), or null for text found by banner. */
  command: string | null;
  /** The ` @ TIME` suffix of the header, when the same command was sampled more than once. */
  at: string | null;
  /** The tool whose banner started this block, for text without a header. */
  bannerTool: string | null;
  /** 1-based line of the header (or of the first line, for headerless text). */
  line: number;
  /** The block's lines, noise removed. */
  lines: string[];
}

export interface CaptureDocument {
  /** `# key: value` lines before the first block. Keys are lower-cased. */
  metadata: Record<string, string>;
  blocks: RawBlock[];
  /** `# skipped: …`, `# deep: …` and similar lines the capture script writes between blocks. */
  notes: string[];
}

/** Names the tool whose output starts at this line (its banner), or null. */
export type BannerMatcher = (line: string) => string | null;

const HEADER = /^==> (.+?) <==\s*$/;
const AT_SUFFIX =
  / @ ((?:\d{4}-\d{2}-\d{2}[T ])?\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$/;
const METADATA = /^# ([A-Za-z][\w-]*):\s*(.*)$/;
const FORMAT_LINE = /^# (alert-triage capture v\d+.*)$/;
const NOTE = /^# (skipped|deep|note|warning|error|truncated)\b:?\s*(.*)$/i;
// strace's `Process N attached` lines stay: they name the traced PID when the header does not.
const NOISE = [/^strace: \[ Process PID=\d+ runs in .* mode\. \]/];
/**
 * Lines that belong to the block a banner starts although they come just before it: `{` of a
 * JSON reply, sysstat's `Linux 5.10 (host)` line, strace's `Process N attached`, and a
 * `date` line (`Mon Oct  5 10:00:01 UTC 2020`, C locale) that times the output after it.
 */
const PREAMBLE =
  /^(\{\s*|Linux \d\S* \(.*|(?:\^C)?strace: Process \d+ attached.*|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +[A-Z][a-z]{2} +\d{1,2} +\d{1,2}:\d{2}:\d{2}(?: +[A-Z]{1,5}(?:[+-]\d{1,4})?)? +\d{4} *)$/;

const isBlank = (line: string | undefined): boolean => (line ?? '').trim() === '';

const headerBlock = (raw: string, line: number): RawBlock => {
  const at = AT_SUFFIX.exec(raw);
  return {
    command: at ? raw.slice(0, at.index).trim() : raw,
    at: at ? (at[1] ?? null) : null,
    bannerTool: null,
    line,
    lines: [],
  };
};

/**
 * Starts a headerless block at a banner, moving the preamble lines just above it (`{` of a
 * JSON reply, sysstat's `Linux 5.10 (host)` line) out of the previous block.
 */
const bannerBlock = (tool: string, line: number, previous: RawBlock | undefined): RawBlock => {
  const carried: string[] = [];
  while (previous && previous.lines.length > 0) {
    const last = previous.lines[previous.lines.length - 1] ?? '';
    if (!PREAMBLE.test(last) && !isBlank(last)) break;
    carried.unshift(last);
    previous.lines.pop();
  }
  return { command: null, at: null, bannerTool: tool, line: line - carried.length, lines: carried };
};

/**
 * Reads the document's structure. Linear in its size and never throws: anything that is
 * not a header, metadata or noise is some block's content.
 */
export const splitDocument = (text: string, banner: BannerMatcher): CaptureDocument => {
  const metadata: Record<string, string> = {};
  const notes: string[] = [];
  const blocks: RawBlock[] = [];
  const all = text.split(/\r?\n|\r/);

  for (let i = 0; i < all.length; i++) {
    const line = all[i] ?? '';
    const current = blocks[blocks.length - 1];
    const header = HEADER.exec(line);
    if (header) {
      blocks.push(headerBlock((header[1] ?? '').trim(), i + 1));
      continue;
    }
    if (current === undefined) {
      const format = FORMAT_LINE.exec(line);
      const meta = METADATA.exec(line);
      if (format) metadata.format = format[1] ?? '';
      else if (meta && !NOTE.test(line)) {
        metadata[(meta[1] ?? '').toLowerCase()] = (meta[2] ?? '').trim();
      }
      if (format || (meta && !NOTE.test(line))) continue;
    }
    if (NOTE.test(line)) {
      notes.push(line.slice(2).trim());
      continue;
    }
    if (NOISE.some((n) => n.test(line))) continue;

    const prompted = promptCommand(line);
    if (prompted !== null) {
      // A pasted prompt names the command whose output follows: it acts as a header.
      blocks.push(headerBlock(prompted, i + 1));
      continue;
    }

    let target = current;
    if (current === undefined || current.command === null) {
      const tool = banner(line);
      // The same tool's banner again continues its block (top frames, vmstat's repeated header).
      if (tool !== null && current?.bannerTool !== tool) {
        target = bannerBlock(tool, i + 1, current);
        if (current?.lines.every(isBlank)) blocks.pop();
        blocks.push(target);
      } else if (current === undefined) {
        if (isBlank(line)) continue;
        target = { command: null, at: null, bannerTool: null, line: i + 1, lines: [] };
        blocks.push(target);
      }
    }
    target?.lines.push(line);
  }

  for (const b of blocks)
    while (b.lines.length > 0 && isBlank(b.lines[b.lines.length - 1])) b.lines.pop();
  return { metadata, blocks, notes };
};
