/**
 * credit-exhaustion: a burstable instance (t2, t3, t3a, t4g) has spent its CPU credits.
 *
 * What a zero balance means depends on the credit mode (EC2 User Guide, burstable credit
 * concepts; `docs/reference/aws-slack-facts.md` §4):
 * - `standard` (T2's default): the instance is held to its baseline. CloudWatch
 *   `CPUUtilization` sits flat at the baseline per vCPU (t3.micro 10%), and the guest sees the
 *   withheld time as steal (`st`). This is the cause of a slow host.
 * - `unlimited` (T3/T3a/T4g's default): nothing is throttled. The instance spends surplus
 *   credits, paid back from later earnings; what is not paid back is charged
 *   (`CPUSurplusCreditsCharged`). A cost, not the reason the host is slow.
 * - T3/T3a/T4g (and T2 Unlimited) get no launch credits, so a new one starts at 0: a low balance
 *   there says the instance is young, not that it burned anything.
 * A balance comfortably above zero rules the cause out, and the card says so with the number
 * (seed 002: the engineer checked the credits first, and they were fine).
 */

import type { BurstableSpec } from '../../burstable.js';
import { BURSTABLE_INSTANCE_TYPES, burstableSpec } from '../../burstable.js';
import type { Diagnosis, Evidence, Fix, RuleOutcome } from '../../diagnosis.js';
import type { Facts, InstanceFacts, MetricSeries } from '../../facts/types.js';
import type { Rule } from '../shared/rule.js';
import {
  fitLine,
  hoursBetween,
  hoursUntil,
  type Line,
  lastPoints,
  latest,
  mean,
  sum,
} from '../shared/series.js';
import { count, duration, percent } from '../shared/words.js';

/** A balance under this share of the cap counts as spent: 1.2 h of earnings for every size. */
const NEAR_ZERO_SHARE_OF_MAX = 0.05;
/** Credit metrics come every five minutes; three points are the last quarter hour. */
const RECENT_POINTS = 3;
/** The balance's trend is fitted over the last hour of five-minute points. */
const TREND_POINTS = 12;
/** `CPUUtilization` within this much of the baseline (or 2 points) is "at the baseline". */
const BASELINE_BAND_SHARE = 0.2;
/** Steal from which throttling shows in the guest (the same bar cpu-steal calls strong). */
const THROTTLE_STEAL_PERCENT = 10;
/**
 * A falling balance is worth an ETA only within a day: the cap is a day of earnings, so a slower
 * fall is within what ordinary load swings do.
 */
const FALLING_HORIZON_HOURS = 24;
/** In standard mode, a balance running out sooner than this is worth a warning diagnosis. */
const SOON_EMPTY_HOURS = 2;

export type CreditModeValue = 'standard' | 'unlimited';

/** What the credits do to the CPU right now, as far as the facts tell. */
export type CreditEffect =
  /** Spent, standard mode (known, or unlimited assumed but the throttle signature shows). */
  | 'throttled'
  /** Spent, unlimited: surplus credits already charged. */
  | 'charged'
  /** Spent, unlimited: running on surplus credits, none charged yet. */
  | 'surplus'
  /** Spent, unlimited assumed from the family default, nothing tells throttled from charged. */
  | 'spent-mode-assumed'
  /** Near zero only because the instance is new and had no launch credits (unlimited). */
  | 'young'
  /** Near zero but earning again: CPUUtilization is under the baseline, nothing is held back. */
  | 'recovering'
  /** Comfortably above zero. */
  | 'fine'
  /** No `CPUCreditBalance` in the capture. */
  | 'no-balance';

export interface CreditReading {
  type: string;
  spec: BurstableSpec;
  mode: CreditModeValue;
  /** The mode came from the family default, not from the instance. */
  modeAssumed: boolean;
  /** Unlimited was assumed, and surplus credits in CloudWatch (unlimited only) confirm it. */
  modeShownBySurplus: boolean;
  /** Where the instance's type came from. */
  instanceSource: string;
  instanceId?: string;
  ageHours?: number;
  /** Below this the balance counts as spent. */
  nearZero: number;
  balance?: {
    value: number;
    source: string;
    /** How long the trailing points have stayed near zero, hours (0 when only the newest is). */
    nearZeroHours: number;
    trend?: Line;
    /** Hours until the balance reaches 0 at its recent rate, when falling. */
    emptyInHours?: number;
  };
  /** `CPUUtilization` recent points, and whether they sit flat at the baseline. */
  utilization?: {
    mean: number;
    atBaseline: boolean;
    belowBaseline: boolean;
    points: number;
    source: string;
  };
  /** The guest's steal, when it is high enough to be throttling. */
  steal?: { percent: number; source: string };
  surplus?: { charged: number; chargedHours: number; balance?: number; source: string };
  /** No launch credits: T3/T3a/T4g always, T2 in unlimited mode. */
  noLaunchCredits: boolean;
  /** Too new to have earned even twice the near-zero level, had it idled since launch. */
  young: boolean;
  effect: CreditEffect;
}

