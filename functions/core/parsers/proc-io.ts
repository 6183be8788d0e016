import { lines, num } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * One sample of `/proc/PID/io`: what a process has read and written since it started. `syscr`
 * and `syscw` count the read- and write-family syscalls (read, pread, readv, recvfrom… and
 * their write twins), failed ones included: two samples give a lower bound of its syscall
 * rate without tracing it. Reading the file needs ptrace *permission*, not an attach.
 */
export interface ProcessIo {
  /** From the header's `/proc/PID/io`; null when pasted bare or for `self`. */
  pid: number | null;
  syscr: number;
  syscw: number;
  /** Bytes passed through read/write (any file, socket or pipe). */
  rchar?: number;
  wchar?: number;
  /** Bytes that reached the block layer. */
  readBytes?: number;
  writeBytes?: number;
  cancelledWriteBytes?: number;
}

const KEYS: Record<string, keyof Omit<ProcessIo, 'pid'>> = {
  rchar: 'rchar',
  wchar: 'wchar',
  syscr: 'syscr',
  syscw: 'syscw',
  read_bytes: 'readBytes',
  write_bytes: 'writeBytes',
  cancelled_write_bytes: 'cancelledWriteBytes',
};

const PATH = /\/proc\/(\d+|self)\/io\b/;

export const procIoParser: ToolParser<ProcessIo> = {
  tool: 'proc-io',
  matchCommand: (command) =>
    /^(?:cat|grep|egrep|head|tail|less|more)\b/.test(command) && PATH.test(command),
  banner: /^rchar:\s+\d+\s*$/,
  parse(text, command) {
    const seen: Partial<Record<keyof Omit<ProcessIo, 'pid'>, number>> = {};
    for (const line of lines(text)) {
      const m = /^\s*(?:\S*\/io:)?(\w+):\s+(\S+)\s*$/.exec(line);
      const key = m ? KEYS[m[1] ?? ''] : undefined;
      const value = num(m?.[2]);
      if (key && Number.isFinite(value)) seen[key] = value;
    }
    const { syscr, syscw } = seen;
    if (syscr === undefined || syscw === undefined)
      return fail('no "syscr:" and "syscw:" lines found');
    const pid = PATH.exec(command ?? '')?.[1];
    return ok({
      ...seen,
      syscr,
      syscw,
      pid: pid !== undefined && pid !== 'self' ? Number(pid) : null,
    });
  },
  summarize: (d) =>
    `${d.pid !== null ? `pid ${d.pid}: ` : ''}syscr ${d.syscr}, syscw ${d.syscw} (read/write syscalls so far)`,
};
