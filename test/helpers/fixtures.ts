import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Reads a fixture file under `test/fixtures/` as UTF-8 text. */
export const loadFixture = (path: string): string => readFileSync(`${root}${path}`, 'utf8');

/**
 * A fixture holding one tool's output as a small capture document:
 *
 *     # source: https://… (who posted it, where)   ← any number of `# ` lines first
 *     ==> top -b -n 1 <==
 *     …the output, verbatim…
 *
 * Returns the header's command and the text under it, the way the reader hands a block to a
 * parser. A fixture with no header (a headerless paste) gives `command: null`.
 */
export const loadBlockFixture = (path: string): { command: string | null; text: string } => {
  const all = loadFixture(path).split('\n');
  let i = 0;
  while (i < all.length && /^#( |$)/.test(all[i] ?? '')) i++;
  const header = /^==> (.*?)(?: @ [^<]+)? <==$/.exec(all[i] ?? '');
  if (header) return { command: header[1] ?? null, text: all.slice(i + 1).join('\n') };
  return { command: null, text: all.slice(i).join('\n') };
};
