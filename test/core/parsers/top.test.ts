import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topParser, topTimeToSeconds } from '../../../functions/core/parsers/top.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parse = (path: string) => {
  const { command, text } = loadBlockFixture(`captures/top/${path}`);
  const result = topParser.parse(text, command);
  if (!result.ok) throw new Error(`${path}: ${result.error}`);
  return result.data;
};

describe('topParser', () => {
  it('reads every frame of top -n 2 in order, the last one being the measurement', () => {
    // Act
    const data = parse('procps-4.0.2-n2-c.txt');

    // Assess
    expect(data.frames.map((f) => f.time)).toEqual(['20:39:24', '20:39:25']);
    const [first, last] = data.frames;
    // The first frame covers the instant since top started: noise (50% steal on this host).
    expect(first?.cpu).toMatchObject({ us: 12.5, sy: 37.5, st: 50 });
    expect(last).toMatchObject({
      uptimeSeconds: 360,
      users: 0,
      load1: 2.02,
      load5: 0.75,
      load15: 0.27,
      threadsMode: false,
      tasks: { total: 84, running: 7, sleeping: 77, stopped: 0, zombie: 0 },
      cpu: { us: 30.3, sy: 46.6, ni: 0.4, id: 0, wa: 0, hi: 0, si: 0.4, st: 22.3 },
      cpuSource: 'summary',
      memory: { totalKiB: 24683622, freeKiB: 23008051, usedKiB: 1299354, buffCacheKiB: 618701 },
      swap: { totalKiB: 0, freeKiB: 0, usedKiB: 0 },
    });
    expect(last?.memory?.availableKiB).toBe(23384269);
  });

  it('reads -c command lines with their spaces and scaled RES', () => {
    const last = parse('procps-4.0.2-n2-c.txt').frames[1];

    expect(last?.processes).toHaveLength(12);
    expect(last?.processes[0]).toEqual({
      pid: 6984,
      user: 'root',
      priority: '20',
      nice: 0,
      virtKiB: 1552568,
      resKiB: 1363149,
      shrKiB: 6724,
      state: 'R',
      cpuPercent: 58.4,
      memPercent: 5.3,
      cpuTimeSeconds: 2.25,
      command:
        '/root/.pyenv/versions/3.11.7/bin/python3 -c b=bytearray(1500*1024*1024); import time; time.sleep(90)',
    });
    expect(last?.processes[5]?.command).toBe(
      'dd if=/dev/zero of=/tmp/gen/big bs=1M count=300 oflag=direct status=none',
    );
    expect(last?.processes.at(-1)?.command).toBe('[kworker/R-sync_wq]');
  });

  it('reads top -H: a Threads line, thread names in COMMAND, threadsMode set', () => {
    const data = parse('procps-4.0.2-threads.txt');

    expect(data.threadsMode).toBe(true);
    const last = data.frames[1];
    expect(last?.threadsMode).toBe(true);
    expect(last?.tasks).toEqual({ total: 6, running: 3, sleeping: 3, stopped: 0, zombie: 0 });
    expect(last?.processes.map((t) => [t.pid, t.command, t.cpuPercent])).toEqual([
      [6981, 'java', 56.4],
      [7068, 'C2 Compil+', 29.7],
      [7069, 'C1 Compil+', 15.8],
      [7070, 'GC Thread+', 7.9],
      [7071, 'http-nio-+', 2],
      [7072, 'http-nio-+', 1],
    ]);
  });

  it('keeps full thread names with spaces when top runs with -w', () => {
    const frame = parse('procps-4.0.2-threads-w512.txt').frames[0];

    expect(frame?.processes[1]).toMatchObject({
      pid: 7068,
      command: 'C2 CompilerThre',
      cpuPercent: 50,
    });
    expect(frame?.processes[3]?.command).toBe('GC Thread#0');
  });

  it('sets threadsMode from -H in the command even without a Threads line', () => {
    const text =
      'top - 10:00:00 up 1 min,  1 user,  load average: 0.00, 0.00, 0.00\n  PID USER %CPU COMMAND\n  7 app 99.0 C2 CompilerThre\n';

    const result = topParser.parse(text, 'top -b -H -p 7');

    expect(result.ok && result.data.threadsMode).toBe(true);
    expect(result.ok && result.data.frames[0]?.processes[0]?.command).toBe('C2 CompilerThre');
  });

  it('reads a custom field order: per-CPU lines, GiB summary, nTH and P before COMMAND, PPID after it', () => {
    const [first, last] = parse('procps-4.0.2-custom-fields.txt').frames;

    expect(first?.columns).toEqual([
      'PID',
      'USER',
      'PR',
      'NI',
      'VIRT',
      'RES',
      'SHR',
      'S',
      '%CPU',
      '%MEM',
      'TIME+',
      'nTH',
      'P',
      'COMMAND',
      'PPID',
    ]);
    expect(first?.perCpu).toEqual([
      { cpu: 0, us: 0, sy: 0, ni: 0, id: 100, wa: 0, hi: 0, si: 0, st: 0 },
      { cpu: 1, us: 0, sy: 100, ni: 0, id: 0, wa: 0, hi: 0, si: 0, st: 0 },
    ]);
    expect(first?.cpuSource).toBe('per-cpu-mean');
    expect(first?.cpu).toMatchObject({ us: 0, sy: 50, id: 50 });
    expect(first?.memory).toMatchObject({ totalKiB: 24641536, availableKiB: 22754099 });
    expect(first?.processes[2]).toMatchObject({
      pid: 6981,
      threads: 6,
      lastCpu: 0,
      ppid: 6979,
      virtKiB: 385331,
      resKiB: 13722,
      command: '/root/.pyenv/versions/3.11.7/bin/python3 spin.py 90',
    });
    expect(last?.cpu).toMatchObject({ us: 48.7, sy: 44, ni: 4.8, st: 2.6 });
  });

  it('reads a KiB summary with task memory scaled to g', () => {
    const frame = parse('procps-4.0.2-kib-summary-g-tasks.txt').frames[0];

    expect(frame?.memory).toEqual({
      totalKiB: 24683656,
      freeKiB: 22245260,
      usedKiB: 2000632,
      buffCacheKiB: 683040,
      availableKiB: 22683024,
    });
    expect(frame?.processes[0]).toMatchObject({
      pid: 6984,
      virtKiB: 1572864,
      resKiB: 1572864,
      shrKiB: 0,
    });
  });

  it('reads seed 000: collapsed white space and the header glued to the swap line', () => {
    const frame = parse('seed-000-collapsed.txt').frames[0];

    expect(frame).toMatchObject({
      time: '02:22:21',
      uptimeSeconds: 4 * 3600 + 50 * 60,
      users: 2,
      load1: 2.95,
      cpu: { us: 58.4, sy: 37.1, ni: 0, id: 3.5, wa: 0, hi: 0, si: 1, st: 0 },
      memory: { totalKiB: 3903590, availableKiB: 2088038 },
    });
    expect(frame?.processes).toHaveLength(6);
    expect(frame?.processes[0]).toMatchObject({
      pid: 2872,
      user: 'webapp',
      virtKiB: 10210918,
      resKiB: 507080,
      state: 'R',
      cpuPercent: 102.3,
      cpuTimeSeconds: 231 * 60 + 24.5,
      command: 'node-20',
    });
  });

  it('reads procps 3.3.9 (Netflix): KiB Mem: layout, values cut with +, t-scaled memory, integer %CPU', () => {
    const frame = parse('procps-3.3.9-netflix.txt').frames[0];

    // `25190241+total` is only the first digits of the total: left out rather than guessed.
    expect(frame?.memory).toEqual({ usedKiB: 24921688, buffersKiB: 60448, cachedKiB: 554208 });
    expect(frame?.tasks?.zombie).toBe(2);
    expect(frame?.processes[0]).toMatchObject({
      pid: 20248,
      virtKiB: Math.round(0.227 * 1024 ** 3),
      resKiB: Math.round(0.012 * 1024 ** 3),
      cpuPercent: 3090,
      cpuTimeSeconds: 29812 * 60 + 58,
      command: 'java',
    });
    expect(frame?.processes[2]?.user).toBe('titancl+');
  });

  it('reads procps 3.3.9 top -H from a Java service (corretto-8#202)', () => {
    const data = parse('procps-3.3.9-threads-corretto.txt');

    expect(data.threadsMode).toBe(true);
    expect(data.frames[0]?.tasks?.total).toBe(7123);
    expect(data.frames[0]?.processes.map((t) => t.command)).toEqual([
      'pool-5-thread-3',
      'pool-5-thread-1',
      'pool-5-thread-5',
      'pool-5-thread-9',
      'pool-5-thread-2',
    ]);
    expect(data.frames[0]?.processes[0]?.resKiB).toBe(Math.round(0.021 * 1024 ** 3));
  });

  it('reads procps 3.3.12 KiB Mem : with buff/cache, ignoring the author’s ...', () => {
    const frame = parse('procps-3.3.12-kib-jdxj.txt').frames[0];

    expect(frame?.uptimeSeconds).toBe(9 * 86400 + 22 * 3600 + 47 * 60);
    expect(frame?.memory).toEqual({
      totalKiB: 8169348,
      freeKiB: 5606884,
      usedKiB: 334640,
      buffCacheKiB: 2227824,
      availableKiB: 7497908,
    });
    expect(frame?.processes.map((t) => t.pid)).toEqual([1, 2, 4]);
  });

  it('reads procps 3.2.8 summary lines: Cpu(s) with %us, Mem: with k units', () => {
    const frame = parse('procps-3.2.8-summary-only.txt').frames[0];

    expect(frame?.cpu).toEqual({ us: 99.8, sy: 0.1, ni: 0, id: 0.2, wa: 0, hi: 0, si: 0, st: 0 });
    expect(frame?.memory).toEqual({
      totalKiB: 4147888,
      usedKiB: 2493092,
      freeKiB: 1654796,
      buffersKiB: 158188,
      cachedKiB: 2013180,
    });
    expect(frame?.swap).toEqual({ totalKiB: 5144568, usedKiB: 56, freeKiB: 5144512 });
    expect(frame?.processes).toEqual([]);
  });

  it('reads the Cpu(s) line of procps 3.2.x that puts a space after %', () => {
    const text = 'Cpu(s):  0.2% us,  0.2% sy,  0.0% ni, 86.9% id, 12.6% wa,  0.0% hi,  0.0% si\n';

    const result = topParser.parse(text, 'top');

    expect(result.ok && result.data.frames[0]?.cpu).toEqual({
      us: 0.2,
      sy: 0.2,
      ni: 0,
      id: 86.9,
      wa: 12.6,
      hi: 0,
      si: 0,
    });
  });

  it('reads large TIME+ values, 7-digit PIDs and g-scaled RES', () => {
    const frame = parse('procps-4-mib-large-times-altherneum.txt').frames[0];

    expect(frame?.uptimeSeconds).toBe(275 * 86400 + 15 * 3600 + 56 * 60);
    expect(frame?.cpu?.st).toBe(17);
    expect(frame?.processes[0]).toMatchObject({
      pid: 1034495,
      user: 'minecra+',
      nice: 5,
      resKiB: 1153434,
    });
    expect(frame?.processes[3]).toMatchObject({
      command: 'mysqld',
      cpuTimeSeconds: 13756 * 60 + 51,
    });
  });

  it('reads decimal commas of a localized top', () => {
    const frame = parse('procps-3.3.x-decimal-comma-alessio.txt').frames[0];

    expect(frame?.load1).toBe(0);
    expect(frame?.cpu).toEqual({ us: 2.3, sy: 9.3, ni: 0, id: 83.7, wa: 0, hi: 4.7, si: 0, st: 0 });
    expect(frame?.memory).toMatchObject({
      totalKiB: Math.round(735.4 * 1024),
      availableKiB: Math.round(211.1 * 1024),
    });
    expect(frame?.swap?.usedKiB).toBe(Math.round(148.3 * 1024));
    expect(frame?.processes[0]).toMatchObject({
      pid: 3986,
      cpuPercent: 11.1,
      memPercent: 0.5,
      command: 'top',
    });
  });

  it('reads the same numbers from CRLF, collapsed and cut-off copies', () => {
    const threads = parse('procps-4.0.2-threads.txt');
    const crlf = parse('mangled-crlf-threads.txt');
    const netflix = parse('procps-3.3.9-netflix.txt');
    const collapsed = parse('mangled-collapsed-netflix.txt');
    const cut = parse('mangled-cutoff-n2-c.txt');

    expect(crlf).toEqual(threads);
    expect(collapsed.frames[0]?.processes).toEqual(netflix.frames[0]?.processes);
    expect(collapsed.frames[0]?.cpu).toEqual(netflix.frames[0]?.cpu);
    // The half row is dropped, the eleven whole rows before it are kept.
    expect(cut.frames[1]?.processes).toHaveLength(11);
    expect(cut.frames[1]?.processes.at(-1)?.pid).toBe(4);
  });

  it('converts every TIME+ format top uses to seconds', () => {
    expect(topTimeToSeconds('0:02.25')).toBe(2.25);
    expect(topTimeToSeconds('231:24.50')).toBe(13884.5);
    expect(topTimeToSeconds('29812:58')).toBe(1788778);
    expect(topTimeToSeconds('123,45')).toBe(123 * 3600 + 45 * 60);
    expect(topTimeToSeconds('12d+03h')).toBe(12 * 86400 + 3 * 3600);
    expect(topTimeToSeconds('45d')).toBe(45 * 86400);
    expect(topTimeToSeconds('3w')).toBe(3 * 604800);
    expect(topTimeToSeconds('-')).toBeUndefined();
  });

  it('matches top commands and its banner', () => {
    expect(topParser.matchCommand('top -b -n 2 -d 1 -w 512 -c')).toBe(true);
    expect(topParser.matchCommand('top -b -H -n 2 -d 1 -p 2872')).toBe(true);
    expect(topParser.matchCommand('topdog')).toBe(false);
    expect(
      topParser.banner?.test('top - 02:22:21 up 4:50, 2 users, load average: 2.95, 2.78, 2.70'),
    ).toBe(true);
  });

  it('says what it expected when the text is not top output', () => {
    expect(topParser.parse('', null)).toEqual({ ok: false, error: expect.any(String) });
    expect(topParser.parse('bash: top: command not found', 'top -b').ok).toBe(false);
    expect(
      topParser.parse(loadBlockFixture('captures/vmstat/procps-4.0.2-plain.txt').text, null).ok,
    ).toBe(false);
  });

  it('never throws, whatever the text', () => {
    const fixture = loadBlockFixture('captures/top/procps-4.0.2-custom-fields.txt').text;
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.nat(fixture.length), (noise, cut) => {
        topParser.parse(noise, null);
        topParser.parse(fixture.slice(0, cut) + noise + fixture.slice(cut), 'top -H');
      }),
    );
  });

  it('reads a header cell named like an Object method as an unknown column (fast-check found it)', () => {
    // Prepare: a custom field order whose header holds `valueOf` (seed 1043424314).
    const text = '  PID valueOf %CPU COMMAND\n 4242 2749 99.0 spin';

    // Act
    const result = topParser.parse(text, null);

    // Assess
    expect(result.ok && result.data.frames[0]?.processes[0]).toMatchObject({
      pid: 4242,
      cpuPercent: 99,
      other: { valueOf: '2749' },
    });
  });

  it('never throws on pasted tables: headers, toybox brackets, rows and tree glyphs mixed', () => {
    const fragments = fc.constantFrom(
      '  TID USER PR NI VIRT RES SHR S[%CPU] %MEM TIME+ THREAD PROCESS',
      'PID USER PR NI VIRT RES SHR S %CPU %MEM TIME+ COMMAND',
      '22614 tomek 20 0 1360m 734m 31m S 6 24.3 7:36.59 java',
      ' 1650 mysql 20 0 6998M 332M 18140 S 217. 0.5 21:19.63 ├─ /usr/sbin/mysqld',
      'Threads: 126 total,   3 running',
      '[',
      ']',
      '│  ├─',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 30 }), (parts) => {
        const result = topParser.parse(parts.join('\n'), null);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });

  it('stays linear on long pasted headers and rows', () => {
    expect(() => topParser.parse(` PID ${'%CPU '.repeat(100_000)}`, null)).not.toThrow();
    expect(() => topParser.banner?.test(` PID ${'%CPU PR '.repeat(100_000)}`)).not.toThrow();
    expect(() =>
      topParser.parse(`1 u 20 0 1 1 1 S 1 1 ${'1:0 '.repeat(100_000)}`, null),
    ).not.toThrow();
  });

  it('stays linear on long runs of digits', () => {
    expect(() =>
      topParser.parse(`Mem: ${'1'.repeat(200_000)}x\n%Cpu(s): ${'9'.repeat(200_000)} us\n`, null),
    ).not.toThrow();
    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
  });
});

