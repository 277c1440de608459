import { addDays, dateIn } from './format.ts';
import { isDate } from './zoned-time.ts';

/** The Monday starting the week of `date` (YYYY-MM-DD): statements are read week by week. */
export function weekStart(date: string): string {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

export type WeekTotal = { week: string; lessons: number; earningsMinor: number };

/**
 * Earnings summed per week (Monday start, days as the school's calendar reads them), with every
 * week of the period present, empty ones at zero, so the chart's gaps are real gaps.
 */
export function earningsByWeek(
  rows: { earnedAt: string; earningsMinor: number }[],
  period: { from: string; to: string },
  timeZone: string,
): WeekTotal[] {
  const weeks: WeekTotal[] = [];
  for (let w = weekStart(period.from); w <= period.to; w = addDays(w, 7))
    weeks.push({ week: w, lessons: 0, earningsMinor: 0 });
  for (const r of rows) {
    const bucket = weeks.find((w) => w.week === weekStart(dateIn(new Date(r.earnedAt), timeZone)));
    if (!bucket) continue;
    bucket.lessons += 1;
    bucket.earningsMinor += r.earningsMinor;
  }
  return weeks;
}

const WEEKS_SHOWN = 8;

/** The period asked for (dates in the school's zone), or the last eight weeks up to today. */
export function periodOf(url: URL, timeZone: string) {
  const today = dateIn(new Date(), timeZone);
  const fallback = { from: addDays(weekStart(today), -7 * (WEEKS_SHOWN - 1)), to: today };
  const from = url.searchParams.get('from') ?? '';
  const to = url.searchParams.get('to') ?? '';
  if (!from && !to) return { ...fallback, bad: false };
  if (!isDate(from) || !isDate(to) || from > to) return { ...fallback, bad: true };
  return { from, to, bad: false };
}
