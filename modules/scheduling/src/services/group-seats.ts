import type { Tx } from '@dualcontrol/db';
import { AppError, badRequest, can, conflict, emitEvent, notFound, requireCan } from '@dualcontrol/platform';
import { and, eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { schedulingEvents } from '../events.ts';
import type { SchedulingContext } from '../http-context.ts';
import { bookingParticipants, bookings, calendarEvents, eventParticipants } from '../schema.ts';
import { studentRefusalAt } from '../slots/index.ts';
import type { BookingView } from './booking-view.ts';
import { cancellationFeeFor } from './cancellation-fee.ts';
import { loadSlotCalendar, slotQuery } from './list-slots.ts';
import { requireStudent } from './people-lookup.ts';
import { bookingNotFound, invalidTransition, studentBusy, studentLimit } from './scheduling-errors.ts';
import { seatsOf, viewWithSeats } from './seat-reads.ts';
import { systemViewer, transitionBooking } from './transition-booking.ts';
import { canSeeBooking } from './viewer.ts';

type Booking = typeof bookings.$inferSelect;

export const groupFull = (capacity: number) =>
  conflict('scheduling.group_full', `Every seat of this group session is taken (${capacity} seats).`, {
    capacity,
  });

const notAGroup = () =>
  conflict('scheduling.not_a_group_session', 'This lesson has one seat: it is not a group session.');

const seatNotFound = () => notFound('scheduling.seat_not_found', 'No such seat in this group session.');

/**
 * The group session, locked for the rest of the transaction. Every change to its seats takes this
 * row lock FIRST, then (joining only) the student's lessons lock — the order a reschedule already
 * takes (booking row, then the diary, then the student; see docs/request-path.md), so no two seat
 * changes, bookings or reschedules can each hold a lock the other waits for. The row lock is what
 * keeps the seat count honest: joins of one session queue here and each counts what the previous
 * one committed.
 */
async function lockSession(tx: Tx, tenantId: string, bookingId: string): Promise<Booking | undefined> {
  const [row] = await tx
    .select()
    .from(bookings)
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, bookingId)))
    .for('update');
  return row;
}

const open = (b: Booking, now: Date) =>
  (b.status === 'pending' || b.status === 'confirmed') && b.startsAt > now;

/**
 * A student takes a seat: their own (a student), one in the instructor's own session (its
 * instructor), or any (the office). The session must be open (pending or confirmed, not started)
 * with a free seat, and the student must be free then under the school's limits (no other lesson
 * or seat overlapping, the minimum gap, the per-day and per-week caps — their seats count like
 * lessons). Refusals are 409 problems; nothing is written then.
 */