describe('topParser on task tables pasted alone', () => {
  it('reads a table pasted without summary lines as processes when rows differ in memory', () => {
    // Act
    const data = parse('headerless-table-hhvm-zhangyachen.txt');

    // Assess
    expect(data.threadsMode).toBe(false);
    const [frame] = data.frames;
    expect(frame?.time).toBeNull();
    expect(frame?.processes.map((p) => [p.pid, p.cpuPercent])).toEqual([
      [2729, 47.3],
      [29603, 47.3],
      [24599, 35.4],
      [18143, 27.5],
      [21321, 21.8],
      [20704, 19.9],
    ]);
  });

  it('reads rows sharing VIRT, RES, SHR and command as threads of one process', () => {
    const { text } = loadBlockFixture('captures/top/headerless-threads-table-rdiyewar.txt');
    // The fixture's first line is prose: the table starts at its header, as the reader splits it.
    const table = text.split('\n').slice(1).join('\n');

    const result = topParser.parse(table, null);

    expect(result.ok && result.data.threadsMode).toBe(true);
    expect(result.ok && result.data.frames[0]?.processes[0]).toMatchObject({
      pid: 31253,
      cpuPercent: 37,
    });
  });

  it('calls alike rows threads only when their memory adds up to more than the host has', () => {
    // Prepare: two rows at 53.2% each are 106.4%: no two processes can hold that.
    const header = 'PID USER PR NI VIRT RES SHR S %CPU %MEM TIME+ COMMAND';
    const row = (pid: number, mem: string) =>
      `${pid} user1 16 0 2112m 2.1g 1764 R 37.0 ${mem} 0:39.89 java`;

    // Act
    const over = topParser.parse([header, row(31253, '53.2'), row(31249, '53.2')].join('\n'), null);
    const atAll = topParser.parse(
      [header, row(31253, '50.0'), row(31249, '50.0')].join('\n'),
      null,
    );

    // Assess
    expect(over.ok && over.data.threadsMode).toBe(true);
    expect(atAll.ok && atAll.data.threadsMode).toBe(false);
  });

  it('reads forked workers printed alike as processes (Geektime 05 php-fpm)', () => {
    // Act
    const { text } = loadBlockFixture(
      'captures/corpus/runaway-process/geektime-05-phpfpm-sqrt-loop-top.txt',
    );
    const result = topParser.parse(text, 'top');

    // Assess
    expect(result.ok && result.data.threadsMode).toBe(false);
    expect(result.ok && result.data.frames[0]?.processes).toHaveLength(5);
  });

  it('reads rows without any header in top default field order', () => {
    const data = parse('rows-only-grep-javacodegeeks.txt');

    expect(data.frames[0]?.processes).toEqual([
      {
        pid: 22614,
        user: 'tomek',
        priority: '20',
        nice: 0,
        virtKiB: 1360 * 1024,
        resKiB: 734 * 1024,
        shrKiB: 31 * 1024,
        state: 'S',
        cpuPercent: 6,
        memPercent: 24.3,
        cpuTimeSeconds: 456.59,
        command: 'java',
      },
    ]);
  });

  it('reads toybox top -H: TID, S[%CPU] glued, thread names with spaces, PROCESS kept', () => {
    const data = parse('toybox-threads-android-fujian26.txt');

    expect(data.threadsMode).toBe(true);
    const frame = data.frames[0];
    expect(frame?.memory?.totalKiB).toBe(7603288);
    expect(frame?.processes[1]).toMatchObject({
      pid: 24420,
      state: 'S',
      cpuPercent: 258,
      command: 'Runtime worker',
      other: { PROCESS: 'com.hello.im' },
    });
  });

  it('drops the tree drawn before commands in forest views', () => {
    const data = parse('../htop/tree-rows-mysqld-olafvdspek.txt');

    expect(data.frames[0]?.processes[0]).toMatchObject({
      pid: 1650,
      cpuPercent: 217,
      command: '/usr/sbin/mysqld',
    });
    expect(data.frames[0]?.processes[1]?.command).toBe('/usr/sbin/mysqld');
  });

  it('recognises a table header or a default-order row as top, not a ps or htop header', () => {
    const banner = topParser.banner;

    expect(
      banner?.test('  PID USER      PR  NI  VIRT  RES  SHR S %CPU %MEM    TIME+  COMMAND'),
    ).toBe(true);
    expect(banner?.test('  TID USER PR NI VIRT RES SHR S[%CPU] %MEM TIME+ THREAD PROCESS')).toBe(
      true,
    );
    expect(banner?.test('Threads: 126 total,   3 running, 123 sleeping')).toBe(true);
    expect(banner?.test('22614 tomek     20   0 1360m 734m  31m S    6 24.3   7:36.59 java')).toBe(
      true,
    );
    expect(banner?.test('USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND')).toBe(false);
    expect(banner?.test('  PID USER PRI NI VIRT RES SHR S CPU% MEM% TIME+ Command')).toBe(false);
  });
});
