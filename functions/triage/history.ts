/**
 * A target's history, for the card: each triage is noted on its targets as it goes (started,
 * first diagnosis, rerun verdict, time to OK), and a new diagnosis is shown with what the last
 * 30 days held. Best effort throughout: a history that cannot be written or read costs the card
 * a line, never the triage.
 */
import type { HistorySummary, TargetEvent, TriageRecord } from './model.js';
import { targetKey } from './model.js';
import type { Log, TriageStore } from './ports.js';

/** How far back the card looks. */
export const HISTORY_DAYS = 30;

type Fields = Parameters<TriageStore['noteHistory']>[2];

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Notes `fields` on every target of the triage. */
export const noteHistory = async (
  deps: { store: TriageStore; logger: Log },
  record: Pick<TriageRecord, 'triageId' | 'startedAt' | 'targets'>,
  fields: Fields,
  now: Date,
  options: { firstOnly?: boolean } = {},
): Promise<void> => {
  if (record.targets.length === 0) return;
  try {
    await deps.store.noteHistory(record.targets.map(targetKey), record, fields, now, options);
  } catch (error) {
    deps.logger.warn('history not noted', { error: describe(error) });
  }
};

/** What the earlier triages of a target say; `undefined` when there were none. */
export const summarize = (
  target: string,
  events: readonly TargetEvent[],
  triageId: string,
): HistorySummary | undefined => {
  const earlier = events.filter((e) => e.triageId !== triageId);
  if (earlier.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const e of earlier) if (e.cause) counts.set(e.cause, (counts.get(e.cause) ?? 0) + 1);
  const resolved = earlier.filter((e) => e.resolvedAfterMs !== undefined).at(-1);
  const rerun = earlier.filter((e) => e.rerunVerdict && e.rerunAt).at(-1);
  return {
    target: target.slice(target.indexOf('/') + 1),
    days: HISTORY_DAYS,
    seen: earlier.length,
    causes: [...counts]
      .map(([cause, count]) => ({ cause, count }))
      .sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause)),
    ...(resolved?.resolvedAfterMs !== undefined
      ? { lastResolvedAfterMs: resolved.resolvedAfterMs }
      : {}),
    ...(rerun?.rerunVerdict && rerun.rerunAt
      ? {
          lastRerun: {
            verdict: rerun.rerunVerdict,
            at: rerun.rerunAt,
            ...(rerun.fix ? { after: rerun.fix } : {}),
          },
        }
      : {}),
  };
};

/** The history of the triage's first target over the last {@link HISTORY_DAYS} days. */
export const historyOf = async (
  deps: { store: TriageStore; logger: Log },
  record: Pick<TriageRecord, 'triageId' | 'targets'>,
  now: Date,
): Promise<HistorySummary | undefined> => {
  const first = record.targets[0];
  if (!first) return undefined;
  const target = targetKey(first);
  try {
    const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
    return summarize(target, await deps.store.historyOf(target, since), record.triageId);
  } catch (error) {
    deps.logger.warn('history not read', { error: describe(error) });
    return undefined;
  }
};
