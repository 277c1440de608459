import type { Actor, Tx } from '@dualcontrol/db';
import { AppError, can, emitEvent, forbidden, SYSTEM_VIEWER } from '@dualcontrol/platform';
import { and, eq } from 'drizzle-orm';
import { schedulingEvents } from '../events.ts';
import { type BookingStatus, bookingChanges, bookings } from '../schema.ts';
import type { SchedulingPolicies } from '../settings.ts';
import { type BookingView, bookingView } from './booking-view.ts';
import { resyncCalendarEvent } from './calendar-sync.ts';
import { cancellationFeeFor } from './cancellation-fee.ts';
import { settleSeats } from './group-session-lifecycle.ts';
import { bookingNotFound, invalidTransition } from './scheduling-errors.ts';
import { seatsOf, viewWithSeats } from './seat-reads.ts';
import { canSeeBooking, type Viewer } from './viewer.ts';

export type BookingAction = 'confirm' | 'reject' | 'cancel' | 'expire' | 'start' | 'complete' | 'no_show';

/** The events a lifecycle move emits; they share one payload shape. */
type LifecycleEvent =
  | 'booking.confirmed'
  | 'booking.rejected'
  | 'booking.cancelled'
  | 'booking.expired'
  | 'booking.started'
  | 'booking.completed'
  | 'booking.no_show';

type Rule = {
  from: readonly BookingStatus[];
  to: BookingStatus;
  change: 'confirmed' | 'rejected' | 'cancelled' | 'expired' | 'started' | 'completed' | 'no_show';
  event: LifecycleEvent;
  past: string;
  /** Who may do it besides staff. */
  allowed: (v: Viewer, b: { instructorId: string; studentId: string }) => boolean;
};

const RULES: Record<BookingAction, Rule> = {
  confirm: {
    from: ['pending'],
    to: 'confirmed',
    change: 'confirmed',
    event: 'booking.confirmed',
    past: 'confirmed',
    allowed: (v, b) => b.instructorId === v.instructorId,
  },
  reject: {
    from: ['pending'],
    to: 'rejected',
    change: 'rejected',
    event: 'booking.rejected',
    past: 'rejected',
    allowed: (v, b) => b.instructorId === v.instructorId,
  },
  cancel: {
    from: ['pending', 'confirmed'],
    to: 'cancelled',
    change: 'cancelled',
    event: 'booking.cancelled',
    past: 'cancelled',
    allowed: (v, b) => b.instructorId === v.instructorId || b.studentId === v.studentId,
  },
  // Moved on by the booking workflow (the system viewer is staff) or by the instructor in the car.
  expire: {
    from: ['pending'],
    to: 'expired',
    change: 'expired',
    event: 'booking.expired',
    past: 'expired',
    allowed: () => false,
  },
  start: {
    from: ['confirmed'],
    to: 'in_progress',
    change: 'started',
    event: 'booking.started',
    past: 'started',
    allowed: (v, b) => b.instructorId === v.instructorId,
  },
  complete: {
    from: ['confirmed', 'in_progress'],
    to: 'completed',
    change: 'completed',
    event: 'booking.completed',
    past: 'completed',
    allowed: (v, b) => b.instructorId === v.instructorId,
  },
  no_show: {
    from: ['confirmed', 'in_progress'],
    to: 'no_show',
    change: 'no_show',
    event: 'booking.no_show',
    past: 'marked as a no-show',
    allowed: (v, b) => b.instructorId === v.instructorId,
  },
};

/** The viewer a workflow acts as: it may move any booking of its tenant. */
export const systemViewer: Viewer = SYSTEM_VIEWER;

/**
 * Moves a booking along its lifecycle under a row lock: checks who may, records the change (with
 * any cancellation fee), keeps the calendar event in step and writes the domain event — all in
 * the caller's transaction. Someone who cannot see the booking gets 404, not 403.
 */
