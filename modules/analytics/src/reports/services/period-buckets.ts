import { sql } from 'drizzle-orm';
import type { Period } from '../report-shape.ts';

/**
 * The periods of a range as SQL rows `(bucket date)`: every day, ISO week (Monday) or month that
 * touches [from, to], so a chart has a bar for an empty period too.
 */
export const bucketsSql = (period: Period, from: string, to: string) => sql`
  select gs::date as bucket
    from generate_series(date_trunc(${period}, ${from}::date::timestamp), ${to}::date::timestamp, ${`1 ${period}`}::interval) as gs`;

/** A fact row's bucket. */
export const bucketOf = (period: Period) => sql`date_trunc(${period}, day::timestamp)::date`;

/** How a bucket is labelled: 2026-03-30 (day), 2026-W14 (week), 2026-03 (month). */
export function bucketLabel(period: Period, bucket: string): string {
  if (period === 'day') return bucket;
  if (period === 'month') return bucket.slice(0, 7);
  const date = new Date(`${bucket}T00:00:00Z`);
  // ISO week number of a Monday: the week holding its Thursday.
  const thursday = new Date(date.getTime() + 3 * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / (7 * 86_400_000)) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
