/**
 * The blocks of a capture the reader could not use, each said as what to capture instead, so
 * a paste that was not understood is never silently ignored.
 */
import { normalizeCommand } from './command.js';
import type { Capture, CaptureBlock } from './read.js';

/** Reported per capture at most: a long paste of unknown text should not bury the card. */
const MAX_REPORTED = 5;

const BASICS =
  'top -b -n 2 -d 1, vmstat 1 5, ps -eo pid,etimes,nlwp,pcpu,rss,comm,args --sort=-pcpu and free -m';

/** Tools people paste that the reader does not know, and what shows the same to it. */
const INSTEAD: { tool: RegExp; paste: string }[] = [
  { tool: /^slabtop\b/, paste: 'cat /proc/meminfo (its Slab and SUnreclaim lines)' },
  { tool: /^dstat\b/, paste: 'vmstat 1 5 and iostat -x 1 3' },
  { tool: /^(?:atop|nmon|glances)\b/, paste: 'top -b -n 2 -d 1 and vmstat 1 5' },
  {
    tool: /^(?:gdb|gstack|pstack|eu-stack|py-spy|rbspy)\b/,
    paste: 'top -H -b -n 2 -d 1 -p PID (which threads burn CPU) and perf top -p PID',
  },
  { tool: /^(?:ctrace|ltrace)\b/, paste: 'strace -c -f -p PID for a few seconds (a deep capture)' },
  { tool: /^netstat\b/, paste: 'ss -s' },
  { tool: /^(?:docker|kubectl|crictl)\b/, paste: `${BASICS}, run on the node itself` },
];

/**
 * A block with nothing a person would miss: blank or `...`, or a helper's one-line answer
 * (`pgrep java` → `4242`, `printf "%x" 4243` → `1093`).
 */
const trivial = (block: CaptureBlock): boolean =>
  !/[A-Za-z0-9]{2}/.test(block.text) ||
  (block.status === 'unused' && block.text.split('\n').filter((l) => l.trim()).length <= 1);

const excerpt = (text: string): string => {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const line = first.trim();
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
};

const advice = (block: CaptureBlock): string | undefined => {
  if (block.status === 'parsed' || trivial(block)) return undefined;
  if (block.status === 'failed') {
    return `${block.command ? `\`${block.command}\`` : `the pasted ${block.tool} output`} was not understood (${block.error}): paste it whole, with its header line`;
  }
  if (block.command === null) {
    return `pasted text starting \`${excerpt(block.text)}\` was not recognised: paste ${BASICS}`;
  }
  const command = normalizeCommand(block.command);
  const known = INSTEAD.find((i) => i.tool.test(command));
  return `\`${block.command}\` is not a tool alert-triage reads: paste ${known?.paste ?? BASICS} instead`;
};

/** One line per unread block (at most MAX_REPORTED), in document order. */
export const unreadBlocks = (capture: Capture): string[] => {
  const lines = capture.blocks.map(advice).filter((a): a is string => a !== undefined);
  if (lines.length <= MAX_REPORTED) return lines;
  return [
    ...lines.slice(0, MAX_REPORTED),
    `${lines.length - MAX_REPORTED} more blocks were not read`,
  ];
};
