/**
 * Burstable (T2/T3/T3a/T4g) instances: what each size earns and how much it may bank.
 *
 * Copied from `test/fixtures/reference/burstable-baselines.csv`, itself taken from the EC2 User Guide,
 * "Key concepts and definitions for burstable performance instances", table under "Earn CPU
 * credits" (awsdocs/amazon-ec2-user-guide `doc_source/burstable-credits-baseline-concepts.md` at
 * e3707c431483ec0ffffcabebd36cf799ba682cd0; live page
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-credits-baseline-concepts.html).
 * The core reads no files at run time, so the numbers live here; `test/core/burstable.test.ts`
 * checks every CSV row against this table.
 *
 * Facts from the same page that the numbers rely on:
 * - the baseline is per vCPU, and CloudWatch `CPUUtilization` is per instance: a t3.large at
 *   baseline shows 30% in CloudWatch;
 * - `creditsPerHour = baselinePercentPerVcpu × vcpus × 60 / 100` (one credit = one vCPU-minute);
 * - `maxCredits` is 24 hours of earnings; T2 launch credits do not count toward it, so a T2
 *   Standard balance can sit above it;
 * - T2 defaults to `standard`, T3/T3a/T4g to `unlimited` (T3 on a Dedicated Host: standard only).
 */

export type CreditMode = 'standard' | 'unlimited';

export interface BurstableSpec {
  /** `t2`, `t3`, `t3a`, `t4g`. */
  family: string;
  vcpus: number;
  /** Baseline utilisation per vCPU, in percent (t3.micro: 10). */
  baselinePercentPerVcpu: number;
  /** CPU credits earned per hour (one credit = one vCPU at 100% for one minute). */
  creditsPerHour: number;
  /** Most earned credits the instance can bank (24 hours of earnings). */
  maxCredits: number;
  /** The credit mode an instance of this family gets when launch sets none. */
  defaultCreditMode: CreditMode;
}

