import type { Tx } from '@dualcontrol/db';
import type { UsageFigure } from '@dualcontrol/platform';
import { sql } from 'drizzle-orm';

/**
 * For operators: the school's activity in the window from the read models, counts only (no
 * person, no money: payments reports its own). Days are the school's calendar days the window
 * touches; RLS holds it to the one school.
 */
export async function analyticsUsage(tx: Tx, window: { since: Date; until: Date }): Promise<UsageFigure[]> {
  const since = window.since.toISOString();
  const until = window.until.toISOString();
  const [row] = await tx.execute<{
    events: number;
    lessons: number;
    minutes: number;
    cancellations: number;
    no_shows: number;
    passed: number;
  }>(sql`
    with school as (select t.timezone from tenants t where t.id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)),
    days as (
      select f.* from analytics_school_days f, school
       where f.day between (${since}::timestamptz at time zone school.timezone)::date
                       and (${until}::timestamptz at time zone school.timezone)::date
    )
    select (select count(*)::int from analytics_events where occurred_at >= ${since} and occurred_at < ${until}) as events,
           coalesce(sum(lessons_taught), 0)::int as lessons, coalesce(sum(minutes_taught), 0)::int as minutes,
           coalesce(sum(cancellations), 0)::int as cancellations, coalesce(sum(no_shows), 0)::int as no_shows,
           coalesce(sum(tests_passed), 0)::int as passed
      from days`);
  return [
    { key: 'analytics.events_recorded', value: row?.events ?? 0, unit: 'count' },
    { key: 'analytics.lessons_taught', value: row?.lessons ?? 0, unit: 'count' },
    { key: 'analytics.hours_taught', value: Math.round(((row?.minutes ?? 0) / 60) * 10) / 10, unit: 'count' },
    { key: 'analytics.cancellations', value: row?.cancellations ?? 0, unit: 'count' },
    { key: 'analytics.no_shows', value: row?.no_shows ?? 0, unit: 'count' },
    { key: 'analytics.tests_passed', value: row?.passed ?? 0, unit: 'count' },
  ];
}
