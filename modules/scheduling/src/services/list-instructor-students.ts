import { students, type Tx, users } from '@dualcontrol/db';
import { requireCan } from '@dualcontrol/platform';
import { and, asc, eq, gt, inArray, notInArray, sql } from 'drizzle-orm';
import { bookings, studentInstructors } from '../schema.ts';
import { requireInstructor } from './people-lookup.ts';
import type { Viewer } from './viewer.ts';

export type InstructorStudent = {
  id: string;
  name: string;
  email: string;
  /** Assigned to this instructor by the school (student_instructors). */
  assigned: boolean;
  primary: boolean;
  nextLesson: { bookingId: string; start: string; end: string; status: string } | null;
  lessonsTaught: number;
};

/** Bookings that never became a lesson do not make someone "my student". */
const NEVER_HAPPENED = ['rejected', 'expired'] as const;
const UPCOMING = ['pending', 'confirmed'] as const;

/**
 * The students an instructor teaches: assigned to them, or with a lesson booked with them; each with
 * the next lesson and how many lessons this instructor has completed with them. Like the diary, an
 * instructor sees only their own; staff see anyone's.
 */
export async function listInstructorStudents(
  tx: Tx,
  ctx: { tenantId: string; viewer: Viewer; now: Date },
  instructorId: string,
): Promise<InstructorStudent[]> {
  const { tenantId, viewer, now } = ctx;
  await requireInstructor(tx, tenantId, instructorId);
  requireCan(viewer, 'scheduling:roster:read:own', {
    resource: { instructorId },
    detail: 'You can only see your own students.',
  });

  const mine = and(eq(bookings.tenantId, tenantId), eq(bookings.instructorId, instructorId));
  const [assignments, taught, upcoming] = await Promise.all([
    tx
      .select({ studentId: studentInstructors.studentId, isPrimary: studentInstructors.isPrimary })
      .from(studentInstructors)
      .where(
        and(eq(studentInstructors.tenantId, tenantId), eq(studentInstructors.instructorId, instructorId)),
      ),
    tx
      .select({
        studentId: bookings.studentId,
        completed: sql<number>`count(*) filter (where ${bookings.status} = 'completed')::int`,
      })
      .from(bookings)
      .where(and(mine, notInArray(bookings.status, [...NEVER_HAPPENED])))
      .groupBy(bookings.studentId),
    // The earliest upcoming lesson per student (distinct on keeps the first row of each).
    tx
      .selectDistinctOn([bookings.studentId], {
        studentId: bookings.studentId,
        bookingId: bookings.id,
        start: bookings.startsAt,
        end: bookings.endsAt,
        status: bookings.status,
      })
      .from(bookings)
      .where(and(mine, inArray(bookings.status, [...UPCOMING]), gt(bookings.endsAt, now)))
      .orderBy(asc(bookings.studentId), asc(bookings.startsAt)),
  ]);

  const ids = [...new Set([...assignments.map((a) => a.studentId), ...taught.map((t) => t.studentId)])];
  if (ids.length === 0) return [];
  const people = await tx
    .select({ id: students.id, name: users.name, email: users.email })
    .from(students)
    .innerJoin(users, and(eq(users.tenantId, students.tenantId), eq(users.id, students.userId)))
    .where(and(eq(students.tenantId, tenantId), inArray(students.id, ids)));

  const list = people.map((p): InstructorStudent => {
    const assignment = assignments.find((a) => a.studentId === p.id);
    const next = upcoming.find((u) => u.studentId === p.id);
    return {
      ...p,
      assigned: Boolean(assignment),
      primary: assignment?.isPrimary ?? false,
      nextLesson: next
        ? {
            bookingId: next.bookingId,
            start: next.start.toISOString(),
            end: next.end.toISOString(),
            status: next.status,
          }
        : null,
      lessonsTaught: taught.find((t) => t.studentId === p.id)?.completed ?? 0,
    };
  });
  // Whoever is next in the car first; students with nothing booked after them, by name.
  return list.sort(
    (a, b) =>
      (a.nextLesson?.start ?? '\uffff').localeCompare(b.nextLesson?.start ?? '\uffff') ||
      a.name.localeCompare(b.name),
  );
}
