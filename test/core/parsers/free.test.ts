import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FreeMemory, freeParser } from '../../../functions/core/parsers/free.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseFixture = (name: string, mangle: (t: string) => string = (t) => t): FreeMemory => {
  const { command, text } = loadBlockFixture(`captures/free/${name}`);
  const result = freeParser.parse(mangle(text), command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

describe('freeParser', () => {
  describe('procps-ng 4.0.2 on Debian 12', () => {
    it('reads plain free in KiB', () => {
      // Act
      const mem = parseFixture('debian12-kib.txt');

      // Assess
      expect(mem).toEqual({
        total: 24_683_656,
        used: 387_344,
        free: 23_895_580,
        shared: 8896,
        buffCache: 650_364,
        available: 24_296_312,
        availableDerived: false,
        swapTotal: 0,
        swapUsed: 0,
        swapFree: 0,
        layout: 'available',
        unit: 'KiB',
        unitSource: 'command',
        samples: 1,
      });
    });

    it('scales -m, -g and -h (Gi, Mi) to KiB', () => {
      expect(parseFixture('debian12-m.txt')).toMatchObject({
        total: 24_105 * 1024,
        available: 23_726 * 1024,
        unit: 'MiB',
      });
      expect(parseFixture('debian12-g.txt')).toMatchObject({ total: 23 * 1024 ** 2, unit: 'GiB' });
      expect(parseFixture('debian12-h.txt')).toMatchObject({
        total: 23 * 1024 ** 2,
        used: 378 * 1024,
        shared: Math.round(8.7 * 1024),
        unit: 'per-value',
        unitSource: 'suffix',
      });
    });

    it('reads -w, whose buffers and cache come apart', () => {
      expect(parseFixture('debian12-wide.txt')).toMatchObject({
        buffers: 5768,
        cached: 644_660,
        buffCache: 650_428,
        available: 24_296_348,
      });
    });
  });

  describe('old procps (-/+ buffers/cache, no available column)', () => {
    it('derives available from the -/+ buffers/cache row, and says so', () => {
      // Act
      const mem = parseFixture('rhel6-m.txt');

      // Assess
      expect(mem).toEqual({
        total: 3828 * 1024,
        used: 790 * 1024,
        free: 3038 * 1024,
        shared: 0,
        buffers: 110 * 1024,
        cached: 494 * 1024,
        buffCache: 604 * 1024,
        available: 3642 * 1024,
        availableDerived: true,
        swapTotal: 5999 * 1024,
        swapUsed: 0,
        swapFree: 5999 * 1024,
        layout: 'buffers-cache',
        unit: 'MiB',
        unitSource: 'command',
        samples: 1,
      });
    });

    it('reads a headerless paste with mangled indentation, guessing KiB from the size', () => {
      expect(parseFixture('old-procps-kib-messy.txt')).toMatchObject({
        total: 12_286_456,
        used: 11_715_372,
        buffers: 81_912,
        cached: 6_545_228,
        available: 7_198_224,
        availableDerived: true,
        swapUsed: 54_528,
        unit: 'KiB',
        unitSource: 'guessed',
      });
    });

    it('reads a paste that lost every line break', () => {
      expect(parseFixture('centos6-one-line.txt')).toMatchObject({
        total: 4_040_360,
        free: 28_160,
        available: 3_776_136,
        availableDerived: true,
        swapTotal: 4_200_956,
        swapUsed: 12_184,
        layout: 'buffers-cache',
      });
    });

    it('reads a header without its leading spaces and a zero swap', () => {
      expect(parseFixture('old-m-no-swap.txt')).toMatchObject({
        total: 7983 * 1024,
        available: 2345 * 1024,
        swapTotal: 0,
      });
    });
  });

  describe('procps-ng 3.3.x', () => {
    it('reads binary G and M suffixes of Ubuntu 16.04 free -hw', () => {
      expect(parseFixture('ubuntu1604-hw.txt')).toMatchObject({
        total: 2 * 1024 ** 2,
        used: 566 * 1024,
        buffers: 41 * 1024,
        cached: 531 * 1024,
        available: Math.round(1.2 * 1024 ** 2),
        swapTotal: 4 * 1024 ** 2,
        swapUsed: 0,
        layout: 'available',
      });
    });

    it('reads a 1 GB AWS instance with free -h and no swap', () => {
      expect(parseFixture('aws-1gb-h.txt')).toMatchObject({
        total: 990 * 1024,
        available: 764 * 1024,
        swapTotal: 0,
      });
    });

    it('reads free -hwt, ignoring the Total: row', () => {
      expect(parseFixture('hwt-total.txt')).toMatchObject({
        total: Math.round(7.6 * 1024 ** 2),
        shared: 384 * 1024,
        buffers: 0,
        swapTotal: 511 * 1024,
        swapUsed: 114 * 1024,
      });
    });

    it('reads bytes (free -b) and an unaligned CentOS 7 table', () => {
      expect(parseFixture('lxc-bytes.txt')).toMatchObject({
        total: 1_048_576,
        available: 977_408,
        swapTotal: 1_572_864,
        unit: 'B',
      });
      expect(parseFixture('centos7-kib.txt')).toMatchObject({
        total: 1_012_952,
        buffCache: 601_480,
        available: 543_584,
        swapUsed: 5380,
      });
    });
  });

  it('reads CRLF and a cut-off Swap row', () => {
    const crlf = parseFixture('rhel6-m.txt', (t) => t.replace(/\n/g, '\r\n'));
    const cut = parseFixture('debian12-kib.txt', (t) =>
      t.replace(/Swap:.*$/m, 'Swap:              0'),
    );

    expect(crlf.available).toBe(3642 * 1024);
    expect(cut.swapTotal).toBe(0);
    expect(cut.swapFree).toBeUndefined();
  });

  it('infers the columns when the header was not pasted', () => {
    const result = freeParser.parse(
      'Mem: 1012952 252740 158732 11108 601480 543584\nSwap: 0 0 0',
      null,
    );

    expect(result.ok && result.data).toMatchObject({
      available: 543_584,
      buffCache: 601_480,
      layout: 'available',
    });
  });

  it('guesses MiB for a small headerless total (a t3.micro with free -m)', () => {
    const result = freeParser.parse(
      '               total        used        free      shared  buff/cache   available\nMem:             949         612          82           0         254         197',
      null,
    );

    expect(result.ok && result.data).toMatchObject({
      total: 949 * 1024,
      unit: 'MiB',
      unitSource: 'guessed',
    });
  });

  it('reports the last of several samples (free -s 1 -c 2)', () => {
    const text = [
      '               total        used        free      shared  buff/cache   available',
      'Mem:            949         612          82           0         254         197',
      'Swap:             0           0           0',
      '',
      '               total        used        free      shared  buff/cache   available',
      'Mem:            949         700          20           0         229         110',
      'Swap:             0           0           0',
    ].join('\n');

    const result = freeParser.parse(text, 'free -m -s 1 -c 2');

    expect(result.ok && result.data).toMatchObject({ available: 110 * 1024, samples: 2 });
  });

  it('reads --si and --mega as powers of 1000', () => {
    const result = freeParser.parse(
      '               total        used        free      shared  buff/cache   available\nMem:            1000         500         300           0         200         400',
      'free --mega',
    );

    expect(result.ok && result.data).toMatchObject({ total: Math.round(1e9 / 1024), unit: 'MB' });
  });

  it("fails on empty text, garbage and top's memory line", () => {
    for (const text of [
      '',
      'free: command not found',
      'MiB Mem :   3812.1 total,    175.9 free',
      'Mem:',
    ]) {
      const result = freeParser.parse(text, 'free -m');
      expect(result.ok, text).toBe(false);
    }
  });

  it('matches free commands and recognises its header, even behind a prompt', () => {
    expect(freeParser.matchCommand('free -m')).toBe(true);
    expect(freeParser.matchCommand('freeze')).toBe(false);
    expect(
      freeParser.banner?.test(
        '              total        used        free      shared  buff/cache   available',
      ),
    ).toBe(true);
    expect(
      freeParser.banner?.test(
        '             total       used       free     shared    buffers     cached',
      ),
    ).toBe(true);
    expect(
      freeParser.banner?.test('$ free total used free shared buffers cached Mem: 4040360'),
    ).toBe(true);
  });

  it('never throws, whatever the text', () => {
    const fragments = fc.constantFrom(
      'total used free shared buff/cache available',
      'Mem:',
      'Swap:',
      '-/+ buffers/cache:',
      '990M',
      '8.7Mi',
      '0B',
      '1,2Gi',
      '12345',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fragments, fc.string()), { maxLength: 30 }),
        fc.option(
          fc.constantFrom('free', 'free -h', 'free -b --si', 'free -s', 'free --tebi -s 2'),
        ),
        (parts, command) => {
          const result = freeParser.parse(parts.join(' '), command);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
    );
  });

  it('stays linear on long input', () => {
    const text = `${'total '.repeat(50_000)}used free Mem: ${'1 '.repeat(100_000)}${'Mem: '.repeat(50_000)}`;

    expect(() => freeParser.parse(text, null)).not.toThrow();
    expect(() => freeParser.banner?.test(`${' '.repeat(200_000)}x`)).not.toThrow();

    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
  });
});
