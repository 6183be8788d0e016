/**
 * ISO 8601 weeks (Monday to Sunday, UTC; week 1 holds the year's first Thursday): the unit the
 * feedback and the weekly digest are filed and counted by. `2026-W47`.
 */

const DAY_MS = 86_400_000;

/** The ISO week of a time, `YYYY-Www`, in UTC. */
export const isoWeek = (at: Date | string): string => {
  const time = new Date(at);
  const day = new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  // The Thursday of the same week decides the year the week belongs to.
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const year = day.getUTCFullYear();
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / DAY_MS + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
};

/** The Monday 00:00 UTC that starts the week of `at`, and the next Monday (exclusive end). */
export const weekBounds = (at: Date): { from: Date; to: Date } => {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const weekday = new Date(day).getUTCDay() || 7;
  const from = new Date(day - (weekday - 1) * DAY_MS);
  return { from, to: new Date(from.getTime() + 7 * DAY_MS) };
};

/** Every ISO week that overlaps `[since, until]`, oldest first. */
export const weeksBetween = (since: Date, until: Date): string[] => {
  const weeks: string[] = [];
  for (let t = weekBounds(since).from.getTime(); t <= until.getTime(); t += 7 * DAY_MS) {
    weeks.push(isoWeek(new Date(t)));
  }
  return weeks;
};
