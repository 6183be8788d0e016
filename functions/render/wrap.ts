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
