import { describe, expect, it } from 'vitest';
import { promptCommand } from '../../../functions/core/capture/prompt.js';

describe('promptCommand', () => {
  it.each([
    ['$ top -b -n 1', 'top -b -n 1'],
    ['root@web-1:~# free -m', 'free -m'],
    ['[ec2-user@ip-10-0-0-1 ~]$ sudo strace -c -f -p 2872', 'sudo strace -c -f -p 2872'],
    ['bash-4.2$ vmstat 1 5', 'vmstat 1 5'],
    // Shapes people paste that name their user and host: any command follows.
    ['core@coreos-1 ~ $ top', 'top'],
    ['docker@ip-10-0-0-1(dev):~$ jcmd 1 VM.native_memory', 'jcmd 1 VM.native_memory'],
    ['(venv) deploy@api-2:/srv/app$ ./bench --loops 10', './bench --loops 10'],
  ])('reads the prompt %j as the command %j', (line, command) => {
    expect(promptCommand(line)).toBe(command);
  });

  it.each([
    ['$free', 'free'],
    ['# vmstat 2', 'vmstat 2'],
    ['# uptime', 'uptime'],
    ['35% [jack:~]free -m', 'free -m'],
    ['➜  ~ top -H -p 4242', 'top -H -p 4242'],
    ['linux-x1:~ # iostat -x 1 3', 'iostat -x 1 3'],
  ])('reads the loose prompt %j when a known command follows', (line, command) => {
    expect(promptCommand(line)).toBe(command);
  });

  it.each([
    '# source: https://example.org/post',
    '# Overhead  Command  Shared Object  Symbol',
    '# To display the perf.data header info, please use --header/--header-only options.',
    '$1 is the first argument',
    '35% [kernel] [k] entry_SYSCALL_64',
  ])('leaves the loose prompt %j alone when no known command follows', (line) => {
    expect(promptCommand(line)).toBeNull();
  });

  it.each([
    ['sudo vmstat 5', 'sudo vmstat 5'],
    ['jstack 28 | grep -A 3 CompilerThread', 'jstack 28 | grep -A 3 CompilerThread'],
    [
      '/usr/bin/aws cloudwatch get-metric-statistics --metric-name CPUCreditBalance',
      '/usr/bin/aws cloudwatch get-metric-statistics --metric-name CPUCreditBalance',
    ],
    ['cat /proc/meminfo', 'cat /proc/meminfo'],
    ['strace -ce gettimeofday ./gettimeofday', 'strace -ce gettimeofday ./gettimeofday'],
    ['free', 'free'],
    ['ps aux --sort=-%mem', 'ps aux --sort=-%mem'],
    [
      'LANG=C ps -eT -o%cpu,pid,tid,ppid,comm | grep -v CPU | sort -n -r | head -20',
      'LANG=C ps -eT -o%cpu,pid,tid,ppid,comm | grep -v CPU | sort -n -r | head -20',
    ],
  ])('reads the bare command line %j', (line, command) => {
    expect(promptCommand(line)).toBe(command);
  });

  it.each([
    // Output lines that start with a tool's name are output, not commands.
    'top - 11:58:59 up 9 days, 22:47,  1 user,  load average: 0.03, 0.02, 0.00',
    '  free -m',
    // Prose about a tool reads as prose.
    'top shows the java process at the top',
    'free memory looks fine.',
    'ps output:',
    // Output of the tools themselves.
    'Mem:           7982        1016        5587          17        1378        6682',
    'Linux 5.15.0-1051-aws (ip-10-0-0-1)   12/07/26   _x86_64_  (2 CPU)',
  ])('leaves %j alone', (line) => {
    expect(promptCommand(line)).toBeNull();
  });
});
