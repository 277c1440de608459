import { instructors, students, type Tx } from '@dualcontrol/db';
import { and, eq, sql } from 'drizzle-orm';
import { bookingChanges, type bookings, calendarEvents, eventParticipants } from '../schema.ts';

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

/**
 * A new booking's change records, calendar event and participant in ONE statement (the booking
 * row itself is already written): the write path of a booking is its hottest.
 */
export async function insertNewBookingRecords(
  tx: Tx,
  booking: Booking,
  changes: {
    action: string;
    fromStatus: string | null;
    toStatus: string;
    actorKind: string;
    actorId: string | null;
    reason: string | null;
  }[],
  people: { instructorUserId: string; studentUserId: string; timezone: string; title: string },
): Promise<void> {
  await tx.execute(sql`
    with changes as (
      insert into ${bookingChanges} (tenant_id, booking_id, action, from_status, to_status, actor_kind, actor_id, reason)
      select ${booking.tenantId}, ${booking.id}, c.action, c."fromStatus", c."toStatus", c."actorKind", c."actorId", c.reason
        from json_to_recordset(${JSON.stringify(changes)}::json)
          as c(action text, "fromStatus" text, "toStatus" text, "actorKind" text, "actorId" uuid, reason text)
    ), event as (
      insert into ${calendarEvents} (tenant_id, owner_user_id, booking_id, kind, title, starts_at, ends_at, timezone, status)
      values (${booking.tenantId}, ${people.instructorUserId}, ${booking.id}, 'lesson', ${people.title},
              ${booking.startsAt.toISOString()}, ${booking.endsAt.toISOString()}, ${people.timezone}, ${eventStatus(booking)})
      returning tenant_id, id
    )
    insert into ${eventParticipants} (tenant_id, event_id, user_id, role)
    select tenant_id, id, ${people.studentUserId}, 'student' from event`);
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