export async function takeSeat(
  tx: Tx,
  ctx: SchedulingContext,
  input: { bookingId: string; studentId?: string | undefined },
): Promise<BookingView> {
  const { tenantId, viewer } = ctx;
  const booking = await lockSession(tx, tenantId, input.bookingId);
  // A one-seat lesson is private to its parties; a group session is open to those who may book
  // (students, instructors, the office) and not there for anyone else (a guardian).
  const mayBook =
    can(viewer, 'scheduling:booking:create:any') || viewer.permissions.has('scheduling:booking:create:own');
  if (!booking || !(booking.capacity > 1 ? mayBook : canSeeBooking(viewer, booking))) throw bookingNotFound();
  if (booking.capacity <= 1) throw notAGroup();
  const studentId = input.studentId ?? viewer.studentId;
  if (!studentId)
    throw badRequest('scheduling.student_required', 'Say which student takes the seat.', [
      { path: 'body.studentId', message: 'required' },
    ]);
  requireCan(viewer, 'scheduling:booking:create:own', {
    resource: { studentId, instructorId: booking.instructorId },
    detail: 'You can only take a seat for yourself.',
  });
  if (!open(booking, ctx.now))
    throw invalidTransition(booking.startsAt <= ctx.now ? 'started' : booking.status, 'joined');

  const seats = await seatsOf(tx, tenantId, [booking.id]);
  if (seats.some((s) => s.studentId === studentId && s.status === 'booked'))
    throw conflict('scheduling.already_seated', 'This student already has a seat in this session.');
  if (seats.filter((s) => s.status === 'booked').length >= booking.capacity)
    throw groupFull(booking.capacity);

  // Second lock (after the session's row): the student's lessons, so their caps are read and
  // written by one request at a time whichever sessions or instructors the requests go to.
  const student = await requireStudent(tx, tenantId, studentId, {
    lockLessons: true,
    field: 'body.studentId',
  });
  const request = {
    tenantId,
    tenantTimezone: ctx.tenantTimezone,
    policies: ctx.policies,
    instructorId: booking.instructorId,
    studentId,
    durationMinutes: (booking.endsAt.getTime() - booking.startsAt.getTime()) / 60_000,
    now: ctx.now,
  };
  const { calendar, studentBusy: busy } = await loadSlotCalendar(tx, {
    ...request,
    from: DateTime.fromJSDate(booking.startsAt, { zone: 'UTC' }).toISODate()!,
    to: DateTime.fromJSDate(booking.startsAt, { zone: 'UTC' }).toISODate()!,
  });
  const day = DateTime.fromJSDate(booking.startsAt, { zone: calendar.timezone }).toISODate()!;
  const refusal = studentRefusalAt(
    slotQuery({ ...request, from: day, to: day }, calendar, busy),
    booking.startsAt,
  );
  if (refusal === 'overlap') throw studentBusy();
  if (refusal) throw studentLimit(refusal, ctx.policies);

  // A seat given up earlier is taken again in place: its row is the seat's history.
  const [taken] = await tx
    .insert(bookingParticipants)
    .values({ tenantId, bookingId: booking.id, studentId, status: 'booked', joinedAt: ctx.now })
    .onConflictDoUpdate({
      target: [bookingParticipants.tenantId, bookingParticipants.bookingId, bookingParticipants.studentId],
      set: { status: 'booked', joinedAt: ctx.now, cancelledAt: null, cancellationFeeMinor: null },
    })
    .returning();
  // The student joins the session's calendar event (reminders, their ICS feed).
  await tx.execute(sql`
    insert into ${eventParticipants} (tenant_id, event_id, user_id, role)
    select e.tenant_id, e.id, ${student.userId}, 'student' from ${calendarEvents} e
     where e.tenant_id = ${tenantId} and e.booking_id = ${booking.id}
    on conflict do nothing`);
  await emitEvent(tx, tenantId, schedulingEvents['booking.seat_taken'], {
    bookingId: booking.id,
    instructorId: booking.instructorId,
    studentId,
    start: booking.startsAt.toISOString(),
    end: booking.endsAt.toISOString(),
    priceMinor: booking.priceMinor,
    currency: booking.currency,
  });
  // The seats read under the lock plus this one (the latest joined) are the session's seats now.
  return viewWithSeats(viewer, booking, [...seats.filter((x) => x.studentId !== studentId), taken!]);
}

/**
 * A seat is given up by its student (the school's cancellation tiers apply to them alone, on the
 * seat's price, once the session is confirmed), the session's instructor or the office (free).
 * When the lead seat goes, the earliest joined remaining seat becomes the lead; when the last seat
 * goes, the session is cancelled as a whole and the instructor's time is free again.
 */