export type CreditAssessment =
  | { kind: 'unknown-type' }
  | { kind: 'not-burstable'; type: string; source: string }
  | { kind: 'burstable'; reading: CreditReading };

/** Credits are written as AWS shows them: whole when large, one decimal when small. */
export const credits = (n: number): string => {
  const tenths = Math.round(n * 10) / 10;
  return Number.isInteger(tenths) || Math.abs(tenths) >= 100 ? count(tenths) : tenths.toFixed(1);
};

const specOf = (instance: InstanceFacts, type: string): BurstableSpec | undefined => {
  if (instance.burstable) return instance.burstable;
  return burstableSpec(type);
};

const modeOf = (
  instance: InstanceFacts,
  spec: BurstableSpec,
): { value: CreditModeValue; assumed: boolean } =>
  instance.creditMode
    ? {
        value: instance.creditMode.value,
        assumed: instance.creditMode.from === 'family default',
      }
    : { value: spec.family === 't2' ? 'standard' : 'unlimited', assumed: true };

const readBalance = (series: MetricSeries | undefined, nearZero: number, capturedAt?: string) => {
  const newest = latest(series);
  if (!series || !newest) return undefined;
  let firstNearZero = newest;
  for (const point of [...series.points].reverse()) {
    if (point.value >= nearZero) break;
    firstNearZero = point;
  }
  const trend = fitLine(lastPoints(series, TREND_POINTS));
  const eta =
    trend && trend.slopePerHour < 0 ? hoursUntil(newest.value, trend.slopePerHour, 0) : undefined;
  const emptyInHours = eta !== undefined && eta <= FALLING_HORIZON_HOURS ? eta : undefined;
  // The last point stands for its five-minute period; with a capture time we can say more.
  const end = capturedAt && hoursBetween(newest.at, capturedAt) > 0 ? capturedAt : newest.at;
  return {
    value: newest.value,
    source: series.source,
    nearZeroHours: newest.value < nearZero ? Math.max(0, hoursBetween(firstNearZero.at, end)) : 0,
    ...(trend ? { trend } : {}),
    ...(emptyInHours !== undefined ? { emptyInHours } : {}),
  };
};

const readUtilization = (series: MetricSeries | undefined, baseline: number) => {
  const recent = lastPoints(series, RECENT_POINTS);
  if (!series || recent.length === 0) return undefined;
  const band = Math.max(2, baseline * BASELINE_BAND_SHARE);
  return {
    mean: mean(recent.map((p) => p.value)),
    atBaseline: recent.length > 1 && recent.every((p) => Math.abs(p.value - baseline) <= band),
    belowBaseline: recent.every((p) => p.value < baseline - band),
    points: recent.length,
    source: series.source,
  };
};

const readSurplus = (facts: Facts) => {
  const { surplusCharged, surplusBalance } = facts.credits ?? {};
  if (!surplusCharged?.points.length && !surplusBalance?.points.length) return undefined;
  const charged = surplusCharged?.points ?? [];
  const first = charged[0];
  const last = charged.at(-1);
  const balance = latest(surplusBalance)?.value;
  return {
    charged: sum(charged.map((p) => p.value)),
    chargedHours: first && last ? hoursBetween(first.at, last.at) : 0,
    ...(balance !== undefined ? { balance } : {}),
    source: (surplusCharged ?? surplusBalance)?.source ?? 'aws cloudwatch get-metric-data',
  };
};

