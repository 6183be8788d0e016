import type { Facts, ProcessFacts } from '../../facts/types.js';

/** One measure seen before and after, with which direction is better. */
export interface Change {
  label: string;
  before: number;
  after: number;
  /** `before → after` in the measure's own unit, e.g. `37% → 3%`. */
  text: string;
  better: boolean | null;
}

/** A change counts when it moves by at least this share of the larger value. */
const MEANINGFUL = 0.3;

/** Whether two values are a meaningful share of the larger apart. */
export const movedMeaningfully = (before: number, after: number): boolean => {
  const scale = Math.max(Math.abs(before), Math.abs(after));
  return scale > 0 && Math.abs(after - before) / scale >= MEANINGFUL;
};

/** A measure before and after, or nothing when either capture lacks it. */
export const change = (
  label: string,
  before: number | undefined,
  after: number | undefined,
  format: (n: number) => string,
  lowerIsBetter = true,
): Change | undefined => {
  if (before === undefined || after === undefined) return undefined;
  const delta = after - before;
  const moved = movedMeaningfully(before, after);
  return {
    label,
    before,
    after,
    text: `${label} ${format(before)} → ${format(after)}`,
    better: moved ? delta < 0 === lowerIsBetter : null,
  };
};

/** The measures a capture pair has, in order. */
export const present = (changes: (Change | undefined)[]): Change[] =>
  changes.filter((c): c is Change => c !== undefined);

/** The first capture's busiest process, and the process of the same name in the second. */
export const busiestBeforeAndAfter = (
  before: Facts,
  after: Facts,
): { hottest?: ProcessFacts; same?: ProcessFacts } => {
  const hottest = before.processes[0];
  const same = hottest && after.processes.find((p) => p.name === hottest.name);
  return { ...(hottest ? { hottest } : {}), ...(same ? { same } : {}) };
};
