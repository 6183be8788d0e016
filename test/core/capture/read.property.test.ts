import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { parserList } from '../../../functions/core/parsers/index.js';
import { loadFixture } from '../../helpers/fixtures.js';

const REAL = 'captures/local/debian12-idle.txt';

/** Every block's status is one of the three, and every parsed block has a summary line. */
const wellFormed = (text: string) => {
  const capture = readCapture(text);
  for (const b of capture.blocks) {
    expect(['parsed', 'failed', 'unused']).toContain(b.status);
    if (b.status === 'parsed') expect(typeof b.summary).toBe('string');
    if (b.status === 'failed') expect(b.error.length).toBeGreaterThan(0);
  }
  return capture;
};

describe('readCapture on any input', () => {
  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (s) => void wellFormed(s)),
      {
        numRuns: 300,
      },
    );
  });

  it('never throws on random bytes decoded as UTF-8, invalid sequences included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        wellFormed(Buffer.from(bytes).toString('utf8'));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws when each parser is handed random lines under its own header', () => {
    const lineArb = fc.array(
      fc.oneof(
        fc.string({ maxLength: 120 }),
        fc.constantFrom('', '-----', '%Cpu(s): x', 'total 0', '{', '}', '"Values": [', '1 2 3'),
      ),
      { maxLength: 40 },
    );
    for (const parser of parserList) {
      fc.assert(
        fc.property(lineArb, (ls) => {
          const status = parser.parse(ls.join('\n'), null);
          expect(typeof status.ok).toBe('boolean');
        }),
        { numRuns: 60 },
      );
    }
  });

  it('reads a real capture cut at every line without throwing', () => {
    const lines = loadFixture(REAL).split('\n');
    for (let i = 0; i <= lines.length; i++) wellFormed(lines.slice(0, i).join('\n'));
  });

  it('reads a real capture with each line cut in half and whitespace collapsed', () => {
    const mangled = loadFixture(REAL)
      .split('\n')
      .map((l, i) => (i % 3 === 0 ? l.slice(0, Math.ceil(l.length / 2)) : l.replace(/\s+/g, ' ')))
      .join('\n');

    const capture = wellFormed(mangled);

    expect(capture.blocks.length).toBeGreaterThan(5);
  });

  // Linear time is checked by shape, not by a clock: each input below is a case where a
  // quadratic scan or a backtracking regex would run for hours, not seconds. The figures are
  // in `npm run bench` (parseMsTypical vs parseMs1MB).
  it('reads inputs built to defeat a quadratic reader', () => {
    expect(() => readCapture('x'.repeat(2_000_000))).not.toThrow();
    expect(() => readCapture(`==> ${' '.repeat(200_000)}x`)).not.toThrow();
    expect(() => readCapture(`# a:${' \t'.repeat(200_000)}`)).not.toThrow();
    expect(readCapture('==> top <==\n'.repeat(200_000)).blocks).toHaveLength(200_000);
    expect(
      readCapture('top - 10:00:00 up 1 day\nMem: 1\n'.repeat(50_000)).blocks.length,
    ).toBeLessThan(3);
  });
});
