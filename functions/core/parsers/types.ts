/**
 * The contract every tool-output parser follows. A parser is pure: it takes the text of one
 * block (the lines after its `==> COMMAND <==` header, or a pasted run of lines recognised by
 * the tool's banner) and returns typed data, or the reason it could not.
 */

/** Every tool the reader knows. Stable strings: they appear in the JSON output of `parse`. */
export const TOOL_IDS = [
  'uptime',
  'loadavg',
  'uname',
  'top',
  'htop',
  'iotop',
  'vmstat',
  'mpstat',
  'pidstat',
  'sar',
  'iostat',
  'strace-c',
  'strace',
  'ps',
  'proc-status',
  'proc-stat',
  'proc-io',
  'thread-syscalls',
  'environ',
  'free',
  'meminfo',
  'pressure',
  'ss-summary',
  'kernel-log',
  'perf-report',
  'pprof',
  'perf-stat',
  'jstack',
  'jit-log',
  'aws-ec2-describe-instances',
  'aws-ec2-describe-instance-credit-specifications',
  'aws-cloudwatch-get-metric-data',
  'aws-cloudwatch-get-metric-statistics',
  'aws-cloudwatch-describe-alarms',
  'aws-elasticbeanstalk-describe-events',
  'aws-autoscaling-describe-scaling-activities',
  'aws-cloudtrail-lookup-events',
] as const;

export type ToolId = (typeof TOOL_IDS)[number];

export type Parsed<T> = { ok: true; data: T } | { ok: false; error: string };

export interface ToolParser<T> {
  readonly tool: ToolId;
  /**
   * Whether a header's command line produced this tool's output, e.g. `/^top\b/` and not `-H`.
   * Receives the command with any leading `sudo`, env assignments and path stripped
   * (`/usr/bin/top -b` → `top -b`). The registry tries parsers in order; the first match wins.
   */
  matchCommand(command: string): boolean;
  /**
   * A line that starts this tool's output when it is pasted without a header
   * (top's `top - 13:35:56 up`, vmstat's `procs ---memory---`). Omit when the tool has no
   * banner a person would paste.
   */
  readonly banner?: RegExp;
  /**
   * Never throws on any input; returns `{ ok: false, error }` with a short reason a person
   * understands ("no process table header found") when the text is not this tool's output.
   * `command` is the (stripped) header command, when there was one: it carries the options
   * that change the layout (`top -H`, `ps -eo …`, `strace -c -f`) and the PID a
   * `/proc/PID/...` file belongs to.
   */
  parse(text: string, command: string | null): Parsed<T>;
  /** One line saying what was read, for `alert-triage parse` ("2 frames, 14 processes"). */
  summarize(data: T): string;
}

/** Convenience constructors so parsers read as `return ok(data)` / `return fail('…')`. */
export const ok = <T>(data: T): Parsed<T> => ({ ok: true, data });
export const fail = <T = never>(error: string): Parsed<T> => ({ ok: false, error });
