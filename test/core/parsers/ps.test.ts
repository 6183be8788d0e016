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

  describe('rows pasted without their header', () => {
    it('reads `ps aux | grep` rows in the BSD user layout the command names', () => {
      // Act
      const data = parseFixture('opentsdb-511-aux-grep-rows');

      // Assess
      expect(data.headerless).toBe(true);
      expect(data.columns.map((c) => c.label)).toEqual([
        'USER',
        'PID',
        '%CPU',
        '%MEM',
        'VSZ',
        'RSS',
        'TTY',
        'STAT',
        'START',
        'TIME',
        'COMMAND',
      ]);
      expect(byPid(data, 157272)).toEqual({
        user: 'opentsdb',
        pid: 157272,
        cpuPercent: 19.8,
        memPercent: 0,
        vszKiB: 19816804,
        rssKiB: 94612,
        tty: 'pts/0',
        state: 'Sl',
        started: '21:40',
        cpuTimeSeconds: 1,
        args: 'java -DLOG_FILE_PREFIX=...',
      });
      expect(byPid(data, 166305)?.args).toBe('/usr/local/jdk-8u20-64/bin/java -DLOG_FILE_PREFIX=');
    });

    it('reads `ps -ef | grep` rows as UID PID PPID C STIME TTY TIME CMD, skipping the elision', () => {
      // Act
      const data = parseFixture('dubbo-1879-ef-grep-java');

      // Assess
      expect(data.rows).toEqual([
        {
          user: 'afei',
          pid: 325,
          ppid: 1,
          other: { C: '0' },
          started: 'Apr11',
          tty: '?',
          cpuTimeSeconds: 11 * 3600 + 43 * 60 + 37,
          args: 'java ... ...',
        },
        {
          user: 'afei',
          pid: 1406,
          ppid: 1,
          other: { C: '0' },
          started: 'May18',
          tty: '?',
          cpuTimeSeconds: 2 * 3600 + 20 * 60 + 11,
          args: 'java ... ...',
        },
      ]);
      expect(data.skippedLines).toBe(1);
    });

    it('reads `ps -eLf | grep` rows as threads', () => {
      // Act
      const data = parseFixture('debian12-eLf-grep');

      // Assess
      expect(data.threads).toBe(true);
      expect(data.rows.map((r) => [r.pid, r.ppid, r.tid, r.threads])).toEqual([
        [13579, 13575, 13579, 7],
        [13579, 13575, 13582, 7],
        [13579, 13575, 13583, 7],
      ]);
    });

    it('strips `ps faux` tree glyphs from the command line', () => {
      // Act
      const data = parseFixture('debian12-faux-grep-tree');

      // Assess
      expect(data.rows.map((r) => r.args)).toEqual([
        'bash /dev/fd/3',
        'node grow.js',
        'ps faux',
        'grep -B1 grow.js',
      ]);
    });

    it('reads `ps -aux` as `ps aux`, as procps does', () => {
      // Prepare
      const row = 'root      1721 38.0  0.0  13940  3540 ?        D    21:52   0:10 openssl enc';

      // Act
      const result = psParser.parse(row, 'ps -aux | grep openssl');

      // Assess
      expect(result.ok && result.data.rows[0]).toMatchObject({
        pid: 1721,
        state: 'D',
        rssKiB: 3540,
      });
    });

    it('reads bare rows with no command only when they have the `aux` shape', () => {
      // Prepare
      const aux =
        'root      1720 21.5  0.0   5452  2288 ?        S    21:52   0:05 dd if=/dev/zero bs=1M';
      // The same row missing its state: neither header nor command says what the columns are.
      const noState =
        'root      1720 21.5  0.0   5452  2288 ?        21:52   0:05 dd if=/dev/zero bs=1M';
      // Half the lines prose: not a listing.
      const mostlyProse = `${aux}\nthis is what I saw\nand then it hung`;

      // Act
      const read = psParser.parse(aux, null);

      // Assess
      expect(read.ok && read.data.rows[0]).toMatchObject({
        pid: 1720,
        state: 'S',
        args: 'dd if=/dev/zero bs=1M',
      });
      expect(psParser.parse(noState, null).ok).toBe(false);
      expect(psParser.parse(mostlyProse, null).ok).toBe(false);
      expect(psParser.parse(`${aux}\n${aux}\nthis is what I saw`, null).ok).toBe(true);
    });

    it('does not guess a layout the options leave open (`ps l`, `ps -F`, mixed sets)', () => {
      const row = 'root      1720 21.5  0.0   5452  2288 ?        S    21:52   0:05 dd';
      for (const command of ['ps l', 'ps -eF', 'ps -ej', 'ps aux -L']) {
        expect(psParser.parse(row, command).ok).toBe(false);
      }
    });

    it('times each sample by the date line above it', () => {
      // Act
      const data = parseFixture('debian12-aux-grep-dated-series');

      // Assess
      const node = data.rows.filter((r) => r.pid === 13579);
      expect(node.map((r) => [r.at, r.rssKiB])).toEqual([
        ['2026-12-07T04:15:31Z', 56780],
        ['2026-12-07T04:15:36Z', 138928],
        ['2026-12-07T04:15:41Z', 220872],
      ]);
    });

    it('times rows by a date printed before each, and keeps reading a repeated dated header', () => {
      // Prepare: the open-vm-tools #452 reporter's samples (date, then the ps line).
      const dated = [
        'Thu Jul 30 15:58:53 UTC 2020 root 5494 0.0 12.8 1137912 1050980 ? Sl May06 107:20 /usr/local/bin/vmtoolsd',
        'Thu Jul 30 16:13:53 UTC 2020 root 5494 0.0 12.8 1138008 1051112 ? Sl May06 107:21 /usr/local/bin/vmtoolsd',
      ].join('\n');
      const header = 'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND';
      const row = 'root       13579  3.5  0.2 744624 56780 ?        Sl   04:15   0:00 node grow.js';
      const twice = [
        'Mon Dec  7 04:15:31 UTC 2026',
        header,
        row,
        'Mon Dec  7 04:15:36 UTC 2026',
        header,
        row,
      ].join('\n');
      const undated = [header, row, header, row].join('\n');

      // Act
      const a = psParser.parse(dated, null);
      const b = psParser.parse(twice, 'ps aux');
      const c = psParser.parse(undated, 'ps aux');

      // Assess
      expect(a.ok && a.data.rows.map((r) => [r.at, r.rssKiB, r.user])).toEqual([
        ['2020-07-30T15:58:53Z', 1050980, 'root'],
        ['2020-07-30T16:13:53Z', 1051112, 'root'],
      ]);
      expect(b.ok && b.data.rows.map((r) => r.at)).toEqual([
        '2026-12-07T04:15:31Z',
        '2026-12-07T04:15:36Z',
      ]);
      // Without dates, a second header still ends the listing.
      expect(c.ok && c.data.rows).toHaveLength(1);
    });

    it('recognises a bare `aux` row, dated or not, as its banner', () => {
      const banner = psParser.banner as RegExp;
      expect(
        banner.test('root      1721 38.0  0.0  13940  3540 ?        D    21:52   0:10 openssl enc'),
      ).toBe(true);
      expect(
        banner.test(
          'Thu Jul 30 15:58:53 UTC 2020 root 5494 0.0 12.8 1137912 1050980 ? Sl May06 107:20 /usr/local/bin/vmtoolsd',
        ),
      ).toBe(true);
      // top's process row: pid first, then the user.
      expect(banner.test(' 2872 root      20   0 4.5g 1.2g  22m S 99.7 31.0 81:12.34 java')).toBe(
        false,
      );
      // pidstat's row.
      expect(
        banner.test('10:00:01 AM  1000  2872   97.00    1.00    0.00    0.00   98.00     1  java'),
      ).toBe(false);
    });

    it('never throws on rows, dates and glyphs in any order', () => {
      const pieces = fc.constantFrom(
        'root      1721 38.0  0.0  13940  3540 ?        D    21:52   0:10 openssl enc',
        'Mon Oct  5 10:00:01 UTC 2020',
        'Thu Jul 30 15:58:53 UTC 2020 root 5494 0.0 12.8 1137912 1050980 ? Sl May06 107:20 x',
        'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND',
        'root  2 0.0 0.0 0 0 ? S Jun14 0:00  \\_ [kworker/0:1]',
        '|   \\_ ',
        '2020-07-30 15:58:53',
        '',
      );
      fc.assert(
        fc.property(
          fc.array(fc.oneof(pieces, fc.string({ maxLength: 40 })), { maxLength: 12 }),
          fc.constantFrom(null, 'ps aux', 'ps -ef', 'ps -eLf', 'ps faux | grep x', 'ps -aux'),
          (parts, command) => {
            const result = psParser.parse(parts.join('\n'), command);
            if (result.ok) expect(result.data.rows.length).toBeGreaterThan(0);
          },
        ),
      );
    });
  });
});
