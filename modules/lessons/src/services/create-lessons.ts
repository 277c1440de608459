import type { Tx } from '@dualcontrol/db';
import { readBookingCharge, taughtStudents } from '@dualcontrol/scheduling';
import { lessons } from '../schema.ts';
import { ensureSyllabus } from './syllabus.ts';

/**
 * A completed booking becomes a lesson to record: one row per student taught, with the minutes
 * taught — the booking's student, or in a group session each participant whose seat was booked
 * or attended (a no-show or a seat given up gets none), each with their own record. Safe to run
 * twice (a redelivered event, or `booking.started` then `booking.completed`): the (booking,
 * student) key makes the second insert a no-op. A school that has no syllabus yet gets its
 * template here, so the lesson can be recorded against it.
 */
export async function createLessonsForBooking(tx: Tx, tenantId: string, bookingId: string): Promise<number> {
  const booking = await readBookingCharge(tx, tenantId, bookingId);
  if (booking?.status !== 'completed') return 0;
  await ensureSyllabus(tx, tenantId);
  const minutes = Math.round((booking.endsAt.getTime() - booking.startsAt.getTime()) / 60_000);
  const students = await taughtStudents(tx, tenantId, booking);
  if (students.length === 0) return 0;
  const created = await tx
    .insert(lessons)
    .values(
      students.map((studentId) => ({
        tenantId,
        bookingId: booking.id,
        studentId,
        instructorId: booking.instructorId,
        taughtAt: booking.startsAt,
        minutes,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: lessons.id });
  return created.length;
}
