import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KernelLog, kernelLogParser } from '../../../functions/core/parsers/kernel-log.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseFixture = (name: string, mangle: (t: string) => string = (t) => t): KernelLog => {
  const { command, text } = loadBlockFixture(`captures/kernel-log/${name}`);
  const result = kernelLogParser.parse(mangle(text), command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

describe('kernelLogParser', () => {
  describe('OOM kills across kernel versions', () => {
    it('reads a 6.x global OOM: oom-kill:, Out of memory: Killed and oom_reaper make one event', () => {
      // Act
      const log = parseFixture('kernel-6.x-oom-kill-reaper.txt');

      // Assess
      expect(log.events).toEqual([
        {
          kind: 'oom-kill',
          line: 'Out of memory: Killed process 1811 (stress-ng) total-vm:43240kB, anon-rss:0kB, file-rss:64kB, shmem-rss:0kB, UID:1000 pgtables:104kB oom_score_adj:1000',
          time: '44178.537897',
          scope: 'system',
          pid: 1811,
          process: 'stress-ng',
          uid: 1000,
          memcg: '/user.slice/user-1000.slice/session-1.scope',
          totalVmKiB: 43_240,
          anonRssKiB: 0,
          fileRssKiB: 64,
          shmemRssKiB: 0,
          rssKiB: 64,
          oomScoreAdj: 1000,
        },
        expect.objectContaining({
          kind: 'oom-invoked',
          process: 'systemd-journal',
          gfpMask: '0x1100cca(GFP_HIGHUSER_MOVABLE)',
          order: 0,
          oomScoreAdj: -250,
        }),
      ]);
      expect(log.events[1]?.pid).toBeUndefined(); // its CPU line was cut off
    });

    it('reads dmesg -T on Debian 6.x and sums anon, file and shmem RSS', () => {
      const log = parseFixture('debian-6.x-dmesg-T-killed.txt');

      expect(log.events).toHaveLength(1);
      expect(log.events[0]).toMatchObject({
        kind: 'oom-kill',
        time: 'Fri Nov 21 14:22:56 2025',
        pid: 3_581_527,
        process: 'uwsgi',
        rssKiB: 263_092 + 29_128,
        uid: 33,
      });
    });

    it('takes the PID of the task that invoked the killer from the CPU line (6.16 prints UID too)', () => {
      expect(parseFixture('debian-6.16-dmesg-T-invoked.txt').events).toEqual([
        expect.objectContaining({
          kind: 'oom-invoked',
          time: 'Mon Dec  8 17:51:31 2025',
          process: 'postgres',
          pid: 1_073_875,
          gfpMask: '0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP)',
        }),
      ]);
      expect(parseFixture('ubuntu-4.4-aws-invoked-cut.txt').events).toEqual([
        expect.objectContaining({
          kind: 'oom-invoked',
          process: 'java',
          pid: 3436,
          gfpMask: '0x24201ca',
        }),
      ]);
    });

    it('reads Amazon Linux 2 (5.10) /var/log/messages, even with the first date lost', () => {
      const log = parseFixture('amzn2-5.10-messages-cut-date.txt');

      expect(log.events).toEqual([
        expect.objectContaining({
          kind: 'oom-invoked',
          process: 'sshd',
          pid: 5052,
          time: '10:44:23',
        }),
      ]);
      expect(log.lines).toBe(8);
    });

    it('merges the pre-5.0 "Kill process … score" and "Killed process" lines', () => {
      const log = parseFixture('ubuntu-3.x-kern-log.txt');

      expect(log.events).toEqual([
        {
          kind: 'oom-kill',
          line: 'Killed process 1312 (java) total-vm:2133696kB, anon-rss:256140kB, file-rss:0kB',
          time: 'Apr 15 20:56:15',
          pid: 1312,
          process: 'java',
          scope: 'system',
          score: 497,
          totalVmKiB: 2_133_696,
          anonRssKiB: 256_140,
          fileRssKiB: 0,
          rssKiB: 256_140,
        },
      ]);
    });

    it('names the child killed instead of the chosen process (2.6.32, no timestamps)', () => {
      const log = parseFixture('rhel6-2.6.32-sacrifice-child.txt');

      expect(log.events[0]).toMatchObject({
        kind: 'oom-kill',
        pid: 28_364,
        process: 'sh',
        selectedPid: 16_929,
        selectedProcess: 'beam.smp',
        score: 580,
        uid: 0,
        rssKiB: 184,
      });
      expect(log.events[1]).toMatchObject({ kind: 'oom-invoked', process: 'rsyslogd', pid: 1205 });
      expect(log.lines).toBe(0);
    });

    it('reads the 2.6.32 "Killed process N, UID n, (name)" wording inside stray quotes', () => {
      const log = parseFixture('rhel6-2.6.32-syslog-quoted.txt');

      expect(log.events).toEqual([
        expect.objectContaining({
          pid: 21_578,
          process: 'redis-server',
          uid: 503,
          rssKiB: 9_066_660,
          score: 555,
        }),
      ]);
    });

    it('reads the el7 "(name), UID n," wording quoted with "> "', () => {
      const log = parseFixture('quoted-el7-killed.txt');

      expect(log.events.map((e) => [e.pid, e.uid, e.rssKiB])).toEqual([
        [799_153, 1000, 68_308 + 13_648],
        [799_402, 1000, 102_060 + 13_664],
        [799_889, 1000, 110_296 + 13_516],
      ]);
      expect(log.events[0]?.scope).toBeUndefined();
    });

    it('reads process names holding parentheses and skips the reaper lines', () => {
      const log = parseFixture('ubuntu-5.x-reaper-resolved.txt');

      expect(log.events.map((e) => [e.pid, e.process, e.rssKiB])).toEqual([
        [15_784, 'python3', 7316],
        [15_925, '(resolved)', 7648],
      ]);
    });

    it('reads kB values written with digit-group commas inside a code fence', () => {
      const log = parseFixture('dmesg-T-grouped-digits.txt');

      expect(log.events).toEqual([
        expect.objectContaining({
          pid: 7899,
          process: 'python',
          memcg: '/init.scope',
          totalVmKiB: 26_184_840,
          rssKiB: 15_370_088,
        }),
      ]);
    });
  });

  describe('memory cgroup OOMs', () => {
    it('reads repeated cgroup kills, skipping "already exiting" victims, and keeps the cut last one', () => {
      const log = parseFixture('memcg-kills-cut.txt');

      expect(log.events.map((e) => e.pid)).toEqual([
        138_906, 138_908, 138_910, 138_916, 138_924, 138_926,
      ]);
      expect(log.events.every((e) => e.kind === 'oom-kill' && e.scope === 'cgroup')).toBe(true);
      expect(log.events[1]).toMatchObject({
        process: 'python3',
        rssKiB: 23_928 + 8984,
        oomScoreAdj: -997,
      });
      expect(log.events[5]).toMatchObject({ pid: 138_926, process: 'python3' });
      expect(log.events[5]?.rssKiB).toBeUndefined();
    });

    it('reads the cgroup v1 limit an ECS task hit', () => {
      const log = parseFixture('ecs-cgroup-v1-limit.txt');

      expect(log.events).toEqual([
        expect.objectContaining({
          kind: 'oom-invoked',
          scope: 'cgroup',
          memcg:
            '/ecs/f209da7f990b45b585488946f0eec404/15e20c7f5997947ffa3adb2b2bff199eea61004e29501677c53751b2c549bb15',
          usageKiB: 1_048_576,
          limitKiB: 1_048_576,
        }),
      ]);
    });
  });

  describe('Mem-Info, hung tasks, soft lockups', () => {
    it('records the swap lines of a Mem-Info dump (dmesg -x -T, swap exhausted)', () => {
      expect(parseFixture('dmesg-x-T-swap-exhausted.txt').events).toEqual([
        {
          kind: 'mem-info',
          line: 'Free swap  = 0kB',
          time: 'Wed Jun 28 00:10:12 2023',
          freeSwapKiB: 0,
          totalSwapKiB: 10_956_796,
        },
      ]);
      expect(parseFixture('kernel-6.x-mem-info-tail.txt').events).toEqual([
        expect.objectContaining({ freeSwapKiB: 709_656, totalSwapKiB: 787_176 }),
      ]);
    });

    it('opens a mem-info event at Mem-Info: and fills its swap from the lines after', () => {
      const result = kernelLogParser.parse(
        '[ 1.0] Mem-Info:\n[ 1.1] active_anon:11241 inactive_anon:6\n[ 1.2] Free swap  = 0kB\n[ 1.3] Total swap = 0kB',
        'dmesg',
      );

      expect(result.ok && result.data.events).toEqual([
        { kind: 'mem-info', line: 'Mem-Info:', time: '1.0', freeSwapKiB: 0, totalSwapKiB: 0 },
      ]);
    });

    it('reads hung tasks on Amazon Linux 2023 (6.12) and Debian 4.19', () => {
      expect(parseFixture('al2023-6.12-hung-task.txt').events).toEqual([
        {
          kind: 'hung-task',
          line: 'INFO: task tokio-runtime-w:4534 blocked for more than 245 seconds.',
          time: '366.477711',
          process: 'tokio-runtime-w',
          pid: 4534,
          seconds: 245,
        },
      ]);
      const debian = parseFixture('debian-4.19-hung-tasks-cut.txt');
      expect(debian.events.map((e) => `${e.process}:${e.pid}`)).toEqual([
        'kworker/2:1:5747',
        'ntpd:11794',
        'snmpd:12767',
        'zebra:13083',
        'fpmsyncd:13094',
      ]);
    });

    it('reads soft lockups from syslog, console broadcasts and the pre-4.x wording', () => {
      expect(parseFixture('ubuntu-syslog-soft-lockup.txt').events).toEqual([
        expect.objectContaining({
          kind: 'soft-lockup',
          time: 'May  3 06:24:16',
          cpu: 0,
          seconds: 23,
          process: 'frigate.output',
          pid: 1_243_199,
        }),
      ]);
      expect(
        parseFixture('wall-broadcast-soft-lockups.txt').events.map((e) => [
          e.cpu,
          e.seconds,
          e.process,
          e.pid,
        ]),
      ).toEqual([
        [0, 27, 'node', 1984],
        [9, 27, 'kworker/9:0', 24_827],
        [1, 22, 'node', 297_680],
      ]);
      expect(parseFixture('old-soft-lockup-no-watchdog.txt').events[0]).toMatchObject({
        cpu: 10,
        process: 'migration/10',
        pid: 346,
      });
    });

    it('notes kswapd when it appears outside a stack trace', () => {
      const result = kernelLogParser.parse(
        [
          '[ 9.1] kswapd0: page allocation failure: order:0, mode:0x1080020(GFP_ATOMIC)',
          '[ 9.2]  kswapd+0x1c0/0x440',
          '[ 9.3] CPU: 1 PID: 45 Comm: kswapd0 Not tainted 5.10.198-187.748.amzn2.x86_64 #1',
        ].join('\n'),
        'dmesg',
      );

      expect(result.ok && result.data.events).toEqual([
        expect.objectContaining({ kind: 'kswapd', process: 'kswapd0', time: '9.1' }),
        expect.objectContaining({ kind: 'kswapd', process: 'kswapd0', pid: 45 }),
      ]);
    });
  });

  describe('logs that hold nothing', () => {
    it('reads a dmesg | grep that printed nothing as an empty log (generated on Debian 12)', () => {
      expect(parseFixture('debian12-dmesg-grep-empty.txt')).toEqual({
        events: [],
        lines: 0,
        empty: true,
      });
    });

    it('reads journalctl -k "-- No entries --" as an empty log', () => {
      expect(parseFixture('debian12-journalctl-k-empty.txt')).toEqual({
        events: [],
        lines: 1,
        empty: true,
      });
    });

    it('reads a grep whose kernel lines hold no event, and a last line cut mid-word', () => {
      const log = parseFixture('amzn2-grep-messages-cut.txt');

      expect(log).toEqual({ events: [], lines: 3, empty: false });
    });
  });

  describe('user-space OOM killers and systemd in journals and syslog', () => {
    it('reads a systemd-oomd kill, naming the cgroup, and counts systemd\'s "killed 12 process(es)" with it', () => {
      // Act
      const log = parseFixture('systemd-oomd-ubuntu-22.04-terminal-scope.txt');

      // Assess
      const scope = 'vte-spawn-dbb4a75e-031f-480d-924b-5de5af7579d2.scope';
      expect(log.events).toEqual([
        expect.objectContaining({
          kind: 'oom-kill',
          killer: 'systemd-oomd',
          scope: 'cgroup',
          time: 'Dec 18 19:34:56',
          memcg: `/user.slice/user-1001.slice/user@1001.service/app.slice/app-org.gnome.Terminal.slice/${scope}`,
          unit: scope,
          process: scope,
        }),
      ]);
    });

    it('reads an oomd kill cut by the pager and the "Marked … for killing" wording of newer systemd', () => {
      const cut = parseFixture('systemd-oomd-testsuite-pager-cut.txt');
      const marked = parseFixture('systemd-oomd-centos10-monotonic-marked.txt');

      expect(cut.events).toEqual([
        expect.objectContaining({ killer: 'systemd-oomd', unit: 'testsuite-55-testbloat.service' }),
      ]);
      expect(marked.events).toEqual([
        expect.objectContaining({
          killer: 'systemd-oomd',
          time: '77.749670',
          memcg: '/system.slice/systemd-journald.service',
        }),
      ]);
    });

    it('reads systemd\'s "killed by the OOM killer" unit lines; a burst in one second up the cgroup tree is one kill', () => {
      const log = parseFixture('systemd-unit-oom-killer-iso.txt');

      expect(log.events).toEqual([
        expect.objectContaining({
          kind: 'oom-kill',
          unit: 'user-1021.slice',
          time: '2026-02-08T00:40:07.136582+00:00',
        }),
      ]);
      expect(log.events[0]?.killer).toBeUndefined(); // the kernel's OOM killer
    });

    it('names the unit on the kernel kill systemd then reports, without counting it twice', () => {
      const text = [
        'May 15 23:09:30 web-1 kernel: Out of memory: Killed process 15784 (java) total-vm:11964kB, anon-rss:4288kB, file-rss:3028kB, shmem-rss:0kB',
        'May 15 23:09:30 web-1 systemd[1]: app.service: A process of this unit has been killed by the OOM killer.',
      ].join('\n');

      const result = kernelLogParser.parse(text, 'journalctl -b');

      expect(result.ok && result.data.events).toEqual([
        expect.objectContaining({ pid: 15784, process: 'java', unit: 'app.service', rssKiB: 7316 }),
      ]);
    });

    it('reads earlyoom kills from journal lines with and without a host, once per process', () => {
      const journal = parseFixture('earlyoom-1.7-journal-hostname-placeholder.txt');
      const noHost = parseFixture('earlyoom-no-hostname-java.txt');

      expect(journal.events).toEqual([
        expect.objectContaining({
          killer: 'earlyoom',
          pid: 57834,
          process: 'code',
          uid: 1000,
          rssKiB: 5 * 1024,
        }),
        expect.objectContaining({
          killer: 'earlyoom',
          pid: 57192,
          process: 'code',
          rssKiB: 54 * 1024,
        }),
      ]);
      // SIGTERM sent twice to a process that did not exit: one kill.
      expect(noHost.events).toEqual([
        expect.objectContaining({
          killer: 'earlyoom',
          pid: 906175,
          process: 'java',
          rssKiB: 43912 * 1024,
        }),
      ]);
    });

    it('reads earlyoom 1.2 console output and syslog lines in a Russian locale', () => {
      const log = parseFixture('earlyoom-1.2-and-russian-syslog.txt');

      expect(log.events).toEqual([
        expect.objectContaining({
          killer: 'earlyoom',
          pid: 27541,
          process: 'bash',
          rssKiB: 7609 * 1024,
        }),
        expect.objectContaining({
          kind: 'oom-kill',
          time: 'апр 28 01:23:30',
          pid: 27541,
          score: 572,
          rssKiB: 8_098_448 + 3264,
        }),
      ]);
      expect(log.events[1]?.killer).toBeUndefined();
    });

    it('reads the oldest earlyoom wording', () => {
      const result = kernelLogParser.parse(
        "Killing process 'bash' with signal 15, pid: 5874, badness: 538, VmRSS: 3160 MiB",
        null,
      );

      expect(result.ok && result.data.events).toEqual([
        expect.objectContaining({
          killer: 'earlyoom',
          pid: 5874,
          process: 'bash',
          rssKiB: 3160 * 1024,
        }),
      ]);
    });

    it('reads syslog lines with a host and an uptime bracket, and a messages file with a wrapped line', () => {
      const syslog = parseFixture('ubuntu-5.x-syslog-host-bracket.txt');
      const messages = parseFixture('rhel7-3.10-messages-wrapped-dockerd.txt');

      expect(syslog.events.map((e) => [e.pid, e.process, e.time])).toEqual([
        [15784, 'python3', 'May 15 23:09:30'],
        [15925, '(resolved)', 'May 15 23:09:30'],
        [15783, 'python3', 'May 15 23:09:30'],
        [15934, '(resolved)', 'May 15 23:09:30'],
      ]);
      expect(messages.events).toEqual([
        expect.objectContaining({
          kind: 'oom-invoked',
          process: 'thrash',
          pid: 11554,
          gfpMask: '0xd0',
        }),
      ]);
    });

    it('reads a journal of other programs with no OOM as read and empty of events', () => {
      const result = kernelLogParser.parse(
        'Sep 10 14:59:49 image systemd[1]: x.service: Consumed 5.688s CPU time.',
        'journalctl -u x',
      );

      expect(result).toEqual({ ok: true, data: { events: [], lines: 0, empty: false } });
    });
  });

  it('reads CRLF', () => {
    const log = parseFixture('ubuntu-3.x-kern-log.txt', (t) => t.replace(/\n/g, '\r\n'));

    expect(log.events[0]).toMatchObject({ pid: 1312, rssKiB: 256_140 });
  });

  it('reads journalctl short-iso lines and grep -H file prefixes', () => {
    const result = kernelLogParser.parse(
      [
        '2026-11-22T09:12:03+0000 ip-172-31-0-84 kernel: Out of memory: Killed process 1234 (gunicorn) total-vm:812345kB, anon-rss:512000kB, file-rss:1024kB, shmem-rss:0kB, UID:1000 pgtables:1200kB oom_score_adj:0',
        '/var/log/messages:Nov 22 09:12:03 ip-172-31-0-84 kernel: [12345.678901] INFO: task kworker/0:1:77 blocked for more than 120 seconds.',
        'Nov 22 09:12:04 ip-172-31-0-84 systemd[1]: gunicorn.service: A process of this unit has been killed by the OOM killer.',
      ].join('\n'),
      'journalctl -k --no-pager',
    );

    expect(result.ok && result.data.events).toEqual([
      expect.objectContaining({
        kind: 'oom-kill',
        time: '2026-11-22T09:12:03+0000',
        pid: 1234,
        rssKiB: 513_024,
      }),
      expect.objectContaining({
        kind: 'hung-task',
        time: 'Nov 22 09:12:03',
        process: 'kworker/0:1',
        pid: 77,
      }),
    ]);
    expect(result.ok && result.data.lines).toBe(2);
  });

  it('fails on empty unfiltered output, garbage, and says what dmesg said', () => {
    expect(kernelLogParser.parse('', 'dmesg')).toEqual({ ok: false, error: 'empty output' });
    expect(kernelLogParser.parse('', null).ok).toBe(false);
    expect(kernelLogParser.parse('hello world\nfoo bar', null)).toEqual({
      ok: false,
      error: 'no kernel log lines found',
    });
    expect(
      kernelLogParser.parse(
        'dmesg: read kernel buffer failed: Operation not permitted',
        'dmesg -T',
      ),
    ).toEqual({
      ok: false,
      error: 'dmesg: read kernel buffer failed: Operation not permitted',
    });
  });

  it('matches the kernel log commands, pipes included', () => {
    for (const command of [
      'dmesg',
      'dmesg -T',
      "dmesg -T | grep -iE 'oom|killed process' | tail -n 50",
      'journalctl -k',
      'journalctl -k --no-pager',
      'journalctl -kb -1',
      'journalctl --dmesg --since "1 hour ago"',
      'journalctl --no-pager | grep -i oom',
      'cat /var/log/messages | grep -i oom',
      'grep -i killed /var/log/kern.log',
      'grep -i killed messages',
      'zgrep oom /var/log/syslog.2.gz',
      // Any journal: systemd-oomd, earlyoom and systemd's unit lines are there, not in `-k`.
      'journalctl -u nginx',
      'journalctl -b -1 --no-pager',
      'journalctl -u earlyoom -o short-iso',
      "grep -i 'out of memory' /var/log/*",
    ]) {
      expect(kernelLogParser.matchCommand(command), command).toBe(true);
    }
    for (const command of ['cat /proc/meminfo', 'grep -i oom app.log', 'journalctlx']) {
      expect(kernelLogParser.matchCommand(command), command).toBe(false);
    }
  });

  it('recognises headerless OOM, hung-task, soft-lockup and Mem-Info lines by their banner', () => {
    for (const line of [
      '[15874.505143] java invoked oom-killer: gfp_mask=0x24201ca, order=0, oom_score_adj=0',
      'Out of memory: Kill process 1234 (java) score 900 or sacrifice child',
      'Killed process 1234 (java) total-vm:2097152kB, anon-rss:1048576kB, file-rss:0kB',
      'Nov 22 09:12:03 host kernel: oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=gunicorn,pid=1234,uid=1000',
      '[17780.416056] Memory cgroup out of memory: Killed process 138906 (mount) total-vm:22008kB',
      'INFO: task kworker/u4:2:1234 blocked for more than 120 seconds.',
      'watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [java:1234]',
      '[34708.856674] Mem-Info:',
      '[34708.966940] Free swap  = 0kB',
    ]) {
      expect(kernelLogParser.banner?.test(line), line).toBe(true);
    }
    expect(kernelLogParser.banner?.test('Killed')).toBe(false);
  });

  it('never throws, whatever the text', () => {
    const fragments = fc.constantFrom(
      '[12345.678901] ',
      '[Sun Nov 22 09:12:03 2026] ',
      'Nov 22 09:12:03 host kernel: ',
      'kern  :warn  : ',
      'java invoked oom-killer: gfp_mask=0x0, order=0',
      'CPU: 0 PID: 1 Comm: java',
      'Out of memory: Kill process 1 (a) score 1 or sacrifice child',
      'Killed process 2, UID 0, (b) total-vm:1kB, anon-rss:,kB',
      'oom-kill:constraint=CONSTRAINT_MEMCG,pid=,task=',
      'oom_reaper: reaped process 2 (b), now',
      'Task in / killed as a result of limit of /x',
      'memory: usage 1kB, limit 1kB',
      'Mem-Info:',
      'Free swap  = 0kB',
      'INFO: task a:b:1 blocked for more than 1 seconds',
      'BUG: soft lockup - CPU#1 stuck for 2s! [x:]',
      'kswapd0',
      'Dec 18 19:34:56 host systemd-oomd[840]: ',
      'апр 28 01:23:30 PC kernel: ',
      '[   77.749670] systemd-oomd[659]: ',
      'Killed /a.slice/b.scope due to memory pressure for /a.slice be>',
      'Marked /system.slice/x.service for killing due to ',
      'x.service: A process of this unit has been killed by the OOM killer.',
      'x.scope: systemd-oomd killed 12 process(es) in this unit.',
      'earlyoom[1]: sending SIGTERM to process 5 uid 1000 "java": badness 9, VmRSS 5 MiB',
      'killing process 27541 "bash" with signal 15: badness 550, VmRSS ',
      "Killing process 'bash' with signal 15, pid: , badness: 538",
      'mem avail:  1860 of 13855 MiB (13 %)',
      '\n',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fragments, fc.string()), { maxLength: 40 }),
        fc.option(fc.constantFrom('dmesg', 'dmesg | grep oom', 'journalctl -u x', 'journalctl')),
        (parts, command) => {
          const result = kernelLogParser.parse(parts.join(''), command);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
    );
  });

  it('stays linear on long and many lines', () => {
    expect(() =>
      kernelLogParser.parse(`INFO: task ${'a:1 '.repeat(100_000)}blocked`, null),
    ).not.toThrow();
    expect(() =>
      kernelLogParser.parse(`${'x'.repeat(300_000)} invoked oom-killer: `, null),
    ).not.toThrow();
    expect(() =>
      kernelLogParser.parse(
        '[1.0] Killed process 1 ((((((((((x) total-vm:1kB\n'.repeat(5000),
        'dmesg',
      ),
    ).not.toThrow();
    expect(() => kernelLogParser.banner?.test(`INFO: task ${'a '.repeat(100_000)}`)).not.toThrow();

    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
  });
});
