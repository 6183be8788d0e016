import type { Diagnosis, Evidence } from '../diagnosis.js';
import type { Facts } from '../facts/types.js';
import { RULES } from './index.js';
import { percent, size } from './shared/words.js';

/** What to capture when the capture says nothing useful. */
const CAPTURE_HINT =
  'Run alert-triage local on the host, or paste the output of top -b -n 2 -d 1, vmstat 1 5, ' +
  'ps -eo pid,etimes,nlwp,pcpu,rss,comm,args --sort=-pcpu | head -30 and free -m.';

/**
 * Measured signs that something is wrong, each as evidence; none means the host looks quiet.
 * Each cause declares its own signs (`causes/<cause>/signs.ts`), gathered here in card order;
 * no sign belongs to no cause today.
 */
const anomalies = (facts: Facts): Evidence[] => RULES.flatMap((cause) => cause.signs(facts));

/** Numbers that show a quiet host is quiet. */
const quietEvidence = (facts: Facts): Evidence[] => {
  const out: Evidence[] = [];
  if (facts.cpu) {
    const s = facts.cpu.split;
    out.push({
      source: facts.cpu.source,
      text: `CPU ${percent(100 - s.idle)} busy (us ${percent(s.user)}, sy ${percent(s.system)}, wa ${percent(s.iowait)}, st ${percent(s.steal)})`,
    });
  }
  if (facts.load) {
    out.push({
      source: facts.load.source,
      text: `load ${facts.load.load1} ${facts.load.load5} ${facts.load.load15}${facts.cpus ? ` on ${facts.cpus} CPUs` : ''}`,
    });
  }
  const top = facts.processes[0];
  if (top)
    out.push({
      source: top.source,
      text: `busiest process: ${top.name} (pid ${top.pid}) at ${percent(top.cpuPercent)} of a core`,
    });
  if (facts.memory) {
    out.push({
      source: facts.memory.source,
      text: `${size(facts.memory.availableKiB)} of ${size(facts.memory.totalKiB)} memory available`,
    });
  }
  return out;
};

/**
 * The verdict when no rule names a cause: `healthy` when the capture has the basics and shows
 * nothing abnormal, `inconclusive` when something is abnormal but no cause fits, or when the
 * capture lacks what a verdict needs. Healthy never claims more than the data allows.
 */
export const judgeQuiet = (facts: Facts, missing: string[]): Diagnosis => {
  const hasBasics = facts.cpu !== undefined || facts.processes.length > 0;
  if (!hasBasics) {
    return {
      cause: 'inconclusive',
      confidence: 0,
      summary: 'Nothing usable in this capture: no CPU split and no process list.',
      evidence: [],
      fixes: [{ title: 'Capture the basics', detail: CAPTURE_HINT, when: 'now' }],
    };
  }
  const abnormal = anomalies(facts);
  if (abnormal.length > 0) {
    return {
      cause: 'inconclusive',
      confidence: 0.2,
      summary: `Something is wrong (${abnormal.map((e) => e.text).join('; ')}) but no cause fits the evidence.`,
      evidence: abnormal,
      fixes: [
        {
          title: 'Capture deeper while it is happening',
          detail:
            missing.length > 0
              ? `Missing: ${missing.join('; ')}. Rerun with the deep probe.`
              : 'Rerun with the deep probe (strace -c on the busiest process).',
          command: 'alert-triage local --deep always',
          when: 'now',
        },
      ],
    };
  }
  // Confidence grows with what was seen: a CPU split over several samples, memory, processes.
  const seen = [
    facts.cpu !== undefined && facts.cpu.samples > 1,
    facts.memory !== undefined,
    facts.processes.length > 0,
  ].filter(Boolean).length;
  return {
    cause: 'healthy',
    confidence: [0.5, 0.6, 0.75, 0.85][seen] ?? 0.5,
    summary: "Nothing abnormal in this capture: the alarm's condition is not showing now.",
    evidence: quietEvidence(facts),
    fixes: [
      {
        title: 'Check whether it comes and goes',
        detail:
          'Compare the alarm window in CloudWatch with this capture time; rerun the capture while the alarm is firing.',
        when: 'now',
      },
    ],
  };
};
