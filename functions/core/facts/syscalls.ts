import { blocksOf, type Capture } from '../capture/read.js';
import { sourceOf, timeoutSeconds } from './source.js';
import type { SignalFacts, SyscallCount, SyscallFacts } from './types.js';

/** Percent, one decimal. */
const share = (part: number, whole: number): number =>
  whole > 0 ? Math.round((1000 * part) / whole) / 10 : 0;

/** Errnos that mean "nothing to do yet, try again": a non-blocking call that returned at once. */
const TRY_AGAIN = new Set(['EAGAIN', 'EWOULDBLOCK']);

/** Calls that returned at once having done nothing: zero-timeout waits, EAGAIN, sched_yield. */
const spinCalls = (rows: SyscallCount[]): number =>
  rows.reduce((sum, r) => {
    if (r.name === 'sched_yield') return sum + r.calls;
    const again = Object.entries(r.errnos ?? {})
      .filter(([errno]) => TRY_AGAIN.has(errno))
      .reduce((a, [, n]) => a + n, 0);
    return sum + (r.zeroTimeout ?? 0) + again;
  }, 0);

/** The thread a `-f` trace shows alone (a pasted loop of one thread): whose loop it is. */
const singlePid = (pids: number[]): number | undefined => (pids.length === 1 ? pids[0] : undefined);

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
    const totalCalls = summary.data.total?.calls ?? rows.reduce((a, r) => a + r.calls, 0);
    const totalErrors = summary.data.total?.errors ?? rows.reduce((a, r) => a + r.errors, 0);
    return {
      ...(pid !== undefined ? { pid } : {}),
      source: sourceOf(summary),
      ...(seconds ? { seconds } : {}),
      totalCalls,
      totalErrors,
      syscalls: rows.sort((a, b) => b.calls - a.calls),
      traced: 'summary',
      ...(totalCalls > 0 ? { errorShare: share(totalErrors, totalCalls) } : {}),
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
    ...(Object.keys(t.errnos).length > 0 ? { errnos: t.errnos } : {}),
    ...(t.zeroTimeout ? { zeroTimeout: t.zeroTimeout } : {}),
  }));
  if (rows.length === 0) return undefined;
  const pid = trace.data.tracedPids[0] ?? singlePid(trace.data.pids);
  const totalCalls = rows.reduce((a, r) => a + r.calls, 0);
  const totalErrors = rows.reduce((a, r) => a + r.errors, 0);
  const zeroTimeouts = rows.reduce((a, r) => a + (r.zeroTimeout ?? 0), 0);
  return {
    ...(pid !== undefined ? { pid } : {}),
    source: sourceOf(trace),
    ...(seconds ? { seconds } : {}),
    totalCalls,
    totalErrors,
    syscalls: rows.sort((a, b) => b.calls - a.calls),
    traced: 'raw',
    errorShare: share(totalErrors, totalCalls),
    zeroTimeoutShare: share(zeroTimeouts, totalCalls),
    spinShare: share(spinCalls(rows), totalCalls),
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
