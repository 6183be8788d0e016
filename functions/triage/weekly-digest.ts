/**
 * The weekly digest: last week's triages, how often each cause shown was right by the
 * feedback (right / (right + wrong)), the median time from ALARM to OK, and the targets that
 * alarmed more than once. Run by a weekly schedule on the capture-done function; it reads the
 * week's two partitions and each triage's record (for its OK), and posts once.
 */
import type { Target } from '../core/alarm/types.js';
import type { CauseId } from '../core/diagnosis.js';
import { isoWeek, weekBounds } from './iso-week.js';
import type { TriageRecord } from './model.js';
import { tell } from './notify.js';
import type {
  CausePrecision,
  Clock,
  Feedback,
  FeedbackStore,
  Log,
  Notifier,
  TriageOfWeek,
  TriageStore,
  WeeklyDigest,
} from './ports.js';

export interface WeeklyDigestDeps {
  store: Pick<TriageStore, 'getTriage'>;
  feedback: FeedbackStore;
  notifier: Notifier;
  clock: Clock;
  logger: Log;
}

/** What the weekly rule sends the capture-done function (`lib/weekly-digest.ts`). */
export const WEEKLY_DIGEST_INPUT = { alertTriage: 'weekly-digest' } as const;

/** At most this many recurrent targets are named. */
export const MAX_TARGETS = 5;

const DAY_MS = 86_400_000;

export const median = (values: readonly number[]): number | undefined => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return undefined;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const targetKey = (t: Target): string =>
  t.kind === 'instance' ? `instance:${t.instanceId}` : `${t.kind}:${t.name}`;

const precisionOf = (feedback: readonly Feedback[]): CausePrecision[] => {
  const byCause = new Map<CauseId, CausePrecision>();
  for (const f of feedback) {
    const row = byCause.get(f.shownCause) ?? { cause: f.shownCause, right: 0, wrong: 0 };
    row[f.verdict] += 1;
    byCause.set(f.shownCause, row);
  }
  return [...byCause.values()].sort(
    (a, b) => b.right + b.wrong - (a.right + a.wrong) || a.cause.localeCompare(b.cause),
  );
};

const recurrentTargets = (triages: readonly TriageOfWeek[]) => {
  const counts = new Map<string, { target: Target; triages: number }>();
  for (const t of triages) {
    for (const target of t.targets) {
      const key = targetKey(target);
      const row = counts.get(key) ?? { target, triages: 0 };
      row.triages += 1;
      counts.set(key, row);
    }
  }
  return [...counts.entries()]
    .filter(([, row]) => row.triages > 1)
    .sort(([ka, a], [kb, b]) => b.triages - a.triages || ka.localeCompare(kb))
    .slice(0, MAX_TARGETS)
    .map(([, row]) => row);
};

/** From the ALARM transition to the OK; undefined while it is still in alarm. */
const timeToOk = (record: TriageRecord | undefined): number | undefined => {
  if (!record?.resolvedAt) return undefined;
  const ms = Date.parse(record.resolvedAt) - Date.parse(record.alarm.changedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
};

/** The digest of one week from what the store holds. Pure but for the reads. */
export const digestOf = async (
  week: string,
  bounds: { from: Date; to: Date },
  deps: Pick<WeeklyDigestDeps, 'store' | 'feedback'>,
): Promise<WeeklyDigest> => {
  const [triages, feedback] = await Promise.all([
    deps.feedback.triagesOfWeek(week),
    deps.feedback.feedbackOfWeek(week),
  ]);
  // Records expire after 30 days and the digest reads last week's: one read each, in order.
  const okTimes: number[] = [];
  for (const t of triages) {
    const ms = timeToOk(await deps.store.getTriage(t.triageId));
    if (ms !== undefined) okTimes.push(ms);
  }
  const medianMs = median(okTimes);
  return {
    week,
    from: bounds.from.toISOString().slice(0, 10),
    to: bounds.to.toISOString().slice(0, 10),
    triages: triages.length,
    resolved: okTimes.length,
    ...(medianMs === undefined ? {} : { medianTimeToOkMs: medianMs }),
    feedback: feedback.length,
    precision: precisionOf(feedback),
    recurrentTargets: recurrentTargets(triages),
  };
};

/** Posts the digest of the week before the one `clock.now()` is in. */
export const postWeeklyDigest = async (deps: WeeklyDigestDeps): Promise<WeeklyDigest> => {
  const lastWeek = new Date(deps.clock.now().getTime() - 7 * DAY_MS);
  const week = isoWeek(lastWeek);
  const digest = await digestOf(week, weekBounds(lastWeek), deps);
  deps.logger.info('weekly digest', {
    week,
    triages: digest.triages,
    feedback: digest.feedback,
    resolved: digest.resolved,
  });
  await tell(
    deps.logger,
    'weeklyDigest',
    async () => undefined,
    () => deps.notifier.weeklyDigest(digest),
  );
  return digest;
};
