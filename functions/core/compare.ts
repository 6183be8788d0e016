import { percent, perSecond, size } from './causes/words.js';
import type { Triage } from './classify.js';
import type { Facts } from './facts/types.js';

export type CompareVerdict = 'resolved' | 'improved' | 'unchanged' | 'worse';

/** One measure seen before and after, with which direction is better. */
export interface Change {
  label: string;
  before: number;
  after: number;
  /** `before → after` in the measure's own unit, e.g. `37% → 3%`. */
  text: string;
  better: boolean | null;
}

export interface Comparison {
  verdict: CompareVerdict;
  before: { cause: string; confidence: number };
  after: { cause: string; confidence: number };
  changes: Change[];
  /** One line: `sy 37% → 3%, rt_sigreturn 127k/s → 0.2/s: resolved`. */
  summary: string;
}

/** A change counts when it moves by at least this share of the larger value. */
const MEANINGFUL = 0.3;

const change = (
  label: string,
  before: number | undefined,
  after: number | undefined,
  format: (n: number) => string,
  lowerIsBetter = true,
): Change | undefined => {
  if (before === undefined || after === undefined) return undefined;
  const delta = after - before;
  const scale = Math.max(Math.abs(before), Math.abs(after));
  const moved = scale > 0 && Math.abs(delta) / scale >= MEANINGFUL;
  return {
    label,
    before,
    after,
    text: `${label} ${format(before)} → ${format(after)}`,
    better: moved ? delta < 0 === lowerIsBetter : null,
  };
};

const busy = (f: Facts) => (f.cpu ? 100 - f.cpu.split.idle : undefined);
/**
 * Calls per second: strace's table when there is one (and, for one call, only then); else the
 * rate counted without tracing (perf stat or /proc/PID/io) of the busiest process that has one.
 */
const syscallRate = (f: Facts, name?: string) => {
  const s = f.syscalls;
  if (s?.seconds) {
    const calls = name ? (s.syscalls.find((c) => c.name === name)?.calls ?? 0) : s.totalCalls;
    return calls / s.seconds;
  }
  if (name) return undefined;
  const counted = f.processes
    .map((p) => f.syscallRates?.find((r) => r.pid === p.pid)?.syscalls)
    .find((r) => r !== undefined);
  return counted?.perSecond;
};

/** The measures worth comparing for what the first capture found. */
const measures = (before: Triage, after: Triage): Change[] => {
  const b = before.facts;
  const a = after.facts;
  const hottest = b.processes[0];
  const same = hottest && a.processes.find((p) => p.name === hottest.name);
  const topSyscall = b.syscalls?.syscalls[0]?.name;
  const candidates = [
    change('CPU busy', busy(b), busy(a), percent),
    change('sy', b.cpu?.split.system, a.cpu?.split.system, percent),
    change('us', b.cpu?.split.user, a.cpu?.split.user, percent),
    change('wa', b.cpu?.split.iowait, a.cpu?.split.iowait, percent),
    change('st', b.cpu?.split.steal, a.cpu?.split.steal, percent),
    hottest
      ? change(`${hottest.name} CPU`, hottest.cpuPercent, same?.cpuPercent ?? 0, percent)
      : undefined,
    topSyscall
      ? change(topSyscall, syscallRate(b, topSyscall), syscallRate(a, topSyscall) ?? 0, perSecond)
      : undefined,
    change('syscalls', syscallRate(b), syscallRate(a), perSecond),
    change('available memory', b.memory?.availableKiB, a.memory?.availableKiB, size, false),
    hottest?.rssKiB !== undefined
      ? change(`${hottest.name} RSS`, hottest.rssKiB, same?.rssKiB, size)
      : undefined,
  ];
  return candidates.filter((c): c is Change => c !== undefined);
};

const isProblem = (t: Triage) => t.cause !== 'healthy' && t.cause !== 'inconclusive';

const verdictOf = (before: Triage, after: Triage, changes: Change[]): CompareVerdict => {
  const better = changes.filter((c) => c.better === true).length;
  const worse = changes.filter((c) => c.better === false).length;
  if (isProblem(before) && after.cause === 'healthy') return 'resolved';
  if (!isProblem(before) && isProblem(after)) return 'worse';
  if (isProblem(after) && after.cause !== before.cause && worse > 0) return 'worse';
  if (better > worse) return 'improved';
  if (worse > better) return 'worse';
  return 'unchanged';
};

/** Compares two triages of the same host: what changed, and whether the problem went away. */
export const compare = (before: Triage, after: Triage): Comparison => {
  const changes = measures(before, after);
  const verdict = verdictOf(before, after, changes);
  const notable = changes.filter((c) => c.better !== null).slice(0, 3);
  const shown = notable.length > 0 ? notable : changes.slice(0, 2);
  const causes = before.cause === after.cause ? before.cause : `${before.cause} → ${after.cause}`;
  return {
    verdict,
    before: { cause: before.cause, confidence: before.confidence },
    after: { cause: after.cause, confidence: after.confidence },
    changes,
    summary: `${[...shown.map((c) => c.text), causes].join(', ')}: ${verdict}`,
  };
};