const effectOf = (r: Omit<CreditReading, 'effect'>): CreditEffect => {
  if (!r.balance) return 'no-balance';
  if (r.balance.value >= r.nearZero) return 'fine';
  // Under the baseline the instance earns more than it spends: nothing is withheld or charged.
  if (r.utilization?.belowBaseline && (r.balance.trend?.slopePerHour ?? 0) >= 0)
    return 'recovering';
  if (r.mode === 'standard') return 'throttled';
  if (r.young) return 'young';
  if (r.surplus && r.surplus.charged > 0) return 'charged';
  if (r.surplus) return 'surplus';
  // Unlimited was only assumed: the throttle signature says someone set standard.
  const throttleSignature = r.utilization?.atBaseline === true || r.steal !== undefined;
  if (r.modeAssumed && throttleSignature) return 'throttled';
  return r.modeAssumed ? 'spent-mode-assumed' : 'surplus';
};

/** Reads what the facts say about the CPU credits; cpu-steal uses it to defer to this rule. */
export const assessCredits = (facts: Facts): CreditAssessment => {
  const instance = facts.instance;
  const type = instance?.type;
  if (!instance || !type) return { kind: 'unknown-type' };
  const spec = specOf(instance, type);
  if (!spec) return { kind: 'not-burstable', type, source: instance.source };
  const mode = modeOf(instance, spec);
  const nearZero = Math.max(1, spec.maxCredits * NEAR_ZERO_SHARE_OF_MAX);
  const noLaunchCredits = spec.family !== 't2' || mode.value === 'unlimited';
  const steal = facts.cpu?.split.steal;
  const balance = readBalance(facts.credits?.balance, nearZero, facts.capturedAt);
  const utilization = readUtilization(facts.credits?.cpuUtilization, spec.baselinePercentPerVcpu);
  const surplus = readSurplus(facts);
  const surplusSeen = surplus !== undefined && (surplus.charged > 0 || (surplus.balance ?? 0) > 0);
  const shownBySurplus = mode.assumed && mode.value === 'unlimited' && surplusSeen;
  const partial: Omit<CreditReading, 'effect'> = {
    type,
    spec,
    mode: mode.value,
    modeAssumed: mode.assumed && !shownBySurplus,
    modeShownBySurplus: shownBySurplus,
    instanceSource: instance.source,
    ...(instance.id ? { instanceId: instance.id } : {}),
    ...(instance.ageHours !== undefined ? { ageHours: instance.ageHours } : {}),
    nearZero,
    ...(balance ? { balance } : {}),
    ...(utilization ? { utilization } : {}),
    ...(steal !== undefined && facts.cpu && steal >= THROTTLE_STEAL_PERCENT
      ? { steal: { percent: steal, source: facts.cpu.source } }
      : {}),
    ...(surplus ? { surplus } : {}),
    noLaunchCredits,
    young:
      noLaunchCredits &&
      instance.ageHours !== undefined &&
      instance.ageHours * spec.creditsPerHour < 2 * nearZero,
  };
  return { kind: 'burstable', reading: { ...partial, effect: effectOf(partial) } };
};

/** The reading, when spent credits in standard mode hold the CPU down (steal is then theirs). */
export const creditThrottling = (assessment: CreditAssessment): CreditReading | undefined =>
  assessment.kind === 'burstable' && assessment.reading.effect === 'throttled'
    ? assessment.reading
    : undefined;

// ——— wording ———

const familyOf = (r: CreditReading): string => r.spec.family;
const idOf = (r: CreditReading): string => r.instanceId ?? 'i-…';
const earns = (r: CreditReading): string => `${r.type} earns ${credits(r.spec.creditsPerHour)}/h`;

const modeText = (r: CreditReading): string =>
  r.modeAssumed
    ? `${r.mode} mode (assumed: the ${familyOf(r)} default; describe-instance-credit-specifications not captured)`
    : r.modeShownBySurplus
      ? `${r.mode} mode (the ${familyOf(r)} default, shown by its surplus credits)`
      : `${r.mode} mode`;

const balanceLeft = (r: CreditReading, value: number): string =>
  value > r.spec.maxCredits
    ? `${credits(value)} (above the ${credits(r.spec.maxCredits)} cap: T2 launch credits)`
    : `${credits(value)} of ${credits(r.spec.maxCredits)}`;

const modeEvidence = (r: CreditReading): Evidence => ({
  source: r.instanceSource,
  text: `${r.type} is burstable (baseline ${percent(r.spec.baselinePercentPerVcpu)} per vCPU, ${credits(r.spec.creditsPerHour)} credits/h, cap ${credits(r.spec.maxCredits)}), ${modeText(r)}`,
});

