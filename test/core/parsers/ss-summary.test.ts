import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SocketSummary, ssSummaryParser } from '../../../functions/core/parsers/ss-summary.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseFixture = (name: string, mangle: (t: string) => string = (t) => t): SocketSummary => {
  const { command, text } = loadBlockFixture(`captures/ss-summary/${name}`);
  const result = ssSummaryParser.parse(mangle(text), command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

describe('ssSummaryParser', () => {
  it('reads iproute2 6.1 on Debian 12, tab-separated rows with trailing spaces', () => {
    // Act
    const ss = parseFixture('debian12-iproute2-6.1.txt');

    // Assess
    expect(ss.total).toBe(14);
    expect(ss.kernelTotal).toBeUndefined();
    expect(ss.tcp).toEqual({ total: 1, estab: 0, closed: 0, orphaned: 0, timewait: 0 });
    expect(ss.transport).toEqual({
      RAW: { total: 0, ip: 0, ipv6: 0 },
      UDP: { total: 0, ip: 0, ipv6: 0 },
      TCP: { total: 1, ip: 1, ipv6: 0 },
      INET: { total: 1, ip: 1, ipv6: 0 },
      FRAG: { total: 0, ip: 0, ipv6: 0 },
    });
    expect(ss.samples).toHaveLength(1);
  });

  it('reads seed 000: four runs pasted with collapsed spaces and prompts glued to the rows', () => {
    const ss = parseFixture('seed-000-four-runs.txt');

    expect(ss.samples.map((s) => s.total)).toEqual([349, 354, 357, 356]);
    expect(ss.samples.map((s) => s.tcp?.estab)).toEqual([146, 149, 152, 153]);
    expect(ss.samples[0]?.transport.FRAG).toEqual({ total: 0, ip: 0, ipv6: 0 });
    expect(ss).toMatchObject({
      total: 356,
      tcp: { total: 212, estab: 153, closed: 47, orphaned: 0, timewait: 36 },
      transport: {
        TCP: { total: 165, ip: 122, ipv6: 43 },
        INET: { total: 175, ip: 129, ipv6: 46 },
      },
    });
  });

  it('reads old iproute2: kernel total, synrecv, timewait N/N, ports, and the * row', () => {
    const ss = parseFixture('old-kernel-total.txt');

    expect(ss).toMatchObject({
      total: 4311,
      kernelTotal: 4355,
      tcp: {
        total: 4595,
        estab: 3548,
        closed: 956,
        orphaned: 8,
        synrecv: 0,
        timewait: 954,
        ports: 0,
      },
    });
    expect(ss.transport['*']).toEqual({ total: 4355, ip: null, ipv6: null });
    expect(ss.transport.UDP).toEqual({ total: 321, ip: 281, ipv6: 40 });
  });

  it('reads the CentOS 8 and CentOS 6/7 layouts of the same command', () => {
    expect(parseFixture('centos8.txt')).toMatchObject({
      total: 509,
      tcp: { total: 129, estab: 32, closed: 79, timewait: 17 },
      transport: { INET: { total: 56, ip: 29, ipv6: 27 } },
    });
    expect(parseFixture('centos6-7.txt')).toMatchObject({
      total: 2991,
      kernelTotal: 7497,
      tcp: { synrecv: 0, timewait: 4, ports: 0 },
      transport: { '*': { total: 7497, ip: null, ipv6: null } },
    });
  });

  it('reads CRLF and a TCP line cut before its closing parenthesis', () => {
    const crlf = parseFixture('centos8.txt', (t) => t.replace(/\n/g, '\r\n'));
    const cut = ssSummaryParser.parse('Total: 349\nTCP: 206 (estab 146, closed 48', 'ss -s');

    expect(crlf.transport.UDP).toEqual({ total: 6, ip: 4, ipv6: 2 });
    expect(cut.ok && cut.data.tcp).toEqual({ total: 206, estab: 146, closed: 48 });
  });

  it('fails on empty text, garbage and rows without a Total line', () => {
    for (const text of ['', 'ss: command not found', 'RAW 1 0 1\nUDP 9 7 2']) {
      expect(ssSummaryParser.parse(text, 'ss -s').ok, text).toBe(false);
    }
  });

  it('matches ss with -s only, and recognises both Total: forms', () => {
    expect(ssSummaryParser.matchCommand('ss -s')).toBe(true);
    expect(ssSummaryParser.matchCommand('ss --summary')).toBe(true);
    expect(ssSummaryParser.matchCommand('ss -tan')).toBe(false);
    expect(ssSummaryParser.banner?.test('Total: 1234 (kernel 1500)')).toBe(true);
    expect(ssSummaryParser.banner?.test('Total: 349')).toBe(true);
    expect(ssSummaryParser.banner?.test('Total:         8.1G        2.1G        3.7G')).toBe(false);
  });

  it('never throws, whatever the text', () => {
    const fragments = fc.constantFrom(
      'Total: 12',
      'TCP: 3 (estab 1',
      ', ports 0',
      'RAW 1 - 0',
      '*\t 5 - -',
      '\n',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 30 }), (parts) => {
        const result = ssSummaryParser.parse(parts.join(''), null);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });

  it('stays linear on long lines', () => {
    expect(() =>
      ssSummaryParser.parse(
        `Total: 1\nTCP: 1 (${'estab 1, '.repeat(50_000)}\nRAW ${'1 '.repeat(100_000)}`,
        null,
      ),
    ).not.toThrow();
    expect(() => ssSummaryParser.banner?.test(`Total: 1${' '.repeat(200_000)}x`)).not.toThrow();

    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
  });
});
