/**
 * Alarm targets → running EC2 instances, hottest first.
 *
 * - an instance: `ec2:DescribeInstances` filtered by `instance-id` (a filter, not `InstanceIds`,
 *   so an unknown id is simply absent instead of failing the whole call with
 *   `InvalidInstanceID.NotFound`);
 * - an Auto Scaling group: `autoscaling:DescribeAutoScalingGroups` → its `InService` instances
 *   (botocore `autoscaling/2011-01-01`: `Instances[].LifecycleState`);
 * - an Elastic Beanstalk environment: `ec2:DescribeInstances` filtered by the tag Beanstalk puts
 *   on its instances, `elasticbeanstalk:environment-name`, and `instance-state-name=running`
 *   (`docs/reference/aws-slack-facts.md` §3). The name comes from the alarm's dimension, and EC2
 *   filter values are patterns (`*` any run of characters, `?` one, `\` escapes), so `*` would
 *   select every environment's instances: a name Beanstalk would not accept is refused before
 *   any call, and only instances whose tag equals the name count.
 *
 * An Auto Scaling group name needs no such care: `AutoScalingGroupNames` takes names, not
 * patterns, and the answer is matched by exact name; its instance ids then come from AWS.
 *
 * When there are more candidates than the limit, they are ranked by their recent
 * `AWS/EC2 CPUUtilization` (one `GetMetricData` call) and the hottest are kept.
 */
import {
  type AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeInstancesCommand,
  type EC2Client,
  type Filter,
  type Instance,
} from '@aws-sdk/client-ec2';
import type { Target } from '../../core/alarm/types.js';
import type {
  ResolvedInstance,
  SkippedTarget,
  TargetResolution,
  TargetResolver,
} from '../../triage/ports.js';
import { autoScalingClient, cloudWatchClient, ec2Client, wrapAwsError } from './clients.js';

export const BEANSTALK_ENVIRONMENT_TAG = 'elasticbeanstalk:environment-name';
/**
 * What Beanstalk accepts as an environment name (CreateEnvironment: 4 to 40 letters, digits and
 * hyphens, not starting or ending with a hyphen). No such name holds a filter wildcard.
 */
export const BEANSTALK_ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{2,38}[A-Za-z0-9]$/;
/** EC2 takes up to 200 values per filter; stay well under. */
const IDS_PER_FILTER = 100;
const MAX_PAGES = 10;
/** Ranking looks at the last 20 minutes: four 5-minute points with basic monitoring. */
const RANK_WINDOW_MS = 20 * 60_000;
/** GetMetricData takes at most 500 queries per call. */
const QUERIES_PER_CALL = 500;

export interface AwsTargetResolverOptions {
  ec2?: EC2Client;
  autoScaling?: AutoScalingClient;
  cloudWatch?: CloudWatchClient;
  now?: () => Date;
}

/** The Auto Scaling group or Beanstalk environment an instance's tags name, if any. */
const groupOf = (instance: Instance): Target | undefined => {
  const tag = (key: string) => instance.Tags?.find((t) => t.Key === key)?.Value;
  const environment = tag(BEANSTALK_ENVIRONMENT_TAG);
  if (environment) return { kind: 'beanstalk-environment', name: environment };
  const group = tag(AUTO_SCALING_GROUP_TAG);
  return group ? { kind: 'auto-scaling-group', name: group } : undefined;
};

/** The tag EC2 Auto Scaling puts on the instances it launches. */
const AUTO_SCALING_GROUP_TAG = 'aws:autoscaling:groupName';

interface Candidate {
  instanceId: string;
  instanceType?: string;
  via: Target;
}

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

export class AwsTargetResolver implements TargetResolver {
  readonly #ec2: EC2Client;
  readonly #autoScaling: AutoScalingClient;
  readonly #cloudWatch: CloudWatchClient;
  readonly #now: () => Date;

  constructor(options: AwsTargetResolverOptions = {}) {
    this.#ec2 = options.ec2 ?? ec2Client();
    this.#autoScaling = options.autoScaling ?? autoScalingClient();
    this.#cloudWatch = options.cloudWatch ?? cloudWatchClient();
    this.#now = options.now ?? (() => new Date());
  }