const balanceEvidence = (r: CreditReading): Evidence[] => {
  const b = r.balance;
  if (!b) return [];
  const since =
    b.nearZeroHours > 0
      ? ` for the last ${duration(b.nearZeroHours * 3600)}`
      : ' at the newest point';
  const falling =
    b.trend && b.emptyInHours !== undefined && b.value >= r.nearZero
      ? `, falling ${credits(-b.trend.slopePerHour)}/h`
      : '';
  return [
    {
      source: b.source,
      text:
        b.value < r.nearZero
          ? `CPUCreditBalance ${credits(b.value)} of ${credits(r.spec.maxCredits)}${since} (spent: under ${credits(r.nearZero)}, 5% of the cap)`
          : `CPUCreditBalance ${balanceLeft(r, b.value)}${falling}`,
    },
  ];
};

const utilizationEvidence = (r: CreditReading): Evidence[] =>
  r.utilization
    ? [
        {
          source: r.utilization.source,
          text: r.utilization.atBaseline
            ? `CPUUtilization ${percent(r.utilization.mean)} over the last ${r.utilization.points} points: flat at the ${r.type} baseline of ${percent(r.spec.baselinePercentPerVcpu)}`
            : `CPUUtilization ${percent(r.utilization.mean)} over the last ${r.utilization.points} points (baseline ${percent(r.spec.baselinePercentPerVcpu)})`,
        },
      ]
    : [];

const stealEvidence = (r: CreditReading): Evidence[] =>
  r.steal
    ? [
        {
          source: r.steal.source,
          text: `steal ${percent(r.steal.percent)}: the hypervisor withholds the CPU above the baseline`,
        },
      ]
    : [];

const surplusEvidence = (r: CreditReading): Evidence[] => {
  const s = r.surplus;
  if (!s) return [];
  const lines: Evidence[] = [];
  if (s.charged > 0)
    lines.push({
      source: s.source,
      text: `CPUSurplusCreditsCharged ${credits(s.charged)} credits${s.chargedHours > 0 ? ` over the last ${duration(s.chargedHours * 3600)}` : ''} (${(s.charged / 60).toFixed(1)} vCPU-hours billed on top of the instance price)`,
    });
  if (s.balance !== undefined)
    lines.push({
      source: s.source,
      text: `CPUSurplusCreditBalance ${credits(s.balance)}: surplus credits spent and not yet paid back from earnings`,
    });
  return lines;
};

/** The next size up in the same family, from the burstable table. */
const largerSize = (r: CreditReading): Fix[] => {
  const types = BURSTABLE_INSTANCE_TYPES.filter((t) => t.startsWith(`${familyOf(r)}.`));
  const next = types
    .map((t) => ({ t, spec: burstableSpec(t) }))
    .find(({ spec }) => spec && spec.creditsPerHour > r.spec.creditsPerHour);
  if (!next?.spec) return [];
  return [
    {
      title: `Move to a larger size (${next.t})`,
      detail: `${next.t} earns ${credits(next.spec.creditsPerHour)} credits/h (baseline ${percent(next.spec.baselinePercentPerVcpu)} per vCPU) against ${credits(r.spec.creditsPerHour)}/h now. Needs a stop/start.`,
      when: 'properly',
    },
  ];
};

const NON_BURSTABLE: Record<string, string> = {
  t2: 'm7i or c7i',
  t3: 'm7i or c7i',
  t3a: 'm7a or c7a',
  t4g: 'm7g or c7g (Graviton, like t4g)',
};

const nonBurstable = (r: CreditReading): Fix => ({
  title: 'Or a non-burstable family',
  detail: `A load that stays above the ${percent(r.spec.baselinePercentPerVcpu)} baseline costs less on ${NON_BURSTABLE[familyOf(r)] ?? 'm7i or c7i'} (no credits, the full CPU all the time) than on credits.`,
  when: 'properly',
});

const findBurner = (facts: Facts): Fix => {
  const top = facts.processes[0];
  return {
    title: 'Find what burns the credits',
    detail: top
      ? `The busiest process in the capture is ${top.name} (PID ${top.pid}) at ${percent(top.cpuPercent)} of a core; its cause is the real fix (see the other findings).`
      : 'The busiest processes are the real fix; the credits only show how long they have been busy.',
    command: 'ps -eo pid,etimes,pcpu,comm,args --sort=-pcpu | head -15',
    when: 'properly',
  };
};

