import { type KnownTool, parserFor, parserList, type ToolData } from '../parsers/index.js';
import type { ToolParser } from '../parsers/types.js';
import { normalizeCommand } from './command.js';
import { splitDocument } from './document.js';

/** What the reader made of one block. */
export type BlockStatus =
  | { status: 'parsed'; data: unknown; summary: string }
  | { status: 'failed'; error: string }
  | { status: 'unused' };

export type CaptureBlock = {
  /** The header's command as written, or null when the text was recognised by its banner. */
  command: string | null;
  at: string | null;
  tool: KnownTool | null;
  line: number;
  text: string;
} & BlockStatus;

/** A block whose parser succeeded, typed by its tool. */
export type ParsedBlock<K extends KnownTool> = CaptureBlock & {
  tool: K;
  status: 'parsed';
  data: ToolData[K];
};

export interface Capture {
  metadata: Record<string, string>;
  blocks: CaptureBlock[];
  notes: string[];
}

const bannerOf = (line: string): string | null => {
  for (const p of parserList) if (p.banner?.test(line)) return p.tool;
  return null;
};

const parserForCommand = (command: string): ToolParser<unknown> | undefined => {
  const normalized = normalizeCommand(command);
  return parserList.find((p) => p.matchCommand(normalized));
};

const runParser = (
  parser: ToolParser<unknown>,
  text: string,
  command: string | null,
): BlockStatus => {
  try {
    const result = parser.parse(text, command === null ? null : normalizeCommand(command));
    if (!result.ok) return { status: 'failed', error: result.error };
    return { status: 'parsed', data: result.data, summary: parser.summarize(result.data) };
  } catch (error) {
    // A parser bug must not cost the rest of the capture; say which parser failed and how.
    return { status: 'failed', error: `${parser.tool} parser failed: ${String(error)}` };
  }
};

/**
 * Reads a capture document — or any pasted tool output — into blocks with typed data.
 * Pure and total: any string gives a Capture; what could not be read is said per block.
 */
export const readCapture = (text: string): Capture => {
  const doc = splitDocument(text, bannerOf);
  const blocks = doc.blocks.map((raw): CaptureBlock => {
    const body = raw.lines.join('\n');
    const parser =
      raw.command !== null
        ? parserForCommand(raw.command)
        : raw.bannerTool !== null
          ? parserFor(raw.bannerTool)
          : undefined;
    const base = {
      command: raw.command,
      at: raw.at,
      tool: (parser?.tool ?? null) as KnownTool | null,
      line: raw.line,
      text: body,
    };
    return parser
      ? { ...base, ...runParser(parser, body, raw.command) }
      : { ...base, status: 'unused' };
  });
  return { metadata: doc.metadata, blocks, notes: doc.notes };
};

/** The successfully parsed blocks of one tool, in document order. */
export const blocksOf = <K extends KnownTool>(capture: Capture, tool: K): ParsedBlock<K>[] =>
  capture.blocks.filter((b): b is ParsedBlock<K> => b.tool === tool && b.status === 'parsed');
