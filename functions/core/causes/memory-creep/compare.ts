import type { Facts } from '../../facts/types.js';
import { busiestBeforeAndAfter, type Change, change, present } from '../shared/change.js';
import { size } from '../shared/words.js';

/** Available memory (more is better) and the busiest process's resident memory. */
export const compareMemory = (before: Facts, after: Facts): Change[] => {
  const { hottest, same } = busiestBeforeAndAfter(before, after);
  return present([
    change(
      'available memory',
      before.memory?.availableKiB,
      after.memory?.availableKiB,
      size,
      false,
    ),
    hottest?.rssKiB !== undefined
      ? change(`${hottest.name} RSS`, hottest.rssKiB, same?.rssKiB, size)
      : undefined,
  ]);
};