// biome-ignore format: one row per instance type reads like the source table
const BURSTABLE_SPECS = {
  't2.nano': { family: 't2', vcpus: 1, baselinePercentPerVcpu: 5, creditsPerHour: 3, maxCredits: 72, defaultCreditMode: 'standard' },
  't2.micro': { family: 't2', vcpus: 1, baselinePercentPerVcpu: 10, creditsPerHour: 6, maxCredits: 144, defaultCreditMode: 'standard' },
  't2.small': { family: 't2', vcpus: 1, baselinePercentPerVcpu: 20, creditsPerHour: 12, maxCredits: 288, defaultCreditMode: 'standard' },
  't2.medium': { family: 't2', vcpus: 2, baselinePercentPerVcpu: 20, creditsPerHour: 24, maxCredits: 576, defaultCreditMode: 'standard' },
  't2.large': { family: 't2', vcpus: 2, baselinePercentPerVcpu: 30, creditsPerHour: 36, maxCredits: 864, defaultCreditMode: 'standard' },
  't2.xlarge': { family: 't2', vcpus: 4, baselinePercentPerVcpu: 22.5, creditsPerHour: 54, maxCredits: 1296, defaultCreditMode: 'standard' },
  't2.2xlarge': { family: 't2', vcpus: 8, baselinePercentPerVcpu: 17, creditsPerHour: 81.6, maxCredits: 1958.4, defaultCreditMode: 'standard' },
  't3.nano': { family: 't3', vcpus: 2, baselinePercentPerVcpu: 5, creditsPerHour: 6, maxCredits: 144, defaultCreditMode: 'unlimited' },
  't3.micro': { family: 't3', vcpus: 2, baselinePercentPerVcpu: 10, creditsPerHour: 12, maxCredits: 288, defaultCreditMode: 'unlimited' },
  't3.small': { family: 't3', vcpus: 2, baselinePercentPerVcpu: 20, creditsPerHour: 24, maxCredits: 576, defaultCreditMode: 'unlimited' },
  't3.medium': { family: 't3', vcpus: 2, baselinePercentPerVcpu: 20, creditsPerHour: 24, maxCredits: 576, defaultCreditMode: 'unlimited' },
  't3.large': { family: 't3', vcpus: 2, baselinePercentPerVcpu: 30, creditsPerHour: 36, maxCredits: 864, defaultCreditMode: 'unlimited' },
  't3.xlarge': { family: 't3', vcpus: 4, baselinePercentPerVcpu: 40, creditsPerHour: 96, maxCredits: 2304, defaultCreditMode: 'unlimited' },
  't3.2xlarge': { family: 't3', vcpus: 8, baselinePercentPerVcpu: 40, creditsPerHour: 192, maxCredits: 4608, defaultCreditMode: 'unlimited' },
  't3a.nano': { family: 't3a', vcpus: 2, baselinePercentPerVcpu: 5, creditsPerHour: 6, maxCredits: 144, defaultCreditMode: 'unlimited' },
  't3a.micro': { family: 't3a', vcpus: 2, baselinePercentPerVcpu: 10, creditsPerHour: 12, maxCredits: 288, defaultCreditMode: 'unlimited' },
  't3a.small': { family: 't3a', vcpus: 2, baselinePercentPerVcpu: 20, creditsPerHour: 24, maxCredits: 576, defaultCreditMode: 'unlimited' },
  't3a.medium': { family: 't3a', vcpus: 2, baselinePercentPerVcpu: 20, creditsPerHour: 24, maxCredits: 576, defaultCreditMode: 'unlimited' },
  't3a.large': { family: 't3a', vcpus: 2, baselinePercentPerVcpu: 30, creditsPerHour: 36, maxCredits: 864, defaultCreditMode: 'unlimited' },
  't3a.xlarge': { family: 't3a', vcpus: 4, baselinePercentPerVcpu: 40, creditsPerHour: 96, maxCredits: 2304, defaultCreditMode: 'unlimited' },
  't3a.2xlarge': { family: 't3a', vcpus: 8, baselinePercentPerVcpu: 40, creditsPerHour: 192, maxCredits: 4608, defaultCreditMode: 'unlimited' },
  't4g.nano': { family: 't4g', vcpus: 2, baselinePercentPerVcpu: 5, creditsPerHour: 6, maxCredits: 144, defaultCreditMode: 'unlimited' },
  't4g.micro': { family: 't4g', vcpus: 2, baselinePercentPerVcpu: 10, creditsPerHour: 12, maxCredits: 288, defaultCreditMode: 'unlimited' },
  't4g.small': { family: 't4g', vcpus: 2, baselinePercentPerVcpu: 20, creditsPerHour: 24, maxCredits: 576, defaultCreditMode: 'unlimited' },
  't4g.medium': { family: 't4g', vcpus: 2, baselinePercentPerVcpu: 20, creditsPerHour: 24, maxCredits: 576, defaultCreditMode: 'unlimited' },
  't4g.large': { family: 't4g', vcpus: 2, baselinePercentPerVcpu: 30, creditsPerHour: 36, maxCredits: 864, defaultCreditMode: 'unlimited' },
  't4g.xlarge': { family: 't4g', vcpus: 4, baselinePercentPerVcpu: 40, creditsPerHour: 96, maxCredits: 2304, defaultCreditMode: 'unlimited' },
  't4g.2xlarge': { family: 't4g', vcpus: 8, baselinePercentPerVcpu: 40, creditsPerHour: 192, maxCredits: 4608, defaultCreditMode: 'unlimited' },
} as const satisfies Record<string, BurstableSpec>;

export type BurstableInstanceType = keyof typeof BURSTABLE_SPECS;

/** Every instance type in the table, in the source's order. */
export const BURSTABLE_INSTANCE_TYPES = Object.keys(BURSTABLE_SPECS) as BurstableInstanceType[];

/**
 * The credit figures of a burstable instance type (`t3.micro`, case and surrounding space
 * ignored), or `undefined` for any other type (`m5.large`, `t3.metal`, garbage).
 */
export const burstableSpec = (instanceType: string): BurstableSpec | undefined => {
  const key = instanceType.trim().toLowerCase();
  return Object.hasOwn(BURSTABLE_SPECS, key)
    ? BURSTABLE_SPECS[key as BurstableInstanceType]
    : undefined;
};
