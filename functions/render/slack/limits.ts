import type { Block, SlackMessage, StaticSelectElement, TextObject } from './blocks.js';

/** Block Kit's limits (`@slack/types` JSDoc; `docs/reference/aws-slack-facts.md` §6). */
export const LIMITS = {
  blocksPerMessage: 50,
  blockId: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  selectPlaceholder: 150,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  /** The top-level `text` of chat.postMessage (longer is truncated by Slack, not refused). */
  messageText: 3000,
} as const;

const over = (what: string, length: number, limit: number) =>
  `${what}: ${length} characters, over ${limit}`;

const checkText = (where: string, text: TextObject | undefined, limit: number): string[] => {
  if (!text) return [];
  if (text.text.length === 0) return [`${where}: empty text`];
  return text.text.length > limit ? [over(where, text.text.length, limit)] : [];
};

const checkSelect = (at: string, select: StaticSelectElement): string[] => {
  const out = checkText(`${at} placeholder`, select.placeholder, LIMITS.selectPlaceholder);
  if (select.options.length === 0 || select.options.length > LIMITS.selectOptions) {
    out.push(`${at}: ${select.options.length} options, not 1 to ${LIMITS.selectOptions}`);
  }
  for (const [k, o] of select.options.entries()) {
    out.push(...checkText(`${at} options[${k}] text`, o.text, LIMITS.optionText));
    if (o.value.length > LIMITS.optionValue) {
      out.push(over(`${at} options[${k}] value`, o.value.length, LIMITS.optionValue));
    }
  }
  return out;
};

const checkBlock = (block: Block, i: number): string[] => {
  const at = `blocks[${i}] (${block.type})`;
  const out: string[] = [];
  if (block.block_id !== undefined && block.block_id.length > LIMITS.blockId) {
    out.push(over(`${at} block_id`, block.block_id.length, LIMITS.blockId));
  }
  switch (block.type) {
    case 'header':
      out.push(...checkText(`${at} text`, block.text, LIMITS.headerText));
      if (block.text.type !== 'plain_text') out.push(`${at}: header text must be plain_text`);
      break;
    case 'section': {
      if (!block.text && !block.fields?.length) out.push(`${at}: neither text nor fields`);
      out.push(...checkText(`${at} text`, block.text, LIMITS.sectionText));
      const fields = block.fields ?? [];
      if (fields.length > LIMITS.sectionFields) {
        out.push(`${at}: ${fields.length} fields, over ${LIMITS.sectionFields}`);
      }
      for (const [j, f] of fields.entries()) {
        out.push(...checkText(`${at} fields[${j}]`, f, LIMITS.sectionFieldText));
      }
      break;
    }
    case 'context':
      if (block.elements.length === 0) out.push(`${at}: no elements`);
      if (block.elements.length > LIMITS.contextElements) {
        out.push(`${at}: ${block.elements.length} elements, over ${LIMITS.contextElements}`);
      }
      for (const [j, e] of block.elements.entries()) {
        out.push(...checkText(`${at} elements[${j}]`, e, LIMITS.sectionText));
      }
      break;
    case 'actions': {
      if (block.elements.length > LIMITS.actionsElements) {
        out.push(`${at}: ${block.elements.length} elements, over ${LIMITS.actionsElements}`);
      }
      const ids = new Set<string>();
      for (const [j, b] of block.elements.entries()) {
        const el = `${at} elements[${j}]`;
        if (b.action_id.length > LIMITS.actionId) {
          out.push(over(`${el} action_id`, b.action_id.length, LIMITS.actionId));
        }
        if (ids.has(b.action_id)) out.push(`${el}: action_id '${b.action_id}' repeated`);
        ids.add(b.action_id);
        if (b.type === 'static_select') {
          out.push(...checkSelect(el, b));
          continue;
        }
        out.push(...checkText(`${el} text`, b.text, LIMITS.buttonText));
        if (b.value !== undefined && b.value.length > LIMITS.buttonValue) {
          out.push(over(`${el} value`, b.value.length, LIMITS.buttonValue));
        }
        if (b.url !== undefined && b.url.length > LIMITS.buttonUrl) {
          out.push(over(`${el} url`, b.url.length, LIMITS.buttonUrl));
        }
      }
      break;
    }
    case 'divider':
      break;
  }
  return out;
};

/** What in a message breaks Block Kit's limits, one line each; `[]` when it is within them. */
export const checkBlockKitLimits = (message: SlackMessage): string[] => {
  const out: string[] = [];
  if (message.text.length === 0) out.push('text: empty (the notification fallback)');
  if (message.text.length > LIMITS.messageText) {
    out.push(over('text', message.text.length, LIMITS.messageText));
  }
  if (message.blocks.length > LIMITS.blocksPerMessage) {
    out.push(`${message.blocks.length} blocks, over ${LIMITS.blocksPerMessage}`);
  }
  for (const [i, b] of message.blocks.entries()) out.push(...checkBlock(b, i));
  return out;
};

/** Cuts one line to `limit` characters, with `…` when it had to. */
export const truncate = (text: string, limit: number): string =>
  text.length <= limit ? text : `${text.slice(0, Math.max(0, limit - 1))}…`;

/**
 * Joins lines into at most `limit` characters, cutting at a line boundary and saying how many
 * lines were left out (`… 12 more`). A single line longer than the limit is cut itself.
 */
export const joinWithin = (lines: readonly string[], limit: number, separator = '\n'): string => {
  const kept: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    const rest = lines.length - i - 1;
    const add = (kept.length > 0 ? separator.length : 0) + line.length;
    // Room for this line and, when more follow, for the "… N more" line after it.
    const tail = rest > 0 ? separator.length + `… ${rest} more`.length : 0;
    if (length + add + tail <= limit) {
      kept.push(line);
      length += add;
      continue;
    }
    const left = lines.length - kept.length;
    const more = `… ${left} more`;
    if (kept.length === 0) {
      const room = limit - separator.length - more.length;
      if (room > 1) return `${truncate(line, room)}${separator}${more}`.slice(0, limit);
      return truncate(more, limit);
    }
    return `${kept.join(separator)}${separator}${more}`;
  }
  return kept.join(separator);
};

/** Keeps at most `limit` items, the last one replaced by `more(n)` when some had to go. */
export const keepWithin = <T>(items: readonly T[], limit: number, more: (n: number) => T): T[] =>
  items.length <= limit
    ? [...items]
    : [...items.slice(0, limit - 1), more(items.length - limit + 1)];