export async function releaseSeat(
  tx: Tx,
  ctx: SchedulingContext,
  input: { bookingId: string; studentId: string; reason?: string | undefined },
): Promise<BookingView> {
  const { tenantId, viewer } = ctx;
  const booking = await lockSession(tx, tenantId, input.bookingId);
  if (!booking || booking.capacity <= 1) throw seatNotFound();
  const mayAct =
    can(viewer, 'scheduling:booking:transition:any') ||
    booking.instructorId === viewer.instructorId ||
    input.studentId === viewer.studentId;
  const seats = await seatsOf(tx, tenantId, [booking.id]);
  const seat = seats.find((s) => s.studentId === input.studentId);
  // Another student's seat is not there for this caller, whether or not it exists.
  if (!mayAct || !seat) throw seatNotFound();
  if (seat.status !== 'booked')
    throw new AppError('scheduling.seat_not_booked', {
      status: 409,
      title: 'Conflict',
      detail: `This seat is ${seat.status}: there is nothing to give up.`,
      extra: { currentStatus: seat.status },
    });
  if (!open(booking, ctx.now))
    throw invalidTransition(booking.startsAt <= ctx.now ? 'started' : booking.status, 'left');

  const { feeMinor } = cancellationFeeFor(
    viewer,
    {
      studentId: seat.studentId,
      status: booking.status,
      startsAt: booking.startsAt,
      priceMinor: booking.priceMinor,
    },
    ctx.policies.cancellationTiers,
    ctx.now,
  );
  await tx
    .update(bookingParticipants)
    .set({ status: 'cancelled', cancelledAt: ctx.now, cancellationFeeMinor: feeMinor })
    .where(
      and(
        eq(bookingParticipants.tenantId, tenantId),
        eq(bookingParticipants.bookingId, booking.id),
        eq(bookingParticipants.studentId, seat.studentId),
      ),
    );
  await tx.execute(sql`
    delete from ${eventParticipants} p using ${calendarEvents} e, students s
     where e.tenant_id = ${tenantId} and e.booking_id = ${booking.id}
       and p.tenant_id = e.tenant_id and p.event_id = e.id
       and s.tenant_id = e.tenant_id and s.id = ${seat.studentId} and p.user_id = s.user_id`);
  await emitEvent(tx, tenantId, schedulingEvents['booking.seat_released'], {
    bookingId: booking.id,
    instructorId: booking.instructorId,
    studentId: seat.studentId,
    start: booking.startsAt.toISOString(),
    end: booking.endsAt.toISOString(),
    feeMinor,
    currency: booking.currency,
    ...(input.reason ? { reason: input.reason } : {}),
  });

  const remaining = seats.filter((s) => s.status === 'booked' && s.studentId !== seat.studentId);
  if (remaining.length === 0) {
    // Nobody left to teach: the session goes, recorded as the caller's doing.
    await transitionBooking(
      tx,
      { ...ctx, viewer: systemViewer },
      { bookingId: booking.id, action: 'cancel', reason: 'the last seat was given up' },
    );
  } else if (booking.studentId === seat.studentId) {
    // The lead seat moves to the earliest joined remaining seat. That student was checked free at
    // this time when they joined, so the student exclusion constraint has nothing to refuse.
    await tx
      .update(bookings)
      .set({ studentId: remaining[0]!.studentId })
      .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, booking.id)));
  }
  const [after] = await tx
    .select()
    .from(bookings)
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, booking.id)));
  return viewWithSeats(viewer, after!, await seatsOf(tx, tenantId, [booking.id]));
}

/**
 * One participant missed the session (its instructor or the office, after the school's grace
 * minutes): their seat becomes a no-show, so no lesson is created for them when the session is
 * completed. The session itself goes on for the others.
 */
export async function markSeatNoShow(
  tx: Tx,
  ctx: SchedulingContext,
  input: { bookingId: string; studentId: string },
): Promise<BookingView> {
  const { tenantId, viewer } = ctx;
  const booking = await lockSession(tx, tenantId, input.bookingId);
  if (!booking || booking.capacity <= 1 || !canSeeBooking(viewer, booking)) throw seatNotFound();
  const seats = await seatsOf(tx, tenantId, [booking.id]);
  const seat = seats.find((s) => s.studentId === input.studentId);
  if (!can(viewer, 'scheduling:booking:transition:any') && booking.instructorId !== viewer.instructorId) {
    // A student may see the session but never mark anyone; another student's seat stays unseen.
    if (seat?.studentId !== viewer.studentId) throw seatNotFound();
    requireCan(viewer, 'scheduling:booking:transition:any', {
      detail: 'Only the instructor or the office can mark a no-show.',
    });
  }
  if (!seat) throw seatNotFound();
  if (seat.status !== 'booked')
    throw new AppError('scheduling.seat_not_booked', {
      status: 409,
      title: 'Conflict',
      detail: `This seat is ${seat.status}.`,
      extra: { currentStatus: seat.status },
    });
  if (booking.status !== 'confirmed' && booking.status !== 'in_progress')
    throw invalidTransition(booking.status, 'marked as a no-show');
  const earliest = booking.startsAt.getTime() + ctx.policies.noShowGraceMinutes * 60_000;
  if (ctx.now.getTime() < earliest)
    throw new AppError('scheduling.too_early', {
      status: 409,
      title: 'Conflict',
      detail: `A seat cannot be marked as a no-show before ${new Date(earliest).toISOString()}.`,
      extra: { earliest: new Date(earliest).toISOString() },
    });
  await tx
    .update(bookingParticipants)
    .set({ status: 'no_show' })
    .where(
      and(
        eq(bookingParticipants.tenantId, tenantId),
        eq(bookingParticipants.bookingId, booking.id),
        eq(bookingParticipants.studentId, seat.studentId),
      ),
    );
  return viewWithSeats(viewer, booking, await seatsOf(tx, tenantId, [booking.id]));
}
