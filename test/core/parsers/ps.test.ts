import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockSeconds, type ProcessTable, psParser } from '../../../functions/core/parsers/ps.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseFixture = (name: string): ProcessTable => {
  const { command, text } = loadBlockFixture(`captures/ps/${name}.txt`);
  const result = psParser.parse(text, command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

const byPid = (data: ProcessTable, pid: number) => data.rows.find((r) => r.pid === pid);

describe('psParser', () => {
  it('reads the capture script’s listing, comm with spaces in the middle and args last', () => {
    // Act
    const data = parseFixture('debian12-eo-capture-script');

    // Assess
    expect(data.columns.map((c) => c.field)).toEqual([
      'pid',
      'ppid',
      'user',
      'elapsedSeconds',
      'threads',
      'cpuPercent',
      'memPercent',
      'rssKiB',
      'vszKiB',
      'state',
      'comm',
      'args',
    ]);
    expect(data.rows).toHaveLength(15);
    expect(byPid(data, 8304)).toEqual({
      pid: 8304,
      ppid: 1,
      user: 'root',
      elapsedSeconds: 400,
      threads: 8,
      cpuPercent: 62.9,
      memPercent: 0.5,
      rssKiB: 129144,
      vszKiB: 1076232,
      state: 'Rl',
      comm: 'node',
      args: 'node --cpu-prof --cpu-prof-dir=/tmp/gen/prof --cpu-prof-interval 50 busy.js',
    });
    expect(byPid(data, 8493)).toMatchObject({
      comm: 'my (odd) worker',
      args: '/root/.pyenv/versions/3.11.7/bin/python3 odd.py',
      elapsedSeconds: 369,
    });
    expect(byPid(data, 14540)).toMatchObject({
      state: 'Z',
      comm: 'npm exec tsc --',
      args: '[npm exec tsc --] <defunct>',
    });
    expect(byPid(data, 7184)).toMatchObject({
      comm: 'kworker/0:2-vir',
      args: '[kworker/0:2-virtio_vsock]',
    });
  });

  it('splits comm from args the same way when spaces were collapsed and lines end in CRLF', () => {
    const aligned = parseFixture('debian12-eo-capture-script');
    const collapsed = parseFixture('debian12-eo-collapsed-crlf');

    expect(collapsed.rows).toEqual(aligned.rows);
  });

  it('reads ps aux: TIME as CPU seconds, START as printed, the command line last', () => {
    const data = parseFixture('debian12-aux');

    expect(data.rows).toHaveLength(16);
    expect(byPid(data, 8304)).toEqual({
      user: 'root',
      pid: 8304,
      cpuPercent: 62.9,
      memPercent: 0.5,
      vszKiB: 1076232,
      rssKiB: 129148,
      tty: '?',
      state: 'Rl',
      started: '20:40',
      cpuTimeSeconds: 252,
      args: 'node --cpu-prof --cpu-prof-dir=/tmp/gen/prof --cpu-prof-interval 50 busy.js',
    });
    expect(byPid(data, 6)?.args).toBe('[kworker/R-kvfree_rcu_reclaim]');
    expect(data.rows.at(-1)?.args).toBe('ps aux');
    expect(data.threads).toBe(false);
  });

  it('reads ps -ef, whose CMD is the command line', () => {
    const data = parseFixture('debian12-ef');

    expect(byPid(data, 8493)).toEqual({
      user: 'root',
      pid: 8493,
      ppid: 1,
      other: { C: '53' },
      started: '20:40',
      tty: '?',
      cpuTimeSeconds: 199,
      args: '/root/.pyenv/versions/3.11.7/bin/python3 odd.py',
    });
  });

  it('reads thread listings: -eLf with LWP and NLWP, -eT with thread names', () => {
    const eLf = parseFixture('debian12-eLf-threads');
    const eT = parseFixture('debian12-eT-threads');

    expect(eLf.threads).toBe(true);
    expect(eLf.rows).toHaveLength(10);
    expect(eLf.rows.find((r) => r.tid === 8312)).toMatchObject({
      pid: 8304,
      threads: 8,
      cpuTimeSeconds: 36,
    });
    expect(eT.threads).toBe(true);
    expect(eT.rows.map((r) => [r.tid, r.comm])).toContainEqual([8312, 'v8:ProfEvntProc']);
    expect(eT.rows.map((r) => [r.tid, r.comm])).toContainEqual([8535, 'C2 CompilerThre']);
    expect(eT.rows.map((r) => [r.tid, r.comm])).toContainEqual([8493, 'my (odd) worker']);
  });

  it('reads per-thread CPU with a JIT-like thread name that has a space', () => {
    const data = parseFixture('debian12-threads-comm-spaces');

    expect(data.rows).toEqual([
      { pid: 8493, tid: 8493, cpuPercent: 51.1, comm: 'my (odd) worker' },
      { pid: 8493, tid: 8535, cpuPercent: 51.1, comm: 'C2 CompilerThre' },
    ]);
  });

  it('reads ps -o pid,rss,etimes,comm -p: process age in seconds', () => {
    const data = parseFixture('debian12-o-pid-rss-etimes');

    expect(data.rows).toEqual([
      { pid: 8304, rssKiB: 129160, elapsedSeconds: 400, comm: 'node' },
      { pid: 8493, rssKiB: 13680, elapsedSeconds: 369, comm: 'my (odd) worker' },
    ]);
  });

  it('converts etime to seconds and keeps lstart’s five words together', () => {
    const data = parseFixture('debian12-etime-lstart');

    expect(data.rows[0]).toEqual({
      pid: 8304,
      elapsedSeconds: 401,
      started: 'Sun Nov 22 20:40:18 2026',
      comm: 'node',
      args: 'node --cpu-prof --cpu-prof-dir=/tmp/gen/prof --cpu-prof-interval 50 busy.js',
    });
    expect(data.rows[1]).toMatchObject({ elapsedSeconds: 370, comm: 'my (odd) worker' });
  });

  it('reads a CentOS 7 listing with days in etime, pasted without its command', () => {
    const data = parseFixture('centos7-etime-comm-args');

    expect(data.rows).toHaveLength(22);
    expect(data.rows[0]).toEqual({
      elapsedSeconds: 51 * 86_400 + 21 * 3600 + 5 * 60 + 51,
      pid: 1,
      ppid: 0,
      state: 'S',
      comm: 'systemd',
      args: '/usr/lib/systemd/systemd --switched-root --system --deserialize 22',
    });
    expect(data.skippedLines).toBe(1); // the cut-off last line
  });

  it('reads ps aux whose wide PIDs push the columns out of line (openprescribing#5429)', () => {
    const data = parseFixture('ubuntu-aux-sort-mem-openprescribing');

    expect(data.rows).toHaveLength(3);
    expect(data.rows[0]).toMatchObject({
      user: 'postgres',
      pid: 4118181,
      memPercent: 20.4,
      vszKiB: 10810452,
      rssKiB: 6738292,
      state: 'Ss',
      started: 'Feb06',
      args: 'postgres: 16/main: checkpointer',
    });
    expect(byPid(data, 2036952)).toMatchObject({ cpuPercent: 10.2, cpuTimeSeconds: 128 * 60 + 32 });
    expect(data.skippedLines).toBe(1);
  });

  it('reads ps auxwww from a container (tubesync#103)', () => {
    const data = parseFixture('debian-docker-auxwww-tubesync');

    expect(data.rows).toHaveLength(13);
    expect(byPid(data, 461)).toMatchObject({
      user: 'app',
      cpuPercent: 29.3,
      rssKiB: 7713924,
      state: 'Ssl',
      cpuTimeSeconds: 783,
      args: '/usr/bin/python3 /app/manage.py process_tasks',
    });
    expect(byPid(data, 472)?.args).toBe('nginx: master process /usr/sbin/nginx');
  });

  it('reads a listing without header from the -o list of its command', () => {
    // Prepare: real output of the command on this machine.
    const text = ' 8304 183560    813 node\n19245 13684     170 my (odd) worker\n';

    const result = psParser.parse(text, 'ps -o pid=,rss=,etimes=,comm= -p 8304,19245');

    expect(result.ok && result.data.rows).toEqual([
      { pid: 8304, rssKiB: 183560, elapsedSeconds: 813, comm: 'node' },
      { pid: 19245, rssKiB: 13684, elapsedSeconds: 170, comm: 'my (odd) worker' },
    ]);
  });

  it('converts [[dd-]hh:]mm:ss and plain seconds', () => {
    expect(clockSeconds('1-02:03:04')).toBe(93_784);
    expect(clockSeconds('02:03:04')).toBe(7384);
    expect(clockSeconds('07:15')).toBe(435);
    expect(clockSeconds('231:24')).toBe(13_884);
    expect(clockSeconds('435')).toBe(435);
    expect(clockSeconds('abc')).toBeNaN();
    expect(clockSeconds('1:2:3:4')).toBeNaN();
  });

  it('says what it expected when the text is not a listing', () => {
    const outputs = [
      '',
      'error: unsupported option (BSD syntax)',
      '  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND',
      '  PID TTY          TIME CMD\n',
      'hello\nworld',
    ];
    for (const text of outputs) expect(psParser.parse(text, null).ok).toBe(false);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.option(fc.string()), (text, command) => {
        psParser.parse(text, command);
        psParser.parse(`  PID  PPID USER COMMAND COMMAND\n${text}`, command);
        psParser.parse(text, `ps -o ${text}`);
      }),
    );
  });

  it('reads huge listings and very long command lines in linear time', () => {
    // Prepare
    const header =
      '  PID  PPID USER     ELAPSED NLWP %CPU %MEM   RSS    VSZ STAT COMMAND         COMMAND\n';
    const long = ` 8304     1 root         400    8 62.9  0.5 129144 1076232 Rl  node            node ${'--x '.repeat(100_000)}\n`;
    const many =
      ' 8304     1 root         400    8 62.9  0.5 129144 1076232 Rl  node            node a.js\n'.repeat(
        10_000,
      );
    const command = 'ps -eo pid,ppid,user,etimes,nlwp,pcpu,pmem,rss,vsz,stat,comm,args';

    // Act
    const a = psParser.parse(header + long, command);
    const b = psParser.parse(header + many, command);
    const c = psParser.parse(
      `  PID COMMAND RSS\n 1 ${'x '.repeat(50_000)} 5`,
      'ps -o pid,args,rss',
    );

    // Assess
    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
    expect(a.ok && a.data.rows[0]?.comm).toBe('node');
    expect(b.ok && b.data.rows).toHaveLength(10_000);
    expect(c.ok && c.data.rows[0]?.rssKiB).toBe(5);
  });

  it('takes ps commands only', () => {
    for (const c of ['ps aux', 'ps -ef', 'ps -eo pid,comm --sort=-pcpu | head -30', 'ps']) {
      expect(psParser.matchCommand(c)).toBe(true);
    }
    for (const c of ['pstree -p', 'pidstat 1', 'top -b -n 1']) {
      expect(psParser.matchCommand(c)).toBe(false);
    }
  });

  it('recognises ps headers as its banner, but not top’s header or prose', () => {
    const banner = psParser.banner as RegExp;
    const headers = [
      'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND',
      'UID          PID    PPID  C STIME TTY          TIME CMD',
      'UID        PID  PPID   LWP  C NLWP STIME TTY          TIME CMD',
      '  PID  SPID TTY          TIME CMD',
      '  PID  PPID USER     ELAPSED NLWP %CPU %MEM   RSS    VSZ STAT COMMAND         COMMAND',
      'F S   UID     PID    PPID  C PRI  NI ADDR SZ WCHAN  TTY          TIME CMD',
      '  ELAPSED    PID   PPID S COMMAND         COMMAND',
      'PID   USER     TIME  COMMAND',
    ];
    for (const h of headers) expect(banner.test(h)).toBe(true);

    const others = [
      '  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND',
      'PID 2872 is spinning',
      '02:22:21 PM   UID       PID    %usr %system  %guest   %wait    %CPU   CPU  Command',
      'hello',
    ];
    for (const o of others) expect(banner.test(o)).toBe(false);
  });
});
