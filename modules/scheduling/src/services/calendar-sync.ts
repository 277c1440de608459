import { instructors, students, type Tx } from '@dualcontrol/db';
import { and, eq, sql } from 'drizzle-orm';
import { type bookings, calendarEvents, eventParticipants } from '../schema.ts';

type Booking = typeof bookings.$inferSelect;

const eventStatus = (b: Booking) =>
  b.status === 'confirmed' || b.status === 'in_progress' || b.status === 'completed'
    ? 'confirmed'
    : b.status === 'pending'
      ? 'tentative'
      : 'cancelled';

/**
 * Keeps the booking's calendar event in step (one per booking, owned by the instructor, the
 * student as participant). `sequence` grows with every change so calendar clients (ICS) update.
 */
export async function syncCalendarEvent(
  tx: Tx,
  booking: Booking,
  people: { instructorUserId: string; studentUserId: string; timezone: string; title: string },
): Promise<void> {
  const [event] = await tx
    .insert(calendarEvents)
    .values({
      tenantId: booking.tenantId,
      ownerUserId: people.instructorUserId,
      bookingId: booking.id,
      kind: 'lesson',
      title: people.title,
      startsAt: booking.startsAt,
      endsAt: booking.endsAt,
      timezone: people.timezone,
      status: eventStatus(booking),
    })
    .onConflictDoUpdate({
      target: [calendarEvents.tenantId, calendarEvents.bookingId],
      set: {
        startsAt: booking.startsAt,
        endsAt: booking.endsAt,
        status: eventStatus(booking),
        sequence: sql`${calendarEvents.sequence} + 1`,
      },
    })
    .returning({ id: calendarEvents.id });
  await tx
    .insert(eventParticipants)
    .values({ tenantId: booking.tenantId, eventId: event!.id, userId: people.studentUserId, role: 'student' })
    .onConflictDoNothing();
}

export async function calendarEventOf(tx: Tx, tenantId: string, bookingId: string) {
  const [row] = await tx
    .select()
    .from(calendarEvents)
    .where(and(eq(calendarEvents.tenantId, tenantId), eq(calendarEvents.bookingId, bookingId)));
  return row;
}

/** Re-syncs an existing booking's event after a change, looking up who takes part. */
export async function resyncCalendarEvent(
  tx: Tx,
  booking: Booking,
  fallback: { timezone: string },
): Promise<void> {
  const event = await calendarEventOf(tx, booking.tenantId, booking.id);
  const [[instructor], [student]] = await Promise.all([
    tx
      .select({ userId: instructors.userId })
      .from(instructors)
      .where(and(eq(instructors.tenantId, booking.tenantId), eq(instructors.id, booking.instructorId))),
    tx
      .select({ userId: students.userId })
      .from(students)
      .where(and(eq(students.tenantId, booking.tenantId), eq(students.id, booking.studentId))),
  ]);
  await syncCalendarEvent(tx, booking, {
    instructorUserId: instructor!.userId,
    studentUserId: student!.userId,
    timezone: event?.timezone ?? fallback.timezone,
    title: event?.title ?? 'Driving lesson',
  });
}
