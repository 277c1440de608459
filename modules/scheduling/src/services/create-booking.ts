import type { Actor, Tx } from '@dualcontrol/db';
import { badRequest, emitEvent, requireCan } from '@dualcontrol/platform';
import { schedulingEvents } from '../events.ts';
import { bookingParticipants, bookings } from '../schema.ts';
import type { SchedulingPolicies } from '../settings.ts';
import { assertBookable, lockBookingParties } from './assert-bookable.ts';
import { type BookingView, bookingView } from './booking-view.ts';
import { bookingWriteError } from './booking-write-errors.ts';
import { insertNewBookingRecords } from './calendar-sync.ts';
import { lessonParams } from './lesson-params.ts';
import { viewWithSeats } from './seat-reads.ts';
import type { Viewer } from './viewer.ts';

export type CreateBookingInput = {
  instructorId: string;
  studentId?: string | undefined;
  start: Date;
  durationMinutes: number;
  lessonTypeId?: string | undefined;
  vehicleId?: string | undefined;
  pickupLocationId?: string | undefined;
  notes?: string | undefined;
  /** The recurring series this occurrence belongs to. */
  seriesId?: string | undefined;
};

/**
 * Books a lesson. assertBookable decides whether the time is bookable under the school's policies,
 * with the instructor's diary and the student's lessons locked so parallel requests cannot both
 * pass its checks; PostgreSQL's exclusion constraints remain the last word on overlaps (the
 * vehicle's, for one, is not locked). The booking, its change record, its calendar event and its
 * domain event are written in one transaction.
 */
export async function createBooking(
  tx: Tx,
  ctx: {
    tenantId: string;
    tenantTimezone: string;
    currency: string;
    policies: SchedulingPolicies;
    actor: Actor;
    viewer: Viewer;
    now: Date;
    /** A payment collector (the payments module) is on: only then is prepayment asked. */
    paymentsEnabled: boolean;
  },
  input: CreateBookingInput,
): Promise<BookingView> {
  const { tenantId, policies, viewer } = ctx;
  const studentId = input.studentId ?? viewer.studentId;
  if (!studentId)
    throw badRequest('scheduling.student_required', 'Say which student the lesson is for.', [
      { path: 'body.studentId', message: 'required' },
    ]);
  // Students book for themselves; instructors into their own diary; staff anywhere.
  requireCan(viewer, 'scheduling:booking:create:own', {
    resource: { studentId, instructorId: input.instructorId },
    detail: 'You can only book your own lessons.',
  });
  // The lesson type's reads are pipelined behind the lock statements on the request's connection.
  const [parties, lesson] = await Promise.all([
    lockBookingParties(
      tx,
      tenantId,
      { instructorId: input.instructorId, studentId },
      { instructorId: 'body.instructorId', studentId: 'body.studentId' },
    ),
    lessonParams(tx, tenantId, input, 'body.durationMinutes'),
  ]);
  const { instructor, student } = parties;
  await assertBookable(tx, ctx, parties, {
    start: input.start,
    durationMinutes: lesson.durationMinutes,
    bufferBeforeMinutes: lesson.bufferBeforeMinutes,
    bufferAfterMinutes: lesson.bufferAfterMinutes,
    pickup: lesson.pickup,
  });
  const zoneOfRules = instructor.hoursTimezone ?? ctx.tenantTimezone;
  const end = new Date(input.start.getTime() + input.durationMinutes * 60_000);
  const instant = policies.bookingConfirmation === 'instant';
  let booking: typeof bookings.$inferSelect;
  try {
    // No savepoint: every failure below is the request's failure, and the request's transaction
    // rolls back as a whole.
    [booking] = (await tx
      .insert(bookings)
      .values({
        tenantId,
        instructorId: instructor.id,
        studentId: student.id,
        lessonTypeId: input.lessonTypeId ?? null,
        vehicleId: input.vehicleId ?? null,
        pickupLocationId: input.pickupLocationId ?? null,
        startsAt: input.start,
        endsAt: end,
        bufferBeforeMinutes: lesson.bufferBeforeMinutes,
        bufferAfterMinutes: lesson.bufferAfterMinutes,
        status: instant ? 'confirmed' : 'pending',
        priceMinor: lesson.priceMinor,
        currency: ctx.currency,
        capacity: lesson.capacity,
        notes: input.notes ?? null,
        seriesId: input.seriesId ?? null,
        createdBy: viewer.userId,
        confirmedAt: instant ? ctx.now : null,
      })
      .returning()) as [typeof bookings.$inferSelect];
  } catch (error) {
    throw bookingWriteError(error);
  }

  const actorId = ctx.actor.kind === 'system' ? null : ctx.actor.id;
  const requested = {
    action: 'requested',
    fromStatus: null,
    toStatus: 'pending',
    actorKind: ctx.actor.kind,
    actorId,
    reason: null,
  };
  const confirmed = {
    action: 'confirmed',
    fromStatus: 'pending',
    toStatus: 'confirmed',
    actorKind: 'system',
    actorId: null,
    reason: 'instant confirmation',
  };
  await insertNewBookingRecords(tx, booking, instant ? [requested, confirmed] : [requested], {
    instructorUserId: instructor.userId,
    studentUserId: student.userId,
    timezone: zoneOfRules,
    title: lesson.title,
  });
  // A group session's first student holds its first (lead) seat.
  const group = booking.capacity > 1;
  const seats = group
    ? await tx
        .insert(bookingParticipants)
        .values({ tenantId, bookingId: booking.id, studentId: student.id, joinedAt: ctx.now })
        .returning()
    : [];
  const payload = {
    bookingId: booking.id,
    instructorId: booking.instructorId,
    studentId: booking.studentId,
    start: booking.startsAt.toISOString(),
    end: booking.endsAt.toISOString(),
    status: booking.status,
    confirmationTimeoutHours: policies.confirmationTimeoutHours,
    // Group seats are paid seat by seat (pay later, credit, card): the workflow's pay-or-release
    // would release every student's session for the lead's unpaid seat.
    requirePayment: policies.paymentRequired && booking.priceMinor > 0 && ctx.paymentsEnabled && !group,
    paymentTimeoutMinutes: policies.paymentTimeoutMinutes,
  };
  await emitEvent(tx, tenantId, schedulingEvents['booking.requested'], payload);
  if (instant) await emitEvent(tx, tenantId, schedulingEvents['booking.confirmed'], payload);
  return group ? viewWithSeats(viewer, booking, seats) : bookingView(booking);
}
