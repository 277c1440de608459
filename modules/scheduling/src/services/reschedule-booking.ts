import { pgErrorCode, type Tx } from '@dualcontrol/db';
import { AppError, can, emitEvent } from '@dualcontrol/platform';
import { and, count, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { schedulingEvents } from '../events.ts';
import type { SchedulingContext } from '../http-context.ts';
import { bookingChanges, bookings } from '../schema.ts';
import { type BookingView, bookingView } from './booking-view.ts';
import { calendarEventOf, resyncCalendarEvent } from './calendar-sync.ts';
import { listSlots } from './list-slots.ts';
import { bookingNotFound, invalidTransition, outsideAvailability, slotTaken } from './scheduling-errors.ts';
import { canSeeBooking } from './viewer.ts';

/**
 * Moves a pending or confirmed lesson to another bookable start of the same instructor, within
 * the school's reschedule limit. The lesson keeps its id, price and status; the exclusion
 * constraints still decide races with concurrent bookings.
 */
export async function rescheduleBooking(
  tx: Tx,
  ctx: SchedulingContext,
  input: { bookingId: string; start: Date; reason?: string | undefined },
): Promise<BookingView> {
  const { tenantId, viewer, policies } = ctx;
  const [booking] = await tx
    .select()
    .from(bookings)
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, input.bookingId)))
    .for('update');
  if (!booking || !canSeeBooking(viewer, booking)) throw bookingNotFound();
  if (booking.status !== 'pending' && booking.status !== 'confirmed')
    throw invalidTransition(booking.status, 'rescheduled');
  if (booking.startsAt.getTime() <= ctx.now.getTime()) throw invalidTransition('started', 'rescheduled');
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
  const event = await calendarEventOf(tx, tenantId, booking.id);
  const zone = event?.timezone ?? ctx.tenantTimezone;
  const day = DateTime.fromJSDate(input.start, { zone }).toISODate()!;
  const probe = {
    tenantId,
    tenantTimezone: ctx.tenantTimezone,
    policies,
    instructorId: booking.instructorId,
    durationMinutes,
    bufferBeforeMinutes: booking.bufferBeforeMinutes,
    bufferAfterMinutes: booking.bufferAfterMinutes,
    excludeBookingId: booking.id,
    now: ctx.now,
    from: day,
    to: day,
  };
  const { slots } = await listSlots(tx, probe);
  if (!slots.some((s) => s.start.getTime() === input.start.getTime())) {
    const open = await listSlots(tx, { ...probe, ignoreBusy: true });
    throw open.slots.some((s) => s.start.getTime() === input.start.getTime())
      ? slotTaken()
      : outsideAvailability();
  }

  let moved: typeof bookings.$inferSelect;
  try {
    [moved] = (await tx.transaction((sp) =>
      sp
        .update(bookings)
        .set({ startsAt: input.start, endsAt: new Date(input.start.getTime() + durationMinutes * 60_000) })
        .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, booking.id)))
        .returning(),
    )) as [typeof bookings.$inferSelect];
  } catch (error) {
    // 40P01: a deadlock inside the exclusion check means another request took the time.
    if (pgErrorCode(error) === '23P01' || pgErrorCode(error) === '40P01') throw slotTaken();
    throw error;
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
  await resyncCalendarEvent(tx, moved, { timezone: zone });
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
