import { blocksOf, type Capture } from '../capture/read.js';
import { sourceOf, timeoutSeconds } from './source.js';
import type { SignalFacts, SyscallFacts } from './types.js';

/** The syscall table to believe: the last `strace -c`, else the counts of a raw trace. */
export const deriveSyscalls = (capture: Capture): SyscallFacts | undefined => {
  const summary = blocksOf(capture, 'strace-c').at(-1);
  if (summary) {
    const seconds = timeoutSeconds(summary.command);
    const rows = summary.data.rows.map((r) => ({
      name: r.syscall,
      calls: r.calls,
      errors: r.errors,
      ...(r.percentTime !== undefined ? { percentTime: r.percentTime } : {}),
      ...(r.usecsPerCall !== undefined ? { usecsPerCall: r.usecsPerCall } : {}),
      ...(seconds ? { perSecond: r.calls / seconds } : {}),
    }));
    const pid = summary.data.pids[0] ?? summary.data.attachedPids[0];
    return {
      ...(pid !== undefined ? { pid } : {}),
      source: sourceOf(summary),
      ...(seconds ? { seconds } : {}),
      totalCalls: summary.data.total?.calls ?? rows.reduce((a, r) => a + r.calls, 0),
      totalErrors: summary.data.total?.errors ?? rows.reduce((a, r) => a + r.errors, 0),
      syscalls: rows.sort((a, b) => b.calls - a.calls),
    };
  }
  const trace = blocksOf(capture, 'strace').at(-1);
  if (!trace) return undefined;
  const seconds = trace.data.timeSpanSeconds ?? timeoutSeconds(trace.command);
  const rows = Object.entries(trace.data.syscalls).map(([name, t]) => ({
    name,
    calls: t.calls,
    errors: t.errors,
    ...(seconds ? { perSecond: t.calls / seconds } : {}),
  }));
  if (rows.length === 0) return undefined;
  const pid = trace.data.tracedPids[0];
  return {
    ...(pid !== undefined ? { pid } : {}),
    source: sourceOf(trace),
    ...(seconds ? { seconds } : {}),
    totalCalls: rows.reduce((a, r) => a + r.calls, 0),
    totalErrors: rows.reduce((a, r) => a + r.errors, 0),
    syscalls: rows.sort((a, b) => b.calls - a.calls),
  };
};

/** Signal deliveries counted in raw traces (`--- SIGPROF {…} ---`). */
export const deriveSignals = (capture: Capture): SignalFacts | undefined => {
  const traces = blocksOf(capture, 'strace').filter((b) => Object.keys(b.data.signals).length > 0);
  const trace = traces.at(-1);
  if (!trace) return undefined;
  const seconds = trace.data.timeSpanSeconds ?? timeoutSeconds(trace.command);
  return { source: sourceOf(trace), counts: trace.data.signals, ...(seconds ? { seconds } : {}) };
};
