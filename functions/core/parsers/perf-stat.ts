import { lines, num } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/**
 * `perf stat -e EVENTS -p PID -- sleep N`: events the kernel counted while the process ran,
 * with no ptrace and no sampling (`raw_syscalls:sys_enter`, `signal:signal_deliver`,
 * `context-switches`…). The window is perf's own `seconds time elapsed`.
 */
export interface PerfStatEvent {
  /** As perf prints it: `raw_syscalls:sys_enter`, `context-switches`, `cycles:u`. */
  event: string;
  /** null for `<not counted>` and `<not supported>`. */
  count: number | null;
  /** `msec` for clock events (`task-clock`). */
  unit?: string;
  /** perf's `(66.67%)`: the share of the window a multiplexed event was counted. */
  runningPercent?: number;
}

export interface PerfStat {
  /** `process id '123'` / `thread id`; empty for a command or the whole system. */
  pids: number[];
  /** What was counted: `process id '123'`, `'system wide'`, `'sleep 1'`. */
  target: string;
  events: PerfStatEvent[];
  elapsedSeconds?: number;
}

const HEADER = /^\s*Performance counter stats for (.+?):?\s*$/;
const ROW =
  /^\s*(<not counted>|<not supported>|\d[\d,]*(?:\.\d+)?)\s+(?:(msec|ns|us|ms|Joules|MiB|KiB|bytes)\s+)?([A-Za-z][\w.:/=,-]*(?:\/[\w.:=,-]*\/[a-z]*)?)(?:\s+#.*?)?(?:\s+\((\d+(?:\.\d+)?)%\))?\s*$/;
const ELAPSED = /^\s*(\d+(?:\.\d+)?)\s+seconds time elapsed/;

export const perfStatParser: ToolParser<PerfStat> = {
  tool: 'perf-stat',
  matchCommand: (command) => /^perf\s+(?:-\S+\s+)*stat(?:\s|$)/.test(command),
  banner: HEADER,
  parse(text, command) {
    let target: string | undefined;
    let elapsedSeconds: number | undefined;
    const events: PerfStatEvent[] = [];
    for (const line of lines(text)) {
      const header = HEADER.exec(line);
      if (header) {
        target = header[1] ?? '';
        continue;
      }
      const elapsed = ELAPSED.exec(line);
      if (elapsed) {
        elapsedSeconds = Number(elapsed[1]);
        continue;
      }
      if (target === undefined) continue;
      const row = ROW.exec(line);
      // `0.0015 seconds user` / `seconds sys` after a command's count: its times, not events.
      if (!row || /\bseconds\s+(?:user|sys)\s*$/.test(line)) continue;
      const raw = row[1] ?? '';
      const count = raw.startsWith('<') ? null : num(raw);
      if (count !== null && !Number.isFinite(count)) continue;
      events.push({
        event: row[3] ?? '',
        count,
        ...(row[2] ? { unit: row[2] } : {}),
        ...(row[4] ? { runningPercent: Number(row[4]) } : {}),
      });
    }
    if (target === undefined) return fail('no "Performance counter stats for …" line found');
    if (events.length === 0) return fail('no counted events under "Performance counter stats"');
    const ids =
      /(?:process|thread) id '([\d,\s]+)'/.exec(target)?.[1] ??
      /\s-[pt]\s+([\d,]+)/.exec(command ?? '')?.[1];
    const pids = (ids ?? '')
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isInteger(n) && n > 0);
    return ok({
      pids,
      target,
      events,
      ...(elapsedSeconds !== undefined ? { elapsedSeconds } : {}),
    });
  },
  summarize: (d) =>
    `${d.target}: ${d.events
      .slice(0, 4)
      .map((e) => `${e.event} ${e.count ?? 'not counted'}`)
      .join(', ')}${d.elapsedSeconds !== undefined ? ` in ${d.elapsedSeconds} s` : ''}`,
};
