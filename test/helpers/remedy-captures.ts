/**
 * Captures that call for the fixes alert-triage can apply, built from the seeds: seed 000's
 * sick Beanstalk instance with its process's environment (the profiler flag) and the AWS
 * context the capture-done function adds; a t2.micro out of credits, its mode stated or not.
 */
import { loadFixture } from './fixtures.js';

const environ = (pid: number, flag: string) =>
  `\n==> tr '\\0' '\\n' < /proc/${pid}/environ <==\nDD_PROFILING_ENABLED=${flag}\nNODE_OPTIONS=--max-old-space-size=2048\n`;

const BEANSTALK = loadFixture(
  'captures/aws-ec2-describe-instances/constructed-seed-000-beanstalk-arm64.txt',
);

/** Seed 000's sick instance in Beanstalk environment `api-prod`, node (2872) profiled or not. */
export const seed000Sick = (flag = 'true'): string =>
  `${loadFixture('captures/seeds/seed-000-sick.txt')}${environ(2872, flag)}\n${BEANSTALK}`;

/** Seed 000's healthy peer, in the same environment. */
export const seed000Healthy = (): string =>
  `${loadFixture('captures/seeds/seed-000-healthy.txt')}\n${BEANSTALK}`;

const T2 = 'captures/corpus/credit-exhaustion/x3rus-training-t2-micro-kernel-build-st-88.txt';

/** A t2.micro out of credits; `stated` adds the credit mode AWS would give. */
export const creditExhausted = (stated?: 'standard' | 'unlimited'): string => {
  const text = loadFixture(T2);
  return stated ? `# credit-mode: ${stated}\n${text}` : text;
};
