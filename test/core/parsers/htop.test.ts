import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htopParser } from '../../../functions/core/parsers/htop.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parse = (path: string) => {
  const { command, text } = loadBlockFixture(`captures/htop/${path}`);
  const result = htopParser.parse(text, command);
  if (!result.ok) throw new Error(`${path}: ${result.error}`);
  return result.data;
};

describe('htopParser', () => {
  it('reads the meters of a 2-vCPU instance under stress: both CPUs busy, memory, tasks, load', () => {
    // Act
    const data = parse('meters-stress-2cpu-cld-labo.txt');

    // Assess
    expect(data.cpus).toEqual([
      { label: '0', busyPercent: 100 },
      { label: '1', busyPercent: 100 },
    ]);
    expect(data.memory).toEqual({ usedKiB: 264 * 1024, totalKiB: 951 * 1024 });
    expect(data.swap).toEqual({ usedKiB: 1024, totalKiB: 635 * 1024 });
    expect(data.tasks).toEqual({ processes: 36, threads: 409, running: 2 });
    expect([data.load1, data.load5, data.load15]).toEqual([0.72, 0.19, 0.06]);
    expect(data.uptimeSeconds).toBe(35 * 60 + 30);
    expect(data.processes).toEqual([]);
  });

  it('reads the same host idle, under a `$ htop` prompt', () => {
    const data = parse('meters-idle-2cpu-cld-labo.txt');

    expect(data.cpus.map((c) => c.busyPercent)).toEqual([0.4, 0]);
    expect(data.tasks?.running).toBe(1);
  });

  it('maps htop column names to top names so rows read like top rows', () => {
    const text = [
      '  PID USER      PRI  NI  VIRT   RES   SHR S CPU% MEM%   TIME+  Command',
      '13073 root       20   0 1189M  419M  9752 R 93.4 22.8  0:26.93 node /root/blog/next build',
    ].join('\n');

    const result = htopParser.parse(text, 'htop');

    expect(result.ok && result.data.columns).toContain('%CPU');
    expect(result.ok && result.data.processes[0]).toMatchObject({
      pid: 13073,
      cpuPercent: 93.4,
      resKiB: 419 * 1024,
      command: 'node /root/blog/next build',
    });
  });

  it('says what is missing when the text has no meter or table', () => {
    expect(htopParser.parse('Tasks: 3, 1 thr; 1 running', null)).toEqual({
      ok: false,
      error: expect.stringContaining('no htop meter'),
    });
  });

  it('is recognised by its meters and its header, not by top or ps headers', () => {
    expect(htopParser.banner?.test('  0[||||||100.0%]   Tasks: 36, 409 thr; 2 running')).toBe(true);
    expect(htopParser.banner?.test('Mem[|||||264M/951M]   Uptime: 00:35:30')).toBe(true);
    expect(
      htopParser.banner?.test('  PID USER PRI NI VIRT RES SHR S CPU% MEM% TIME+ Command'),
    ).toBe(true);
    expect(htopParser.banner?.test('  PID USER PR NI VIRT RES SHR S %CPU %MEM TIME+ COMMAND')).toBe(
      false,
    );
  });

  it('never throws, whatever the text', () => {
    const fragments = fc.constantFrom(
      '  0[||||100.0%]',
      'Mem[|||264M/951M]',
      'Swp[ 0K/0K]',
      'Tasks: 1, 2 thr, 3 kthr; 4 running',
      'Load average: 1.0 2.0 3.0',
      'Uptime: 9 days(!), 01:02:03',
      '  PID USER PRI NI VIRT RES SHR S CPU% MEM% TIME+ Command',
      '1 root 20 0 1M 1M 1M S 217. 0.5 0:00.01 x',
      '[',
      ']',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 30 }), (parts) => {
        const result = htopParser.parse(parts.join('\n'), null);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
