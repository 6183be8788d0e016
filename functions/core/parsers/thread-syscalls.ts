import { fields, lines } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * One sample of where a process's threads sit, from `/proc/PID/task/*\/syscall` and `wchan`,
 * as the capture script's awk counts them: `8 202 futex_do_wait` (eight threads blocked in
 * syscall 202 — futex on x86-64 — waiting in the kernel's futex_do_wait), `2 running 0`
 * (on a CPU or runnable: a running thread shows no syscall). Reading these files does not
 * stop the threads.
 */
export interface ThreadSyscallGroup {
  threads: number;
  /** The syscall number (architecture-specific), or `running`. */
  syscall: number | 'running';
  /** Where in the kernel it waits; absent or `0` when running. */
  wchan?: string;
}

export interface ThreadSyscalls {
  pid: number | null;
  groups: ThreadSyscallGroup[];
}

const PATH = /\/proc\/(\d+)\/task\/\*\/syscall\b/;

export const threadSyscallsParser: ToolParser<ThreadSyscalls> = {
  tool: 'thread-syscalls',
  matchCommand: (command) => /^awk\b/.test(command) && PATH.test(command),
  parse(text, command) {
    const groups: ThreadSyscallGroup[] = [];
    for (const line of lines(text)) {
      const [n, call, wchan, ...rest] = fields(line);
      if (n === undefined || !/^\d+$/.test(n) || call === undefined || rest.length > 0) continue;
      if (call !== 'running' && !/^-?\d+$/.test(call)) continue;
      groups.push({
        threads: Number(n),
        syscall: call === 'running' ? 'running' : Number(call),
        ...(wchan !== undefined ? { wchan } : {}),
      });
    }
    if (groups.length === 0) return fail('no "THREADS SYSCALL WCHAN" lines found');
    const pid = PATH.exec(command ?? '')?.[1];
    return ok({
      pid: pid !== undefined ? Number(pid) : null,
      groups: groups.sort((a, b) => b.threads - a.threads),
    });
  },
  summarize: (d) =>
    d.groups
      .slice(0, 3)
      .map(
        (g) =>
          `${g.threads} ${g.syscall === 'running' ? 'running' : `in ${g.syscall}${g.wchan ? ` (${g.wchan})` : ''}`}`,
      )
      .join(', '),
};
