/**
 * Reduces a header's command line to what identifies the tool: `sudo timeout 5 /usr/bin/top -b`
 * → `top -b`. Parsers match on the result, so a person's way of typing a command does not
 * change which parser reads its output.
 */
const WRAPPERS: RegExp[] = [
  /^sudo(?:\s+-\S+)*\s+/,
  /^timeout(?:\s+-\S+(?:\s+(?!\d)\S+)?)*\s+\d+(?:\.\d+)?[smhd]?\s+/,
  /^nice(?:\s+-n\s*-?\d+|\s+-\d+)?\s+/,
  /^ionice(?:\s+-\S+)*\s+/,
  /^env\s+/,
  /^[A-Za-z_][A-Za-z0-9_]*=\S*\s+/,
  /^(?:command|exec|time|stdbuf(?:\s+-\S+)*)\s+/,
];

export const normalizeCommand = (command: string): string => {
  let cmd = command.trim();
  for (let changed = true; changed; ) {
    changed = false;
    for (const w of WRAPPERS) {
      const next = cmd.replace(w, '');
      if (next !== cmd) {
        cmd = next;
        changed = true;
      }
    }
  }
  // `head`/`tail` name files, not commands, in their `==> /proc/meminfo <==` headers.
  if (/^\/(proc|sys|var)\/\S+$/.test(cmd)) return `cat ${cmd}`;
  // An absolute path to the program: `/usr/bin/top -b` → `top -b`.
  return cmd.replace(/^\/(?:[\w.+-]+\/)*([\w.+-]+)(?=\s|$)/, '$1');
};
