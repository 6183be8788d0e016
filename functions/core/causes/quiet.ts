import type { Diagnosis, Evidence } from '../diagnosis.js';
import type { Facts } from '../facts/types.js';
import { RULES } from './index.js';
import { type Area, cpuQueued, measuredHealth } from './quiet/health.js';
import { hostSigns } from './quiet/host-signs.js';
import { captureNext } from './quiet/next-capture.js';

/**
 * Measured signs that something is wrong, each as evidence; none means the host looks quiet.
 * Each cause declares its own signs (`causes/<cause>/signs.ts`), gathered here in card order,
 * then the host-wide signs no single cause owns (`quiet/host-signs.ts`).
 */
export const anomalies = (facts: Facts): Evidence[] => [
  ...RULES.flatMap((cause) => cause.signs(facts)),
  ...hostSigns(facts),
];

/** The blocks the facts drew on that speak for no area of the host's health. */
const whatWasRead = (facts: Facts): string[] => [
  ...new Set(
    [
      facts.syscalls?.source,
      facts.signals?.source,
      facts.perf?.source,
      facts.threads[0]?.source,
      facts.processes[0]?.source,
      facts.kernelEvents[0]?.source,
      facts.load?.source,
    ].filter((s): s is string => s !== undefined),
  ),
];

/** What the capture lacked for a verdict, as a person would list it. */
const lacking = (facts: Facts): string =>
  [
    facts.cpu
      ? undefined
      : facts.processes.length > 0
        ? 'no CPU split'
        : 'no CPU split and no process list',
    facts.load && facts.cpus !== undefined
      ? undefined
      : facts.load
        ? 'no CPU count for the load'
        : 'no load',
    facts.memory ? undefined : 'no memory figures',
  ]
    .filter(Boolean)
    .join(', ');

/** The areas a healthy verdict speaks for; those not measured are named in the summary. */
const CORE_AREAS: Area[] = ['CPU', 'memory'];

/**
 * Confidence of a healthy verdict from what it rests on: a CPU split over several samples counts
 * double, a single frame or a load average once, memory once, disks and credits nothing beyond
 * the base. Memory alone gives 0.55 (the rest was not seen), disks alone 0.45, a sampled split
 * with memory and processes 0.85.
 */
const HEALTHY_BASE = 0.45;
const PER_WEIGHT = 0.1;
const HEALTHY_MAX = 0.85;

const confidenceOf = (weights: number[]): number =>
  Math.min(
    HEALTHY_MAX,
    Math.round((HEALTHY_BASE + PER_WEIGHT * weights.reduce((a, b) => a + b, 0)) * 100) / 100,
  );

/**
 * The verdict when no rule names a cause. `healthy` needs positive evidence on what was
 * measured (the CPU split or the load, memory, disks, credits) and no sign of any cause, and
 * says what it did not see; `inconclusive` when a sign is present but no cause fits, or when
 * nothing measured speaks for the host's health. Either way it says what to capture next.
 */
// The rules' own `missing` lines are listed on the card by classify; the hint here is built
// from the facts, for what this capture lacked.
export const judgeQuiet = (facts: Facts, _missing: string[]): Diagnosis => {
  const abnormal = anomalies(facts);
  if (abnormal.length > 0) {
    return {
      cause: 'inconclusive',
      confidence: 0.2,
      summary: `Something is wrong (${abnormal.map((e) => e.text).join('; ')}) but no cause fits the evidence.`,
      evidence: abnormal,
      fixes: [captureNext(facts, abnormal)],
    };
  }
  const queued = cpuQueued(facts);
  if (queued) {
    return {
      cause: 'inconclusive',
      confidence: 0.1,
      summary: `Not clearly healthy: ${queued.text}; no cause fits.`,
      evidence: [queued],
      fixes: [captureNext(facts, [queued])],
    };
  }
  const healthy = measuredHealth(facts);
  if (healthy.length === 0) {
    const read = whatWasRead(facts);
    return {
      cause: 'inconclusive',
      confidence: 0,
      summary: `Nothing usable to judge the host by: ${lacking(facts)}${read.length > 0 ? ` (read: ${read.join(', ')})` : ''}.`,
      evidence: [],
      fixes: [captureNext(facts, [])],
    };
  }
  // Processes listed beside a split or memory add to what was seen.
  const processes = facts.processes.length > 0 && facts.cpu !== undefined ? [1] : [];
  const seen = new Set(healthy.map((h) => h.area));
  const unseen = CORE_AREAS.filter((a) => !seen.has(a));
  return {
    cause: 'healthy',
    confidence: confidenceOf([
      // Disks and credits alone leave the CPU and memory unseen: healthy, but not confidently.
      ...healthy.map((h) => (h.area === 'disks' || h.area === 'CPU credits' ? 0 : h.weight)),
      ...processes,
    ]),
    summary: `Nothing abnormal in what was measured: ${healthy.map((h) => h.evidence.text).join('; ')}${unseen.length > 0 ? `; ${unseen.join(' and ')} ${unseen.length > 1 ? 'were' : 'was'} not captured` : ''}.`,
    evidence: healthy.map((h) => h.evidence),
    fixes: [
      {
        title: 'Check whether it comes and goes',
        detail:
          'Compare the alarm window in CloudWatch with this capture time; rerun the capture while the alarm is firing.',
        when: 'now',
      },
      ...(unseen.length > 0 ? [captureNext(facts, [])] : []),
    ],
  };
};
