import { describe, expect, it } from 'vitest';
import { threadSyscallsParser } from '../../../functions/core/parsers/thread-syscalls.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

describe('threadSyscallsParser', () => {
  it('reads how many threads sat in which syscall and where, most first', () => {
    // Prepare
    const { command, text } = loadBlockFixture(
      'captures/thread-syscalls/debian12-node-sigprof.txt',
    );

    // Act
    const result = threadSyscallsParser.parse(text, command);

    // Assess
    expect(result).toEqual({
      ok: true,
      data: {
        pid: 28868,
        groups: [
          { threads: 5, syscall: 202, wchan: 'futex_do_wait' },
          { threads: 2, syscall: 281, wchan: 'do_epoll_wait' },
          { threads: 1, syscall: 'running', wchan: '0' },
        ],
      },
    });
  });

  it('takes only the awk over task syscall files, and says when nothing was read', () => {
    const { command } = loadBlockFixture('captures/thread-syscalls/debian12-node-sigprof.txt');

    expect(threadSyscallsParser.matchCommand(command ?? '')).toBe(true);
    expect(threadSyscallsParser.matchCommand('cat /proc/12/task/13/syscall')).toBe(false);
    expect(threadSyscallsParser.parse('awk: cannot open file\n', command)).toEqual({
      ok: false,
      error: 'no "THREADS SYSCALL WCHAN" lines found',
    });
  });
});
