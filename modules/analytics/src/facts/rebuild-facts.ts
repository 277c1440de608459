import type { Tx } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import { INSTRUCTOR_COUNTERS, SCHOOL_COUNTERS } from '../schema.ts';
import { lockFactsExclusive } from './facts-lock.ts';

export type RebuildInput = { tenantId: string; timezone: string; lateCancellationHours: number };

/**
 * Recomputes a school's daily facts from analytics_events alone, as set-based SQL written apart
 * from the incremental path (fact-deltas.ts) so that each checks the other: the test asserts that
 * both give the same rows. Runs under the facts lock, exclusively (facts-lock.ts).
 */
export async function rebuildFacts(
  tx: Tx,
  input: RebuildInput,
): Promise<{ schoolDays: number; instructorDays: number }> {
  const { tenantId, timezone } = input;
  await lockFactsExclusive(tx, tenantId);
  await tx.execute(sql`delete from analytics_instructor_days where tenant_id = ${tenantId}`);
  await tx.execute(sql`delete from analytics_school_days where tenant_id = ${tenantId}`);

  const late = sql`make_interval(hours => ${input.lateCancellationHours})`;
  const start = sql`(e.properties ->> 'start')::timestamptz`;
  const end = sql`(e.properties ->> 'end')::timestamptz`;
  const lessonRows = sql`
    select ((${start}) at time zone ${timezone})::date as day,
           (e.properties ->> 'instructorId')::uuid as instructor_id,
           (e.type = 'booking.completed')::int as lessons_taught,
           case when e.type = 'booking.completed'
                then round(extract(epoch from (${end} - ${start})) / 60)::int else 0 end as minutes_taught,
           (e.type = 'booking.cancelled')::int as cancellations,
           (e.type = 'booking.cancelled' and ${start} - e.occurred_at < ${late})::int as late_cancellations,
           (e.type = 'booking.no_show')::int as no_shows
      from analytics_events e
     where e.tenant_id = ${tenantId}
       and e.type in ('booking.completed', 'booking.cancelled', 'booking.no_show')
       and e.properties ? 'start' and e.properties ? 'end'`;

  const schoolInsert = await tx.execute(sql`
    with lessons as (${lessonRows}),
    tests as (
      select e.id, e.type, e.properties ->> 'studentId' as student_id, (e.properties ->> 'testOn')::date as test_on,
             row_number() over (partition by e.properties ->> 'studentId'
                                order by e.properties ->> 'testOn', e.id) as attempt
        from analytics_events e
       where e.tenant_id = ${tenantId} and e.type in ('test.passed', 'test.failed')
         and e.properties ->> 'kind' = 'practical' and e.properties ? 'studentId' and e.properties ? 'testOn'
    ),
    -- Each student taught: a group session's attended seat holders, else the lesson's student.
    taught as (
      select st.student_id, ((${start}) at time zone ${timezone})::date as day,
             round(extract(epoch from (${end} - ${start})) / 60)::int as minutes
        from analytics_events e
       cross join lateral jsonb_array_elements_text(
               coalesce(e.properties -> 'seatStudentIds', jsonb_build_array(e.properties -> 'studentId'))
             ) as st(student_id)
       where e.tenant_id = ${tenantId} and e.type = 'booking.completed'
    ),
    -- Each test with the student's lessons on or before its date: one hash join on the student,
    -- not a scan of every lesson per test.
    tested as (
      select t.id, t.type, t.test_on, t.attempt,
             count(l.day)::int as lessons, coalesce(sum(l.minutes), 0)::int as minutes
        from tests t left join taught l on l.student_id = t.student_id and l.day <= t.test_on
       group by t.id, t.type, t.test_on, t.attempt
    ),
    facts as (
      select day, lessons_taught, minutes_taught, cancellations, late_cancellations, no_shows,
             0 as revenue_minor, 0 as refunded_minor, 0 as new_enquiries, 0 as tests_taken, 0 as tests_passed,
             0 as first_tests_taken, 0 as first_tests_passed, 0 as pass_lessons, 0 as pass_minutes,
             0 as outstanding_change_minor
        from lessons
      union all
      select (e.occurred_at at time zone ${timezone})::date, 0, 0, 0, 0, 0,
             case when e.type = 'payment.succeeded' and e.properties ->> 'method' is distinct from 'credit' then coalesce((e.properties ->> 'amountMinor')::int, 0) else 0 end,
             case when e.type = 'payment.refunded' then coalesce((e.properties ->> 'amountMinor')::int, 0) else 0 end,
             (e.type = 'crm.contact_created')::int, 0, 0, 0, 0, 0, 0,
             case when e.type = 'payment.outstanding_changed'
                  then coalesce((e.properties ->> 'changeMinor')::int, 0) else 0 end
        from analytics_events e
       where e.tenant_id = ${tenantId}
         and e.type in ('payment.succeeded', 'payment.refunded', 'payment.outstanding_changed', 'crm.contact_created')
      union all
      select t.test_on, 0, 0, 0, 0, 0, 0, 0, 0, 1, (t.type = 'test.passed')::int,
             (t.attempt = 1)::int, (t.attempt = 1 and t.type = 'test.passed')::int,
             case when t.type = 'test.passed' then t.lessons else 0 end,
             case when t.type = 'test.passed' then t.minutes else 0 end,
             0
        from tested t
    )
    insert into analytics_school_days (tenant_id, day, ${sql.raw(SCHOOL_COUNTERS.join(', '))})
    select ${tenantId}, day, ${sql.raw(SCHOOL_COUNTERS.map((c) => `sum(${c})`).join(', '))}
      from facts group by day`);

  const instructorInsert = await tx.execute(sql`
    insert into analytics_instructor_days (tenant_id, instructor_id, day, ${sql.raw(INSTRUCTOR_COUNTERS.join(', '))})
    select ${tenantId}, instructor_id, day, ${sql.raw(INSTRUCTOR_COUNTERS.map((c) => `sum(${c})`).join(', '))}
      from (${lessonRows}) lessons
     where instructor_id is not null
     group by instructor_id, day`);

  return { schoolDays: schoolInsert.count ?? 0, instructorDays: instructorInsert.count ?? 0 };
}
