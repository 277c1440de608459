import { type Actor, pgErrorCode, type Tx } from '@dualcontrol/db';
import { AppError, badRequest, emitEvent, notFound, requireCan } from '@dualcontrol/platform';
import { DateTime } from 'luxon';
import { schedulingEvents } from '../events.ts';
import { bookings } from '../schema.ts';
import type { SchedulingPolicies } from '../settings.ts';
import { type BookingView, bookingView } from './booking-view.ts';
import { insertNewBookingRecords } from './calendar-sync.ts';
import { lessonParams } from './lesson-params.ts';
import { listSlots } from './list-slots.ts';
import { requireInstructor, requireStudent } from './people-lookup.ts';
import { outsideAvailability, slotTaken } from './scheduling-errors.ts';
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

const CONSTRAINT_ERRORS: Record<string, () => AppError> = {
  bookings_instructor_no_overlap: slotTaken,
  bookings_student_no_overlap: () =>
    new AppError('scheduling.student_busy', {
      status: 409,
      title: 'Conflict',
      detail: 'The student already has a lesson at that time.',
    }),
  bookings_vehicle_no_overlap: () =>
    new AppError('scheduling.vehicle_busy', {
      status: 409,
      title: 'Conflict',
      detail: 'That car is already booked at that time.',
    }),
};

function constraintOf(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const name = (e as { constraint_name?: unknown }).constraint_name;
    if (typeof name === 'string') return name;
  }
  return undefined;
}

/**
 * Books a lesson. The slot engine decides whether the time is bookable under the school's
 * policies; PostgreSQL's exclusion constraints decide races: of concurrent requests for one slot
 * exactly one commits and the others get 409. The booking, its change record, its calendar event
 * and its domain event are written in one transaction.
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
  // Independent reads, pipelined on the request's connection: one round trip.
  const [instructor, student, lesson] = await Promise.all([
    requireInstructor(tx, tenantId, input.instructorId, { lockDiary: true }),
    requireStudent(tx, tenantId, studentId),
    lessonParams(tx, tenantId, input, 'body.durationMinutes'),
  ]);
  // Ask the slot engine about the start's own local day.
  const probe = {
    tenantId,
    tenantTimezone: ctx.tenantTimezone,
    policies,
    instructorId: instructor.id,
    durationMinutes: lesson.durationMinutes,
    bufferBeforeMinutes: lesson.bufferBeforeMinutes,
    bufferAfterMinutes: lesson.bufferAfterMinutes,
    pickup: lesson.pickup,
    now: ctx.now,
  };
  const zoneOfRules = instructor.hoursTimezone ?? ctx.tenantTimezone;
  const day = DateTime.fromJSDate(input.start, { zone: zoneOfRules }).toISODate()!;
  const startMs = input.start.getTime();
  const { slots } = await listSlots(tx, { ...probe, from: day, to: day, studentId: student.id });
  if (!slots.some((s) => s.start.getTime() === startMs)) {
    const open = await listSlots(tx, { ...probe, from: day, to: day, ignoreBusy: true });
    if (open.slots.some((s) => s.start.getTime() === startMs)) {
      throw new AppError('scheduling.slot_taken', {
        status: 409,
        title: 'Conflict',
        detail: 'That time is no longer free (or the student’s limits rule it out). Pick another slot.',
      });
    }
    throw outsideAvailability();
  }

  const end = new Date(startMs + input.durationMinutes * 60_000);
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
        notes: input.notes ?? null,
        seriesId: input.seriesId ?? null,
        createdBy: viewer.userId,
        confirmedAt: instant ? ctx.now : null,
      })
      .returning()) as [typeof bookings.$inferSelect];
  } catch (error) {
    if (pgErrorCode(error) === '23P01') throw (CONSTRAINT_ERRORS[constraintOf(error) ?? ''] ?? slotTaken)();
    // Two inserts checking each other's conflicting row can deadlock inside the exclusion check;
    // PostgreSQL aborts one of them and the other commits, so the aborted one lost the race.
    if (pgErrorCode(error) === '40P01') throw slotTaken();
    if (pgErrorCode(error) === '23503')
      throw notFound(
        'scheduling.reference_not_found',
        'A referenced vehicle or location does not exist here.',
      );
    throw error;
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
  const payload = {
    bookingId: booking.id,
    instructorId: booking.instructorId,
    studentId: booking.studentId,
    start: booking.startsAt.toISOString(),
    end: booking.endsAt.toISOString(),
    status: booking.status,
    confirmationTimeoutHours: policies.confirmationTimeoutHours,
    requirePayment: policies.paymentRequired && booking.priceMinor > 0 && ctx.paymentsEnabled,
    paymentTimeoutMinutes: policies.paymentTimeoutMinutes,
  };
  await emitEvent(tx, tenantId, schedulingEvents['booking.requested'], payload);
  if (instant) await emitEvent(tx, tenantId, schedulingEvents['booking.confirmed'], payload);
  return bookingView(booking);
}
