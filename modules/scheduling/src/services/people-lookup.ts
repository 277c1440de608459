import { instructors, students, type Tx } from '@dualcontrol/db';
import { and, eq, sql } from 'drizzle-orm';
import { instructorAvailability } from '../schema.ts';
import { instructorNotFound, studentNotFound } from './scheduling-errors.ts';

/** A transaction-long advisory lock, as a select-list expression of the statement that reads the row. */
const advisoryLock = (key: string) => sql<unknown>`pg_advisory_xact_lock(hashtextextended(${key}, 0))`;

/**
 * The instructor profile (404 when not at this school or inactive; `field` names where the request
 * gave the id). `lockDiary` also takes a transaction-long advisory lock on the instructor's diary,
 * in the same statement: bookings into one diary then queue instead of meeting inside the exclusion
 * check, where concurrent inserts deadlock (and PostgreSQL needs deadlock_timeout, 1 s, to break
 * each one). Later reads in the transaction see every booking committed before the lock was granted.
 */
export async function requireInstructor(
  tx: Tx,
  tenantId: string,
  instructorId: string,
  options: { lockDiary?: boolean; field?: string } = {},
) {
  const [row] = await tx
    .select({
      ...(options.lockDiary ? { locked: advisoryLock(`diary:${tenantId}:${instructorId}`) } : {}),
      id: instructors.id,
      userId: instructors.userId,
      status: instructors.status,
      transmissions: instructors.transmissions,
      /** The zone the instructor's hours are written in (null until they set hours). */
      hoursTimezone: sql<string | null>`(select a.timezone from ${instructorAvailability} a
        where a.tenant_id = "instructors"."tenant_id" and a.instructor_id = "instructors"."id" limit 1)`,
    })
    .from(instructors)
    .where(and(eq(instructors.tenantId, tenantId), eq(instructors.id, instructorId)));
  if (row?.status !== 'active') throw instructorNotFound(options.field);
  return row;
}

/**
 * The student profile (404 when not at this school). `lockLessons` takes a transaction-long
 * advisory lock on the student's lessons in the same statement: the per-day and per-week caps and
 * the minimum gap are checked by reading the student's lessons and then inserting, and without the
 * lock parallel requests (to different instructors, so no exclusion constraint meets them) would
 * all read the same count and all insert. Take it AFTER the instructor's diary lock, never before:
 * one order everywhere is what keeps the two locks from deadlocking.
 */
export async function requireStudent(
  tx: Tx,
  tenantId: string,
  studentId: string,
  options: { lockLessons?: boolean; field?: string } = {},
) {
  const [row] = await tx
    .select({
      ...(options.lockLessons ? { locked: advisoryLock(`student-lessons:${tenantId}:${studentId}`) } : {}),
      id: students.id,
      userId: students.userId,
    })
    .from(students)
    .where(and(eq(students.tenantId, tenantId), eq(students.id, studentId)));
  if (!row) throw studentNotFound(options.field);
  return row;
}
