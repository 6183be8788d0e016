import type { FactOptions } from '../core/facts/derive.js';
import { UsageError } from './errors.js';

/** `--instance-type` and `--credit-mode`: what a person states about the host, checked. */
export const factOptions = (values: {
  'instance-type'?: string | undefined;
  'credit-mode'?: string | undefined;
}): FactOptions => {
  const options: FactOptions = { now: new Date().toISOString() };
  const type = values['instance-type'];
  if (type !== undefined) {
    if (!/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(type)) {
      throw new UsageError(`--instance-type '${type}' is not an EC2 instance type (e.g. t3.micro)`);
    }
    options.instanceType = type;
  }
  const mode = values['credit-mode'];
  if (mode !== undefined) {
    if (mode !== 'standard' && mode !== 'unlimited') {
      throw new UsageError(`--credit-mode must be standard or unlimited, not '${mode}'`);
    }
    options.creditMode = mode;
  }
  return options;
};