const modifyCommand = (r: CreditReading, mode: CreditModeValue): string =>
  `aws ec2 modify-instance-credit-specification --instance-credit-specification "InstanceId=${idOf(r)},CpuCredits=${mode}"`;

const throttledFixes = (r: CreditReading, facts: Facts): Fix[] => [
  {
    title: 'Switch to unlimited mode',
    detail:
      'Takes effect at once, without a restart: the instance bursts again, and CPU above the baseline is paid for as surplus credits instead of being withheld.',
    command: modifyCommand(r, 'unlimited'),
    when: 'now',
  },
  findBurner(facts),
  ...largerSize(r),
  nonBurstable(r),
];

const unlimitedFixes = (r: CreditReading, facts: Facts): Fix[] => [
  findBurner(facts),
  ...largerSize(r),
  nonBurstable(r),
  {
    title: 'Or cap the cost with standard mode',
    detail: `The instance is then held to its ${percent(r.spec.baselinePercentPerVcpu)} baseline when credits run out, instead of being charged: slower, not dearer.`,
    command: modifyCommand(r, 'standard'),
    when: 'properly',
  },
];

const diagnosis = (
  r: CreditReading,
  confidence: number,
  summary: string,
  evidence: Evidence[],
  fixes: Fix[],
): RuleOutcome => {
  const d: Diagnosis = {
    cause: 'credit-exhaustion',
    confidence: Math.min(0.95, Math.round(confidence * 100) / 100),
    summary,
    evidence: [...evidence, modeEvidence(r)],
    fixes,
  };
  return { kind: 'diagnosis', diagnosis: d };
};

const ageText = (hours: number): string => duration(hours * 3600);