  async resolve(
    targets: readonly Target[],
    limit: number,
    options: { peer?: boolean } = {},
  ): Promise<TargetResolution> {
    const candidates = new Map<string, Candidate>();
    const skipped: SkippedTarget[] = [];
    /** The group or environment of a lone instance, for its healthy peer. */
    let groupOfInstance: Target | undefined;
    const add = (instance: Instance, via: Target) => {
      const id = instance.InstanceId;
      if (id && !candidates.has(id)) {
        candidates.set(id, {
          instanceId: id,
          ...(instance.InstanceType ? { instanceType: instance.InstanceType } : {}),
          via,
        });
      }
    };

    const instanceTargets = targets.filter((t) => t.kind === 'instance');
    if (instanceTargets.length > 0) {
      const ids = instanceTargets.map((t) => t.instanceId);
      const described = await this.#describe([{ Name: 'instance-id', Values: ids }], ids.length);
      for (const target of instanceTargets) {
        const instance = described.find((i) => i.InstanceId === target.instanceId);
        const state = instance?.State?.Name;
        if (!instance) skipped.push({ target, reason: 'not-found', instanceId: target.instanceId });
        else if (state !== 'running') {
          skipped.push({
            target,
            reason: 'not-running',
            instanceId: target.instanceId,
            ...(state ? { state } : {}),
          });
        } else {
          add(instance, target);
          groupOfInstance ??= groupOf(instance);
        }
      }
    }

    for (const target of targets) {
      if (target.kind === 'auto-scaling-group') {
        const ids = await this.#inService(target.name);
        if (ids === undefined) {
          skipped.push({ target, reason: 'group-not-found' });
          continue;
        }
        const running = ids.length
          ? await this.#describe(
              [
                { Name: 'instance-id', Values: ids },
                { Name: 'instance-state-name', Values: ['running'] },
              ],
              ids.length,
            )
          : [];
        if (running.length === 0) skipped.push({ target, reason: 'no-running-instances' });
        for (const instance of running) add(instance, target);
      } else if (target.kind === 'beanstalk-environment') {
        if (!BEANSTALK_ENVIRONMENT_NAME.test(target.name)) {
          skipped.push({ target, reason: 'group-not-found' });
          continue;
        }
        const tagged = await this.#describe([
          { Name: `tag:${BEANSTALK_ENVIRONMENT_TAG}`, Values: [target.name] },
          { Name: 'instance-state-name', Values: ['running'] },
        ]);
        const running = tagged.filter((i) =>
          i.Tags?.some((t) => t.Key === BEANSTALK_ENVIRONMENT_TAG && t.Value === target.name),
        );
        if (running.length === 0) skipped.push({ target, reason: 'no-running-instances' });
        for (const instance of running) add(instance, target);
      }
    }

    const all = [...candidates.values()];
    if (options.peer && all.length === 1 && targets.length === 1 && groupOfInstance) {
      // A lone instance of a group: its coolest mate is the healthy peer.
      const mates = await this.resolve([groupOfInstance], 1);
      const coolest = mates.coolest?.instanceId === all[0]?.instanceId ? undefined : mates.coolest;
      return { instances: all, ...(coolest ? { coolest } : {}), candidates: 1, skipped };
    }
    if (all.length <= limit) return { instances: all, candidates: all.length, skipped };
    const ranked = await this.#rank(all);
    // Only a measured instance is known to be cool enough to stand for a healthy one.
    const coolest = ranked
      .slice(limit)
      .filter((i) => i.recentCpu !== undefined)
      .at(-1);
    return {
      instances: ranked.slice(0, limit),
      ...(coolest ? { coolest } : {}),
      candidates: all.length,
      skipped,
    };
  }

  /** DescribeInstances over every page; `ids` filters are split into chunks EC2 accepts. */
  async #describe(filters: Filter[], idCount = 0): Promise<Instance[]> {
    const idFilter = filters.find((f) => f.Name === 'instance-id');
    const idChunks =
      idFilter && idCount > IDS_PER_FILTER
        ? chunks(idFilter.Values ?? [], IDS_PER_FILTER)
        : [idFilter?.Values ?? []];
    const out: Instance[] = [];
    for (const ids of idChunks) {
      const chunkFilters = filters.map((f) => (f === idFilter ? { ...f, Values: ids } : f));
      let token: string | undefined;
      let pages = 0;
      do {
        try {
          const page = await this.#ec2.send(
            new DescribeInstancesCommand({ Filters: chunkFilters, NextToken: token }),
          );
          for (const r of page.Reservations ?? []) out.push(...(r.Instances ?? []));
          token = page.NextToken;
        } catch (error) {
          throw wrapAwsError(error, 'ec2_describe_failed', 'DescribeInstances');
        }
        pages++;
      } while (token && pages < MAX_PAGES);
    }
    return out;
  }

  /** The group's InService instance ids, or `undefined` when there is no such group. */
  async #inService(name: string): Promise<string[] | undefined> {
    try {
      const answer = await this.#autoScaling.send(
        new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
      );
      const group = answer.AutoScalingGroups?.find((g) => g.AutoScalingGroupName === name);
      if (!group) return undefined;
      return (group.Instances ?? [])
        .filter((i) => i.LifecycleState === 'InService' && i.InstanceId)
        .map((i) => i.InstanceId as string);
    } catch (error) {
      throw wrapAwsError(error, 'autoscaling_describe_failed', `DescribeAutoScalingGroups ${name}`);
    }
  }

  /** Hottest first by the newest CPUUtilization point; instances with no data go last. */
  async #rank(candidates: Candidate[]): Promise<ResolvedInstance[]> {
    const end = this.#now();
    const start = new Date(end.getTime() - RANK_WINDOW_MS);
    const cpu = new Map<string, number>();
    for (const [c, group] of chunks(candidates, QUERIES_PER_CALL).entries()) {
      const queries: MetricDataQuery[] = group.map((candidate, i) => ({
        Id: `cpu${c}_${i}`,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/EC2',
            MetricName: 'CPUUtilization',
            Dimensions: [{ Name: 'InstanceId', Value: candidate.instanceId }],
          },
          Period: 300,
          Stat: 'Average',
        },
        ReturnData: true,
      }));
      try {
        const answer = await this.#cloudWatch.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries,
            StartTime: start,
            EndTime: end,
            ScanBy: 'TimestampDescending',
          }),
        );
        for (const result of answer.MetricDataResults ?? []) {
          const index = queries.findIndex((q) => q.Id === result.Id);
          const candidate = group[index];
          const newest = result.Values?.[0];
          if (candidate && newest !== undefined) cpu.set(candidate.instanceId, newest);
        }
      } catch (error) {
        throw wrapAwsError(error, 'cloudwatch_failed', 'GetMetricData CPUUtilization (ranking)');
      }
    }
    return candidates
      .map((c): ResolvedInstance => {
        const recentCpu = cpu.get(c.instanceId);
        return { ...c, ...(recentCpu !== undefined ? { recentCpu } : {}) };
      })
      .sort((a, b) => (b.recentCpu ?? -1) - (a.recentCpu ?? -1));
  }
}
