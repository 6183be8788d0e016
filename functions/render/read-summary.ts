import type { Capture, CaptureBlock } from '../core/capture/read.js';

export interface ParseJsonBlock {
  command: string | null;
  tool: string | null;
  parsed: boolean;
  error?: string;
  summary: string;
}

const summaryOf = (b: CaptureBlock): string =>
  b.status === 'parsed' ? b.summary : b.status === 'failed' ? `not read: ${b.error}` : 'not used';

/** The contract of `alert-triage parse --json`. */
export const toParseJson = (capture: Capture): { blocks: ParseJsonBlock[] } => ({
  blocks: capture.blocks.map((b) => ({
    command: b.command,
    tool: b.tool,
    parsed: b.status === 'parsed',
    ...(b.status === 'failed' ? { error: b.error } : {}),
    summary: summaryOf(b),
  })),
});

const MARK = { parsed: '✓', failed: '✗', unused: '·' } as const;

/** A line per block, for a person at a terminal (fits 80 columns). */
export const renderReadSummary = (capture: Capture): string => {
  const out: string[] = [];
  const meta = Object.entries(capture.metadata);
  if (meta.length > 0) out.push(meta.map(([k, v]) => `${k}: ${v}`).join('  '), '');
  if (capture.blocks.length === 0) out.push('No tool output found.');
  for (const b of capture.blocks) {
    const what = b.command ?? `(pasted ${b.tool ?? 'text'})`;
    out.push(`${MARK[b.status]} ${clip(what, 60)}${b.at ? ` @ ${b.at}` : ''}  [line ${b.line}]`);
    out.push(`    ${b.tool ?? 'unknown'}: ${clip(summaryOf(b), 66)}`);
  }
  for (const n of capture.notes) out.push(`# ${n}`);
  const parsed = capture.blocks.filter((b) => b.status === 'parsed').length;
  out.push('', `${parsed} of ${capture.blocks.length} blocks read.`);
  return `${out.join('\n')}\n`;
};

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
