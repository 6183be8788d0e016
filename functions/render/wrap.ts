/** Wraps text to `width` columns, each line after the first indented by `indent`. */
export const wrap = (text: string, width: number, indent = ''): string[] => {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const prefix = out.length === 0 ? '' : indent;
    if (line && prefix.length + line.length + 1 + word.length > width) {
      out.push(prefix + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line || out.length === 0) out.push((out.length === 0 ? '' : indent) + line);
  return out;
};

/**
 * A shell command that stays runnable when pasted: lines past `width` are broken between
 * words with a trailing ` \\`, the continuation indented under the command.
 */
export const wrapCommand = (command: string, width: number, indent: string): string[] => {
  const first = `${indent}$ `;
  const next = `${indent}    `;
  const out: string[] = [];
  let line = first;
  for (const word of command.split(' ')) {
    const prefix = out.length === 0 ? first : next;
    if (line !== prefix && line.length + 1 + word.length + 2 > width) {
      out.push(`${line} \\`);
      line = next + word;
    } else line = line === prefix ? line + word : `${line} ${word}`;
  }
  out.push(line);
  return out;
};
