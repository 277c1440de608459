import type { Tx } from '@dualcontrol/db';
import { AppError, can, emitEvent } from '@dualcontrol/platform';
import { and, count, eq } from 'drizzle-orm';
import { schedulingEvents } from '../events.ts';
import type { SchedulingContext } from '../http-context.ts';
import { bookingChanges, bookings, locations } from '../schema.ts';
import { assertBookable, lockBookingParties } from './assert-bookable.ts';
import { type BookingView, bookingView } from './booking-view.ts';
import { bookingWriteError } from './booking-write-errors.ts';
import { resyncCalendarEvent } from './calendar-sync.ts';
import { bookingNotFound, invalidTransition } from './scheduling-errors.ts';
import { canSeeBooking } from './viewer.ts';

/**
 * Moves a pending or confirmed lesson to another start of the same instructor, within the school's
 * reschedule limit. The new time must pass the same assertBookable, under the same locks, as a new
 * booking (the lesson itself left out of the calendar), and a failed write means what it means for a
 * new booking. The lesson keeps its id, price, pickup point and status.
 */
export async function rescheduleBooking(
  tx: Tx,
  ctx: SchedulingContext,
  input: { bookingId: string; start: Date; reason?: string | undefined },
): Promise<BookingView> {
  const { tenantId, viewer, policies } = ctx;
  const [found] = await tx
    .select({ booking: bookings, pickupLat: locations.lat, pickupLng: locations.lng })
    .from(bookings)
    .leftJoin(
      locations,
      and(eq(locations.tenantId, bookings.tenantId), eq(locations.id, bookings.pickupLocationId)),
    )
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, input.bookingId)))
    .for('update', { of: bookings });
  const booking = found?.booking;
  if (!booking || !canSeeBooking(viewer, booking)) throw bookingNotFound();
  if (booking.status !== 'pending' && booking.status !== 'confirmed')
    throw invalidTransition(booking.status, 'rescheduled');
  if (booking.startsAt.getTime() <= ctx.now.getTime()) throw invalidTransition('started', 'rescheduled');
  // Every participant chose this time and was checked free at it; moving it would move them unasked.
  if (booking.capacity > 1)
    throw new AppError('scheduling.group_reschedule', {
      status: 409,
      title: 'Conflict',
      detail: 'A group session cannot be moved: cancel it and open another at the new time.',
    });
  const [{ n }] = (await tx
    .select({ n: count() })
    .from(bookingChanges)
    .where(
      and(
        eq(bookingChanges.tenantId, tenantId),
        eq(bookingChanges.bookingId, booking.id),
        eq(bookingChanges.action, 'rescheduled'),
      ),
    )) as [{ n: number }];
  if (!can(viewer, 'scheduling:policies:exempt') && n >= policies.rescheduleLimit) {
    throw new AppError('scheduling.reschedule_limit', {
      status: 409,
      title: 'Conflict',
      detail: `This lesson has been moved ${n} times, the most the school allows. Cancel and book again, or ask the school.`,
    });
  }

  const durationMinutes = (booking.endsAt.getTime() - booking.startsAt.getTime()) / 60_000;
  const parties = await lockBookingParties(tx, tenantId, {
    instructorId: booking.instructorId,
    studentId: booking.studentId,
  });
  await assertBookable(tx, ctx, parties, {
    start: input.start,
    durationMinutes,
    bufferBeforeMinutes: booking.bufferBeforeMinutes,
    bufferAfterMinutes: booking.bufferAfterMinutes,
    pickup:
      found.pickupLat !== null && found.pickupLng !== null
        ? { lat: found.pickupLat, lng: found.pickupLng }
        : null,
    excludeBookingId: booking.id,
  });

  let moved: typeof bookings.$inferSelect;
  try {
    // No savepoint, as for a new booking: a failed write fails the request, which rolls back whole.
    [moved] = (await tx
      .update(bookings)
      .set({ startsAt: input.start, endsAt: new Date(input.start.getTime() + durationMinutes * 60_000) })
      .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, booking.id)))
      .returning()) as [typeof bookings.$inferSelect];
  } catch (error) {
    throw bookingWriteError(error);
  }
  await tx.insert(bookingChanges).values({
    tenantId,
    bookingId: booking.id,
    action: 'rescheduled',
    fromStatus: booking.status,
    toStatus: booking.status,
    actorKind: ctx.actor.kind,
    actorId: ctx.actor.kind === 'system' ? null : ctx.actor.id,
    reason: input.reason ?? null,
    previousStartsAt: booking.startsAt,
  });
  // The event keeps the zone it was booked in; a booking without one gets the instructor's.
  await resyncCalendarEvent(tx, moved, {
    timezone: parties.instructor.hoursTimezone ?? ctx.tenantTimezone,
  });
  await emitEvent(tx, tenantId, schedulingEvents['booking.rescheduled'], {
    bookingId: booking.id,
    instructorId: booking.instructorId,
    studentId: booking.studentId,
    start: moved.startsAt.toISOString(),
    end: moved.endsAt.toISOString(),
    previousStart: booking.startsAt.toISOString(),
    status: moved.status,
  });
  return bookingView(moved);
}
