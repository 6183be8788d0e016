import { fail, ok, type ToolParser } from './types.js';

/**
 * A process's environment, `/proc/PID/environ`: NUL-separated as `cat` prints it, one per
 * line after `tr '\0' '\n'`, `xargs -0 -n1` or `strings`, `^@`-separated after `cat -v`.
 * The capture script sends only allow-listed variables; this reads whatever is there.
 */
export interface ProcessEnvironment {
  /** From the command's `/proc/PID/environ` path; null for `self` or without a command. */
  pid: number | null;
  /** `{ DD_PROFILING_ENABLED: 'true', NODE_OPTIONS: '--max-old-space-size=2048' }` */
  vars: Record<string, string>;
}

/** A variable's name as shells and the usual runtimes write it (bash functions add `%%`). */
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_.-]*(?:%%)?)=(.*)$/s;

const commandPid = (command: string | null): number | null => {
  const m = /\/proc\/(\d+)\/environ\b/.exec(command ?? '');
  return m ? Number(m[1]) : null;
};

export const environParser: ToolParser<ProcessEnvironment> = {
  tool: 'environ',
  matchCommand: (command) =>
    /^(?:cat|tr|xargs|strings|sort|grep)\b.*\/proc\/[^/\s]+\/environ\b/.test(command),
  parse(text, command) {
    const separator = text.includes('\0')
      ? /\0/
      : !/\n./.test(text.trim()) && text.includes('^@')
        ? /\^@/
        : /\r?\n|\r/;
    const vars = new Map<string, string>();
    let last: string | null = null;
    for (const raw of text.split(separator)) {
      const entry = raw.replace(/[\r\n]+$/, '');
      const m = ASSIGNMENT.exec(entry);
      if (m) {
        last = m[1] ?? '';
        vars.set(last, m[2] ?? '');
      } else if (last?.startsWith('BASH_FUNC_') && entry !== '') {
        // An exported bash function's body spans lines once NULs became newlines.
        vars.set(last, `${vars.get(last) ?? ''}\n${entry}`);
      } else last = null;
    }
    if (vars.size === 0) return fail('no KEY=VALUE lines found');
    return ok({ pid: commandPid(command), vars: Object.fromEntries(vars) });
  },
  summarize: (d) => {
    const names = Object.keys(d.vars);
    return `${names.length} variables${d.pid === null ? '' : ` of ${d.pid}`}: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`;
  },
};
