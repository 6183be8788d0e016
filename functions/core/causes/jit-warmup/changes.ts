/**
 * What changed just before the alarm that makes a JVM's warm-up the likely trigger: a deploy
 * (seed 004: CPU at 99.9% right after each deploy), or this JVM starting. Context for the
 * rule, never a diagnosis by itself: the compiler threads must be hot for it to count.
 */
import { changeReference, secondsBefore } from '../../facts/changes.js';
import type { Change, Facts } from '../../facts/types.js';

/**
 * How recent a change must be to explain a warm-up: warm-up under load lasts minutes (seed
 * 004 settled after 7–8 rounds; Jetty's C2 load after a deploy lasted ~5 min), as the rule's
 * YOUNG_SECONDS says of the JVM's age.
 */
export const RECENT_CHANGE_SECONDS = 10 * 60;

const deployFirst = (c: Change): number => (c.kind === 'deploy' ? 0 : 1);

export interface RecentChange {
  change: Change;
  seconds: number;
  /** `the alarm` or `the capture`. */
  before: string;
}

/**
 * The latest deploy in the {@link RECENT_CHANGE_SECONDS} before the alarm (the capture when the
 * alarm's time is unknown), or the start of the JVM `pid` in those before the alarm.
 */
export const recentChange = (facts: Facts, pid: number | undefined): RecentChange | undefined => {
  const reference = changeReference(facts);
  if (!reference) return undefined;
  const found = (facts.changes ?? [])
    .filter(
      (c) =>
        c.kind === 'deploy' ||
        // Before the capture it is only the JVM's age, which the rule weighs already; before
        // the alarm it says the warm-up was under way when the alarm fired.
        (c.kind === 'process-start' && reference.what === 'the alarm' && c.pid === pid),
    )
    .map((change) => ({ change, seconds: secondsBefore(change, reference) }))
    .filter((c) => c.seconds >= 0 && c.seconds <= RECENT_CHANGE_SECONDS)
    // A deploy first: it is what restarted the JVM. Then the latest.
    .sort((a, b) => deployFirst(a.change) - deployFirst(b.change) || a.seconds - b.seconds)[0];
  return found ? { ...found, before: reference.what } : undefined;
};
