import type { Tx } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import { INSTRUCTOR_COUNTERS, SCHOOL_COUNTERS } from '../schema.ts';
import type { FactContext, FactDelta, StudentHistory } from './fact-deltas.ts';

/** Adds deltas to the school's and instructors' days (one upsert per table and delta). */
export async function applyFactDeltas(tx: Tx, tenantId: string, deltas: FactDelta[]): Promise<void> {
  for (const delta of deltas) {
    const values = SCHOOL_COUNTERS.map((c) => sql`${delta.counters[c] ?? 0}`);
    await tx.execute(sql`
      insert into analytics_school_days (tenant_id, day, ${sql.raw(SCHOOL_COUNTERS.join(', '))})
      values (${tenantId}, ${delta.day}, ${sql.join(values, sql`, `)})
      on conflict (tenant_id, day) do update set
        ${sql.raw(SCHOOL_COUNTERS.map((c) => `${c} = analytics_school_days.${c} + excluded.${c}`).join(', '))}`);
    if (!delta.instructorId || !INSTRUCTOR_COUNTERS.some((c) => delta.counters[c])) continue;
    const lessonValues = INSTRUCTOR_COUNTERS.map((c) => sql`${delta.counters[c] ?? 0}`);
    await tx.execute(sql`
      insert into analytics_instructor_days (tenant_id, instructor_id, day, ${sql.raw(INSTRUCTOR_COUNTERS.join(', '))})
      values (${tenantId}, ${delta.instructorId}, ${delta.day}, ${sql.join(lessonValues, sql`, `)})
      on conflict (tenant_id, instructor_id, day) do update set
        ${sql.raw(INSTRUCTOR_COUNTERS.map((c) => `${c} = analytics_instructor_days.${c} + excluded.${c}`).join(', '))}`);
  }
}

/**
 * A student's practical-test history as analytics_events knows it when a result arrives: the
 * results before it (test date, then event id) and the lessons taught on or before its date (a
 * group session's for every seat holder who attended it).
 */
export function historyReader(tx: Tx, tenantId: string, timezone: string): FactContext['history'] {
  return async (studentId, testOn, eventId): Promise<StudentHistory> => {
    const [row] = await tx.execute<{ earlier: number; lessons: number; minutes: number }>(sql`
      select
        (select count(*)::int from analytics_events
          where tenant_id = ${tenantId} and type in ('test.passed', 'test.failed')
            and properties ->> 'kind' = 'practical' and properties ->> 'studentId' = ${studentId}
            and (properties ->> 'testOn' < ${testOn}
                 or (properties ->> 'testOn' = ${testOn} and id < ${eventId}))) as earlier,
        count(*)::int as lessons,
        coalesce(sum(round(extract(epoch from ((properties ->> 'end')::timestamptz
                                               - (properties ->> 'start')::timestamptz)) / 60)), 0)::int as minutes
        from analytics_events
       where tenant_id = ${tenantId} and type = 'booking.completed'
         -- A group session counts for each seat holder who attended (seatStudentIds), else its student.
         and (case when properties ? 'seatStudentIds' then properties -> 'seatStudentIds' ? ${studentId}
                   else properties ->> 'studentId' = ${studentId} end)
         and ((properties ->> 'start')::timestamptz at time zone ${timezone})::date <= ${testOn}::date`);
    return { earlierResults: row!.earlier, lessons: row!.lessons, minutes: row!.minutes };
  };
}
