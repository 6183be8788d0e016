/** Small text helpers shared by the parsers. */

/** Splits on any line ending and drops trailing carriage returns. */
export const lines = (text: string): string[] => text.split(/\r?\n|\r/);

/** Splits a line on runs of white space, ignoring leading and trailing space. */
export const fields = (line: string): string[] => line.trim().split(/\s+/).filter(Boolean);

/**
 * Parses a number as tools print it: `1,266,953` → 1266953, `37.1` → 37.1, `-` → NaN.
 * Returns NaN (never throws) for anything else, so callers test with `Number.isFinite`.
 */
export const num = (token: string | undefined): number => {
  if (token === undefined) return Number.NaN;
  const cleaned = token.trim().replace(/,(?=\d{3}\b)/g, '');
  // Unambiguous alternatives: `\d+\.?\d*` backtracks quadratically on long digit runs.
  if (!/^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i.test(cleaned)) return Number.NaN;
  return Number(cleaned);
};

/** Rounds to two decimals, as the parsers report percentages and seconds. */
export const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * Memory sizes as top and ps print them, in KiB: `9971.6m` → 10210918, `1.2g` → 1258291,
 * `812345` (plain KiB) → 812345. Units: k m g t p e (case-insensitive).
 */
export const kib = (token: string | undefined): number => {
  if (token === undefined) return Number.NaN;
  const m = /^([-+]?\d+(?:\.\d+)?)([kmgtpe])?$/i.exec(token.trim());
  if (!m) return Number.NaN;
  const scale = { k: 0, m: 1, g: 2, t: 3, p: 4, e: 5 }[(m[2] ?? 'k').toLowerCase() as 'k'];
  return Math.round(Number(m[1]) * 1024 ** scale);
};

export interface TokenSpan {
  text: string;
  start: number;
}

/** Splits a line on white space, remembering where each token starts. Linear time. */
export const tokenSpans = (line: string): TokenSpan[] => {
  const spans: TokenSpan[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    spans.push({ text: m[0], start: m.index });
  }
  return spans;
};
