import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Pressure, pressureParser } from '../../../functions/core/parsers/pressure.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseFixture = (name: string, mangle: (t: string) => string = (t) => t): Pressure => {
  const { command, text } = loadBlockFixture(`captures/pressure/${name}`);
  const result = pressureParser.parse(mangle(text), command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

const zero = { avg10: 0, avg60: 0, avg300: 0, totalMicroseconds: 0 };

describe('pressureParser', () => {
  it('names a single file by the command that read it', () => {
    // Act
    const psi = parseFixture('debian12-cpu.txt');

    // Assess
    expect(psi).toEqual({
      cpu: {
        some: { avg10: 39.33, avg60: 27.43, avg300: 16.08, totalMicroseconds: 72_611_661 },
        full: zero,
      },
      unattributed: [],
    });
  });

  it('splits cat /proc/pressure/* in the order the shell sorts the glob', () => {
    const psi = parseFixture('debian12-glob.txt');

    expect(psi.cpu?.some?.avg10).toBe(39.33);
    expect(psi.io).toEqual({
      some: { avg10: 0.06, avg60: 0.61, avg300: 0.67, totalMicroseconds: 3_944_014 },
      full: { avg10: 0, avg60: 0, avg300: 0.06, totalMicroseconds: 1_068_243 },
    });
    expect(psi.memory).toEqual({ some: zero, full: zero });
    expect(psi.unattributed).toEqual([]);
  });

  it('agrees with grep . /proc/pressure/*, which names each line', () => {
    const globbed = parseFixture('debian12-glob.txt');
    const grepped = parseFixture('debian12-grep.txt');

    expect(grepped.io).toEqual(globbed.io);
    expect(grepped.memory).toEqual(globbed.memory);
    expect(grepped.cpu?.some?.totalMicroseconds).toBe(72_664_156);
  });

  it('reads grep -n prefixes from kernel 4.20, whose cpu file has no full line', () => {
    const psi = parseFixture('kernel-4.20-grep-n.txt');

    expect(psi.cpu).toEqual({ some: { ...zero, totalMicroseconds: 1_167_162_866 } });
    expect(psi.io?.full?.totalMicroseconds).toBe(58_578_187);
    expect(psi.memory).toEqual({ some: zero, full: zero });
  });

  it('keeps a headerless, unnamed file apart rather than guess its resource', () => {
    const psi = parseFixture('thrashing-unnamed.txt');

    expect(psi.memory).toBeUndefined();
    expect(psi.unattributed).toEqual([
      {
        some: { avg10: 70.24, avg60: 68.52, avg300: 69.91, totalMicroseconds: 3_559_632_828 },
        full: { avg10: 57.59, avg60: 58.06, avg300: 60.38, totalMicroseconds: 3_300_487_258 },
      },
    ]);
  });

  it('places irq, the lone full line of kernels 6.1+, in a globbed cat', () => {
    const text = [
      'some avg10=1.00 avg60=0.00 avg300=0.00 total=10',
      'full avg10=0.00 avg60=0.00 avg300=0.00 total=0',
      'some avg10=2.00 avg60=0.00 avg300=0.00 total=20',
      'full avg10=0.50 avg60=0.00 avg300=0.00 total=5',
      'full avg10=0.10 avg60=0.00 avg300=0.00 total=7',
      'some avg10=4.00 avg60=0.00 avg300=0.00 total=40',
      'full avg10=3.00 avg60=0.00 avg300=0.00 total=30',
    ].join('\n');

    const result = pressureParser.parse(text, 'cat /proc/pressure/*');

    expect(result.ok && result.data.irq).toEqual({
      full: { ...zero, avg10: 0.1, totalMicroseconds: 7 },
    });
    expect(result.ok && result.data.memory?.full?.avg10).toBe(3);
  });

  it('follows brace expansion, file-name lines, and cgroup pressure files', () => {
    const braces = pressureParser.parse(
      'some avg10=5.00 avg60=0.00 avg300=0.00 total=1\nsome avg10=6.00 avg60=0.00 avg300=0.00 total=2\nfull avg10=7.00 avg60=0.00 avg300=0.00 total=3',
      'cat /proc/pressure/{cpu,memory}',
    );
    const looped = pressureParser.parse(
      '/proc/pressure/memory\nsome avg10=9.00 avg60=0.00 avg300=0.00 total=1\nfull avg10=8.00 avg60=0.00 avg300=0.00 total=1',
      'for f in /proc/pressure/*; do echo $f; cat $f; done',
    );
    const cgroup = pressureParser.parse(
      'some avg10=12.00 avg60=0.00 avg300=0.00 total=1\nfull avg10=11.00 avg60=0.00 avg300=0.00 total=1',
      'cat /sys/fs/cgroup/system.slice/app.service/memory.pressure',
    );

    expect(braces.ok && braces.data.memory?.full?.avg10).toBe(7);
    expect(looped.ok && looped.data.memory?.some?.avg10).toBe(9);
    expect(cgroup.ok && cgroup.data).toMatchObject({
      memory: { some: { avg10: 12 } },
      cgroup: '/sys/fs/cgroup/system.slice/app.service',
    });
  });

  it('reads CRLF, collapsed lines and skips a line cut short', () => {
    const crlf = parseFixture('debian12-grep.txt', (t) => t.replace(/\n/g, '\r\n'));
    const collapsed = parseFixture('debian12-grep.txt', (t) => t.replace(/\n/g, ' '));
    const cut = parseFixture('debian12-cpu.txt', (t) =>
      t.replace(/full.*$/m, 'full avg10=0.00 avg60=0.00 avg3'),
    );

    expect(crlf.io?.some?.avg10).toBe(0.06);
    expect(collapsed.memory).toEqual({ some: zero, full: zero });
    expect(cut.cpu?.full).toBeUndefined();
    expect(cut.cpu?.some?.avg10).toBe(39.33);
  });

  it('fails on empty text and garbage', () => {
    for (const text of [
      '',
      'cat: /proc/pressure/memory: No such file or directory',
      'some avg10=x',
    ]) {
      expect(pressureParser.parse(text, 'cat /proc/pressure/memory').ok, text).toBe(false);
    }
  });

  it('matches commands that read pressure files and recognises their lines', () => {
    expect(pressureParser.matchCommand('cat /proc/pressure/memory')).toBe(true);
    expect(pressureParser.matchCommand('grep . /proc/pressure/*')).toBe(true);
    expect(pressureParser.matchCommand('cat /sys/fs/cgroup/memory.pressure')).toBe(true);
    expect(pressureParser.matchCommand('cat /proc/meminfo')).toBe(false);
    expect(pressureParser.banner?.test('some avg10=0.00 avg60=0.00 avg300=0.00 total=0')).toBe(
      true,
    );
    expect(
      pressureParser.banner?.test(
        '/proc/pressure/io:full avg10=0.00 avg60=0.00 avg300=0.06 total=1',
      ),
    ).toBe(true);
  });

  it('never throws, whatever the text', () => {
    const fragments = fc.constantFrom(
      'some avg10=0.00 avg60=0.00 avg300=0.00 total=0',
      'full avg10=1.00 avg60=0.00 avg300=0.00 total=1',
      '/proc/pressure/io:',
      '/proc/pressure/irq',
      '\n',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fragments, fc.string()), { maxLength: 30 }),
        fc.option(
          fc.constantFrom(
            'cat /proc/pressure/*',
            'cat /proc/pressure/{cpu,io}',
            'cat /sys/fs/cgroup/a/*.pressure',
          ),
        ),
        (parts, command) => {
          const result = pressureParser.parse(parts.join(''), command);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
    );
  });

  it('stays linear on long lines', () => {
    expect(() =>
      pressureParser.parse(` ${'/cpu'.repeat(50_000)}: some avg10=`, null),
    ).not.toThrow();
    expect(() =>
      pressureParser.parse(
        'some avg10=1 avg60=1 avg300=1 total=1 '.repeat(5000),
        'cat /proc/pressure/*',
      ),
    ).not.toThrow();
    expect(() => pressureParser.banner?.test(`${'cpu'.repeat(50_000)}:`)).not.toThrow();

    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
  });
});
