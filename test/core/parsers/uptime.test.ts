import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Uptime, uptimeParser } from '../../../functions/core/parsers/uptime.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseFixture = (name: string, mangle: (t: string) => string = (t) => t): Uptime => {
  const { command, text } = loadBlockFixture(`captures/uptime/${name}`);
  const result = uptimeParser.parse(mangle(text), command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

describe('uptimeParser', () => {
  it('reads procps-ng 4.0.2 on Debian 12: minutes, users and loads', () => {
    // Act
    const up = parseFixture('debian12-procps-4.0.2.txt');

    // Assess
    expect(up).toEqual({
      clock: '20:41:29',
      uptimeSeconds: 8 * 60,
      users: 0,
      load1: 2.33,
      load5: 1.31,
      load15: 0.54,
    });
  });

  it('adds days and hours:minutes, as after the 12-day cycle of seed 002', () => {
    const up = parseFixture('twelve-days-decimal-comma.txt');

    expect(up.uptimeSeconds).toBe(12 * 86_400 + 22 * 3600 + 59 * 60);
    expect(up.users).toBe(2);
  });

  it('reads decimal commas from a German locale', () => {
    const up = parseFixture('raspbian-de-locale.txt');

    expect(up).toMatchObject({
      uptimeSeconds: 4 * 86_400 + 15 * 3600 + 35 * 60,
      users: 3,
      load1: 0.24,
      load5: 0.24,
      load15: 0.16,
    });
  });

  it('reads "2 days, 20 min" and "up  1:35" (padded hours)', () => {
    expect(parseFixture('days-and-minutes.txt')).toMatchObject({
      uptimeSeconds: 2 * 86_400 + 20 * 60,
      users: 1,
      load1: 0,
      load5: 0.01,
      load15: 0.05,
    });
    expect(parseFixture('hours-headerless.txt')).toMatchObject({
      uptimeSeconds: 3600 + 35 * 60,
      load15: 0.15,
    });
  });

  it('tolerates collapsed spaces, full-width punctuation and CRLF', () => {
    expect(parseFixture('one-day-collapsed.txt')).toMatchObject({
      uptimeSeconds: 86_400 + 3600 + 47 * 60,
      users: 1,
      load1: 0.52,
    });
    expect(parseFixture('fullwidth-punctuation.txt')).toMatchObject({
      uptimeSeconds: 25 * 60,
      users: 2,
      load1: 1.23,
      load5: 1.32,
      load15: 1.21,
    });
    expect(parseFixture('raspbian-de-locale.txt', (t) => t.replace(/\n/g, '\r\n')).load15).toBe(
      0.16,
    );
  });

  it('reads busybox, which prints no users, and a macOS-style "load averages" line', () => {
    const busybox = uptimeParser.parse(
      ' 10:00:01 up 3 days,  4:05,  load average: 1.00, 0.50, 0.25',
      null,
    );
    const mac = uptimeParser.parse(
      '16:20  up 120 days, 10:46, 3 users, load averages: 1.21 2.88 0.80',
      null,
    );

    expect(busybox).toEqual({
      ok: true,
      data: {
        clock: '10:00:01',
        uptimeSeconds: 3 * 86_400 + 4 * 3600 + 5 * 60,
        load1: 1,
        load5: 0.5,
        load15: 0.25,
      },
    });
    expect(mac.ok && mac.data.load5).toBe(2.88);
  });

  it('reports the latest of several samples', () => {
    const text = [
      ' 10:00:00 up 5 min,  1 user,  load average: 0.10, 0.20, 0.30',
      ' 10:01:00 up 6 min,  1 user,  load average: 3.10, 1.20, 0.40',
    ].join('\n');

    const result = uptimeParser.parse(text, 'uptime');

    expect(result.ok && result.data.load1).toBe(3.1);
  });

  it('says why for uptime -p and -s, which print no loads', () => {
    const pretty = uptimeParser.parse('up 3 hours, 26 minutes', 'uptime -p');
    const since = uptimeParser.parse('2026-11-22 20:33:01', 'uptime -s');

    expect(pretty).toEqual({ ok: false, error: expect.stringMatching(/-p and -s/) });
    expect(since.ok).toBe(false);
  });

  it('fails on empty text, garbage, and a line cut before its loads', () => {
    for (const text of [
      '',
      '   \n',
      'uptime: command not found',
      ' 10:00:01 up 3 days,  4:05,  load av',
    ]) {
      const result = uptimeParser.parse(text, 'uptime');
      expect(result.ok, text).toBe(false);
    }
  });

  it("matches uptime commands and recognises its line, not top's", () => {
    expect(uptimeParser.matchCommand('uptime')).toBe(true);
    expect(uptimeParser.matchCommand('uptimed')).toBe(false);
    expect(
      uptimeParser.banner?.test(' 02:22:21 up 4:50,  2 users,  load average: 2.95, 2.78, 2.70'),
    ).toBe(true);
    expect(
      uptimeParser.banner?.test('top - 02:22:21 up 4:50, 2 users, load average: 2.95, 2.78, 2.70'),
    ).toBe(false);
  });

  it('never throws, whatever the text', () => {
    const fragments = fc.constantFrom(
      ' 12:56:38 up 4 days, 15:35,  3 users,  load average: 0,24, 0,24, 0,16',
      'up , , ,, load average:',
      'load average: 1',
      ' up 99999999999999999999 days,',
      '12:00 up',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 20 }), (parts) => {
        const result = uptimeParser.parse(parts.join(''), null);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });

  it('stays linear on long lines', () => {
    const text = `${'up , '.repeat(100_000)}load average: ${'1'.repeat(100_000)}`;

    expect(() => uptimeParser.parse(text, null)).not.toThrow();
    expect(() => uptimeParser.banner?.test(`10:00 up ${' '.repeat(200_000)}x`)).not.toThrow();

    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
  });
});

describe('uptimeParser on w', () => {
  it('reads the first line of w and ignores its user table', () => {
    // Prepare
    const { command, text } = loadBlockFixture('captures/w/procps-4.0.2-no-users.txt');

    // Act
    const result = uptimeParser.parse(text, command);

    // Assess
    expect(uptimeParser.matchCommand('w')).toBe(true);
    expect(result).toEqual({
      ok: true,
      data: {
        clock: '02:56:37',
        uptimeSeconds: 240,
        users: 0,
        load1: 3.85,
        load5: 1.29,
        load15: 0.48,
      },
    });
  });

  it('reads an am/pm clock (SunOS w) and is recognised by its banner', () => {
    const line = '          7:36am  up 6 days, 16:45,  1 users,  load average: 0.20, 0.23, 0.18';

    const result = uptimeParser.parse(line, null);

    expect(uptimeParser.banner?.test(line)).toBe(true);
    expect(result.ok && result.data).toMatchObject({ clock: '7:36am', users: 1, load15: 0.18 });
  });

  it('refuses w -h, which prints no uptime line, and does not take `wc` for w', () => {
    expect(uptimeParser.parse('root pts/0 1.2.3.4 10:00 1.00s 0.01s w', 'w -h').ok).toBe(false);
    expect(uptimeParser.matchCommand('wc -l')).toBe(false);
  });
});

describe('uptimeParser on a bare load line', () => {
  it('reads `load average:` pasted alone: the loads, with no uptime', () => {
    // Act
    const result = uptimeParser.parse('load average: 44.17, 35.29, 31.24', null);

    // Assess
    expect(result).toEqual({ ok: true, data: { load1: 44.17, load5: 35.29, load15: 31.24 } });
    expect(result.ok && uptimeParser.summarize(result.data)).toBe(
      'uptime not shown, load 44.17 35.29 31.24',
    );
  });

  it('finds the bare load line by its banner, but not a line that only mentions it', () => {
    expect(uptimeParser.banner?.test('load average: 44.17, 35.29, 31.24')).toBe(true);
    expect(uptimeParser.banner?.test('load average is high today')).toBe(false);
  });
});
