import { burstableSpec } from '../burstable.js';
import { blocksOf, type Capture, type ParsedBlock } from '../capture/read.js';
import { sourceOf } from './source.js';
import type { CreditFacts, InstanceFacts, MetricSeries } from './types.js';

export interface InstanceContext {
  instanceType?: string;
  creditMode?: 'standard' | 'unlimited';
  /** ISO time the capture was taken (for the instance's age). */
  at?: string;
}

const isCreditMode = (s: string | undefined): s is 'standard' | 'unlimited' =>
  s === 'standard' || s === 'unlimited';

/**
 * What is known of the instance: from `aws ec2 describe-*` blocks when the Lambda added them,
 * else from what a person stated (`# instance-type:` metadata or CLI options).
 */
export const deriveInstance = (
  capture: Capture,
  context: InstanceContext,
): InstanceFacts | undefined => {
  const meta = capture.metadata;
  const described = blocksOf(capture, 'aws-ec2-describe-instances').at(-1);
  const id = meta['instance-id'];
  const instance =
    described?.data.instances.find((i) => i.instanceId === id) ?? described?.data.instances[0];
  const type = context.instanceType ?? instance?.instanceType ?? meta['instance-type'];
  const instanceId = instance?.instanceId ?? id;
  if (!type && !instanceId) return undefined;

  const facts: InstanceFacts = {
    ...(instanceId ? { id: instanceId } : {}),
    ...(type ? { type } : {}),
    source: described ? sourceOf(described) : 'capture metadata',
  };
  const spec = type ? burstableSpec(type) : undefined;
  if (spec) {
    facts.burstable = spec;
    const specBlock = blocksOf(capture, 'aws-ec2-describe-instance-credit-specifications').at(-1);
    const described =
      specBlock?.data.specifications.find((s) => s.instanceId === instanceId) ??
      specBlock?.data.specifications[0];
    const stated =
      context.creditMode ?? (isCreditMode(meta['credit-mode']) ? meta['credit-mode'] : undefined);
    facts.creditMode = described
      ? { value: described.cpuCredits, from: 'describe-instance-credit-specifications' }
      : stated
        ? { value: stated, from: 'metadata' }
        : { value: spec.defaultCreditMode, from: 'family default' };
  }
  if (instance?.launchTime) {
    facts.launchTime = instance.launchTime;
    const at = Date.parse(context.at ?? meta['captured-at'] ?? '');
    const launched = Date.parse(instance.launchTime);
    if (Number.isFinite(at) && Number.isFinite(launched))
      facts.ageHours = (at - launched) / 3_600_000;
  }
  if (instance?.beanstalkEnvironment) facts.beanstalkEnvironment = instance.beanstalkEnvironment;
  if (instance?.autoScalingGroup) facts.autoScalingGroup = instance.autoScalingGroup;
  return facts;
};

const METRICS = {
  balance: /^CPUCreditBalance$/i,
  surplusBalance: /^CPUSurplusCreditBalance$/i,
  surplusCharged: /^CPUSurplusCreditsCharged$/i,
  cpuUtilization: /^CPUUtilization$/i,
  memory: /^mem_used_percent$/i,
} as const;

/** A CloudWatch series as a block gave it: get-metric-data's `Label`/`Id`, get-metric-statistics' `Label`. */
interface Found {
  label: string;
  id?: string;
  points: { timestamp: string; value: number }[];
}

/** The CloudWatch series of the capture, in document order: get-metric-data and get-metric-statistics. */
const seriesOf = (capture: Capture): { found: Found; source: string }[] =>
  capture.blocks.flatMap((block): { found: Found; source: string }[] => {
    if (block.status !== 'parsed') return [];
    if (block.tool === 'aws-cloudwatch-get-metric-data') {
      const data = (block as ParsedBlock<'aws-cloudwatch-get-metric-data'>).data;
      return data.series.map((s) => ({ found: s, source: sourceOf(block) }));
    }
    if (block.tool === 'aws-cloudwatch-get-metric-statistics') {
      const data = (block as ParsedBlock<'aws-cloudwatch-get-metric-statistics'>).data;
      return [{ found: data, source: sourceOf(block) }];
    }
    return [];
  });

/**
 * CloudWatch series by metric, matched on the label or id the query gave them; a later block wins.
 * get-metric-statistics gives the same series as get-metric-data would for its statistic.
 */
export const deriveMetrics = (
  capture: Capture,
): { credits?: CreditFacts; memoryTrend?: MetricSeries } => {
  const found: Partial<Record<keyof typeof METRICS, MetricSeries>> = {};
  for (const { found: s, source } of seriesOf(capture)) {
    for (const [key, pattern] of Object.entries(METRICS) as [keyof typeof METRICS, RegExp][]) {
      const label = s.label.trim();
      const name =
        label.split(/\s+/).find((w) => pattern.test(w)) ??
        (s.id !== undefined && pattern.test(s.id) ? s.id : undefined);
      if (!name || s.points.length === 0) continue;
      found[key] = {
        label: name,
        points: s.points.map((p) => ({ at: p.timestamp, value: p.value })),
        source,
      };
    }
  }
  const { memory, ...creditSeries } = found;
  const credits = Object.keys(creditSeries).length > 0 ? (creditSeries as CreditFacts) : undefined;
  return { ...(credits ? { credits } : {}), ...(memory ? { memoryTrend: memory } : {}) };
};