const judgeBurstable = (r: CreditReading, facts: Facts): RuleOutcome => {
  const atBaseline = r.utilization?.atBaseline === true;
  const signature = (atBaseline ? 1 : 0) + (r.steal ? 1 : 0);
  switch (r.effect) {
    case 'no-balance': {
      if (r.mode === 'standard' && (atBaseline || r.steal))
        return diagnosis(
          r,
          0.5,
          `${r.type} in standard mode looks throttled to its ${percent(r.spec.baselinePercentPerVcpu)} baseline, but the credit balance was not captured to confirm it.`,
          [...utilizationEvidence(r), ...stealEvidence(r)],
          [
            {
              title: 'Check the credit balance',
              command: `aws cloudwatch get-metric-statistics --namespace AWS/EC2 --metric-name CPUCreditBalance --dimensions Name=InstanceId,Value=${idOf(r)} --statistics Minimum --period 300 --start-time $(date -u -d '-3 hours' +%FT%TZ) --end-time $(date -u +%FT%TZ)`,
              when: 'now',
            },
            ...throttledFixes(r, facts),
          ],
        );
      return {
        kind: 'no-data',
        missing: `CPUCreditBalance of the ${r.type}: add the \`aws cloudwatch get-metric-data\` block for CPUCreditBalance (and CPUSurplusCreditBalance, CPUSurplusCreditsCharged)`,
      };
    }
    case 'fine': {
      const b = r.balance;
      const value = b?.value ?? 0;
      const empty = b?.emptyInHours;
      const falling =
        b?.trend && empty !== undefined
          ? `; falling ${credits(-b.trend.slopePerHour)}/h, empty in ~${ageText(empty)}`
          : '';
      if (r.mode === 'standard' && empty !== undefined && empty <= SOON_EMPTY_HOURS)
        return diagnosis(
          r,
          0.4,
          `${r.type} is not throttled yet, but at this rate its CPU credits run out in ~${ageText(empty)} and standard mode will then hold it to ${percent(r.spec.baselinePercentPerVcpu)}.`,
          balanceEvidence(r),
          throttledFixes(r, facts),
        );
      return {
        kind: 'ruled-out',
        ruledOut: {
          cause: 'credit-exhaustion',
          reason: `CPU credits: ${balanceLeft(r, value)} left (${earns(r)})${falling}`,
        },
      };
    }
    case 'recovering':
      return {
        kind: 'ruled-out',
        ruledOut: {
          cause: 'credit-exhaustion',
          reason: `CPU credits: ${credits(r.balance?.value ?? 0)} of ${credits(r.spec.maxCredits)}, but CPUUtilization ${percent(r.utilization?.mean ?? 0)} is under the ${percent(r.spec.baselinePercentPerVcpu)} baseline: the ${r.type} earns more than it spends (${credits(r.spec.creditsPerHour)}/h) and nothing is held back`,
        },
      };
    case 'young':
      return {
        kind: 'ruled-out',
        ruledOut: {
          cause: 'credit-exhaustion',
          reason: `${r.type} launched ${ageText(r.ageHours ?? 0)} ago: ${familyOf(r)} gets no launch credits, so a balance of ${credits(r.balance?.value ?? 0)} is where a new instance starts, not credits spent (it earns ${credits(r.spec.creditsPerHour)}/h); in ${r.mode} mode${r.modeAssumed ? ' (the family default)' : ''} it is not throttled`,
        },
      };
    case 'throttled': {
      const evidence = [...balanceEvidence(r), ...utilizationEvidence(r), ...stealEvidence(r)];
      if (r.young && r.noLaunchCredits)
        return diagnosis(
          r,
          signature > 0 ? 0.5 : 0.4,
          `${r.type} launched ${ageText(r.ageHours ?? 0)} ago in standard mode: it started with no credits (${familyOf(r)} gets no launch credits) and is held to its ${percent(r.spec.baselinePercentPerVcpu)} baseline until it earns some. Not exhaustion: youth.`,
          [
            ...evidence,
            { source: r.instanceSource, text: `launched ${ageText(r.ageHours ?? 0)} ago` },
          ],
          throttledFixes(r, facts),
        );
      if (r.mode === 'unlimited')
        return diagnosis(
          r,
          signature > 1 ? 0.75 : 0.7,
          `${r.type} has spent its CPU credits and looks throttled to its ${percent(r.spec.baselinePercentPerVcpu)} baseline, which only standard mode does: the unlimited mode was assumed from the ${familyOf(r)} default, and the metrics say otherwise.`,
          evidence,
          throttledFixes(r, facts),
        );
      const base = r.modeAssumed ? 0.75 : 0.8;
      return diagnosis(
        r,
        (signature === 0 && r.modeAssumed ? 0.7 : base) + 0.05 * signature,
        `${r.type} has spent its CPU credits (balance ${credits(r.balance?.value ?? 0)}) and, in standard mode, is throttled to its ${percent(r.spec.baselinePercentPerVcpu)} baseline.`,
        evidence,
        throttledFixes(r, facts),
      );
    }
    case 'charged':
      return diagnosis(
        r,
        0.7,
        `${r.type} has spent its CPU credits and runs on surplus credits: you are being charged (${credits(r.surplus?.charged ?? 0)} surplus credits), not throttled.`,
        [...balanceEvidence(r), ...surplusEvidence(r)],
        unlimitedFixes(r, facts),
      );
    case 'surplus':
      return diagnosis(
        r,
        r.surplus ? 0.6 : 0.5,
        `${r.type} has spent its CPU credits and runs on surplus credits: not throttled; surplus not paid back from later earnings is charged.`,
        [...balanceEvidence(r), ...surplusEvidence(r)],
        unlimitedFixes(r, facts),
      );
    case 'spent-mode-assumed':
      return diagnosis(
        r,
        0.5,
        `${r.type} has spent its CPU credits (balance ${credits(r.balance?.value ?? 0)}). In unlimited mode, assumed from the ${familyOf(r)} default, that is charged rather than throttled; the capture cannot tell which.`,
        balanceEvidence(r),
        [
          {
            title: 'Check the credit mode and the surplus charge',
            detail:
              'standard means throttled to the baseline; unlimited means CPUSurplusCreditsCharged is billed.',
            command: `aws ec2 describe-instance-credit-specifications --instance-ids ${idOf(r)}`,
            when: 'now',
          },
          ...unlimitedFixes(r, facts),
        ],
      );
  }
};

export const creditExhaustionRule: Rule<'credit-exhaustion'> = {
  cause: 'credit-exhaustion',
  judge(facts) {
    const assessment = assessCredits(facts);
    switch (assessment.kind) {
      case 'unknown-type':
        return {
          kind: 'no-data',
          missing:
            'instance type unknown: add `# instance-type: t3.micro` or the describe-instances block',
        };
      case 'not-burstable':
        return {
          kind: 'ruled-out',
          ruledOut: {
            cause: 'credit-exhaustion',
            reason: `${assessment.type} is not a burstable type: it has no CPU credits to spend`,
          },
        };
      case 'burstable':
        return judgeBurstable(assessment.reading, facts);
    }
  },
};