export async function transitionBooking(
  tx: Tx,
  ctx: { tenantId: string; policies: SchedulingPolicies; actor: Actor; viewer: Viewer; now: Date },
  input: { bookingId: string; action: BookingAction; reason?: string | undefined },
): Promise<BookingView> {
  const { tenantId, viewer } = ctx;
  const rule = RULES[input.action];
  const [booking] = await tx
    .select()
    .from(bookings)
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, input.bookingId)))
    .for('update');
  if (!booking || !canSeeBooking(viewer, booking)) throw bookingNotFound();
  if (!can(viewer, 'scheduling:booking:transition:any') && !rule.allowed(viewer, booking)) throw forbidden();
  if (!rule.from.includes(booking.status)) throw invalidTransition(booking.status, rule.past);
  if (input.action === 'cancel' && booking.startsAt.getTime() <= ctx.now.getTime()) {
    throw invalidTransition('started', rule.past);
  }
  // A student in a group session gives up their seat; the session is the instructor's or the office's.
  if (
    input.action === 'cancel' &&
    booking.capacity > 1 &&
    !can(viewer, 'scheduling:booking:transition:any') &&
    booking.instructorId !== viewer.instructorId
  ) {
    throw new AppError('scheduling.group_leave_seat', {
      status: 409,
      title: 'Conflict',
      detail: `This is a group session: give up your seat instead (DELETE /api/v1/bookings/${booking.id}/participants/${viewer.studentId}).`,
    });
  }
  // A lesson is taught, or missed, only once its time has come (no-shows after the grace period).
  const earliest =
    input.action === 'no_show'
      ? booking.startsAt.getTime() + ctx.policies.noShowGraceMinutes * 60_000
      : input.action === 'complete' || input.action === 'start'
        ? booking.startsAt.getTime()
        : Number.NEGATIVE_INFINITY;
  // The booking workflow acts when its own timers fire, so only people are held to the clock here.
  if (ctx.actor.kind !== 'system' && ctx.now.getTime() < earliest) {
    throw new AppError('scheduling.too_early', {
      status: 409,
      title: 'Conflict',
      detail: `This lesson cannot be ${rule.past} before ${new Date(earliest).toISOString()}.`,
      // So a client can say "from 10:15" in the user's own zone.
      extra: { earliest: new Date(earliest).toISOString() },
    });
  }

  const feeMinor =
    input.action === 'cancel'
      ? cancellationFeeFor(viewer, booking, ctx.policies.cancellationTiers, ctx.now).feeMinor
      : null;

  const [updated] = await tx
    .update(bookings)
    .set({
      status: rule.to,
      ...(rule.to === 'confirmed' ? { confirmedAt: ctx.now } : {}),
      ...(rule.to === 'cancelled' ? { cancelledAt: ctx.now, cancellationFeeMinor: feeMinor } : {}),
    })
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, booking.id)))
    .returning();
  const after = updated!;
  await tx.insert(bookingChanges).values({
    tenantId,
    bookingId: booking.id,
    action: rule.change,
    fromStatus: booking.status,
    toStatus: rule.to,
    actorKind: ctx.actor.kind,
    actorId: ctx.actor.kind === 'system' ? null : ctx.actor.id,
    reason: input.reason ?? null,
    feeMinor,
  });

  const seatStudents = booking.capacity > 1 ? await settleSeats(tx, ctx, after, rule.to) : null;
  await resyncCalendarEvent(tx, after, { timezone: 'UTC' });
  await emitEvent(tx, tenantId, schedulingEvents[rule.event], {
    bookingId: booking.id,
    instructorId: booking.instructorId,
    studentId: booking.studentId,
    start: booking.startsAt.toISOString(),
    end: booking.endsAt.toISOString(),
    status: rule.to,
    previousStatus: booking.status,
    ...(feeMinor !== null ? { feeMinor, currency: booking.currency } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
    // A group session taught: every seat holder who attended, not only the lead (analytics credits each).
    ...(seatStudents && rule.to === 'completed' ? { seatStudentIds: seatStudents } : {}),
  });
  // A group session's read model carries its seats (as this viewer may see them).
  return after.capacity > 1
    ? viewWithSeats(viewer, after, await seatsOf(tx, tenantId, [after.id]))
    : bookingView(after);
}
