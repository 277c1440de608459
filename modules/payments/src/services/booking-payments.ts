import type { Tx } from '@dualcontrol/db';
import { badRequest, conflict, requireCan } from '@dualcontrol/platform';
import {
  type BookingCharge,
  canSeeBooking,
  readBookingCharge,
  readSeatCharge,
} from '@dualcontrol/scheduling';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { type Payment, paymentMethods, payments } from '../schema.ts';
import { availableCredit, lockCredit, spendCredit } from './credit-ledger.ts';
import { alreadyPaid, bookingNotFound, methodNotFound, stripeNotConfigured } from './payment-errors.ts';
import type { PaymentsContext } from './payments-context.ts';
import { settlePayment } from './settle-payment.ts';
import { stripeGateway } from './stripe-gateway.ts';

const PAYABLE = ['pending', 'confirmed'] as const;

/**
 * The booking to pay, if the caller may pay it (its student, or staff) and it is still payable. A
 * group session is paid seat by seat: the seat is the caller's own (a student), or the one of
 * `studentId` (the office, which must say whose); the charge then names the seat's student.
 */
export async function payableBooking(
  tx: Tx,
  ctx: PaymentsContext,
  bookingId: string,
  studentId?: string,
): Promise<BookingCharge> {
  let booking = await readBookingCharge(tx, ctx.tenantId, bookingId, { lock: true });
  if (booking && booking.capacity > 1) {
    const seatOf = studentId ?? ctx.viewer.studentId;
    if (!seatOf)
      throw badRequest('payments.seat_required', 'Say whose seat of this group session is paid.', [
        { path: 'body.studentId', message: 'required for a group session' },
      ]);
    // The session's row is already locked above: the seat cannot be given up while it is paid.
    const seat = await readSeatCharge(tx, ctx.tenantId, bookingId, seatOf);
    // A student who holds no seat there (or another student's seat) finds nothing to pay.
    if (!seat || !canSeeBooking(ctx.viewer, seat)) throw bookingNotFound();
    if (seat.seatStatus !== 'booked')
      throw conflict('payments.not_payable', `A ${seat.seatStatus} seat cannot be paid for.`);
    booking = seat;
  }
  if (!booking || !canSeeBooking(ctx.viewer, booking)) throw bookingNotFound();
  requireCan(ctx.viewer, 'payments:booking:pay:own', {
    resource: { studentId: booking.studentId },
    detail: 'Only the student or the school’s office can pay for a lesson.',
  });
  if (!(PAYABLE as readonly string[]).includes(booking.status))
    throw conflict('payments.not_payable', `A ${booking.status} lesson cannot be paid for.`);
  if (booking.priceMinor <= 0) throw conflict('payments.nothing_to_pay', 'This lesson is free.');
  const live = await bookingPayments(tx, ctx.tenantId, bookingId, booking.studentId);
  if (live.some((p) => p.status === 'succeeded')) throw alreadyPaid();
  return booking;
}

/**
 * The payments of one seat that are settled or on their way (at most one: a partial unique index
 * on booking and student). A lesson has one seat, its student's; without `studentId`, every seat's
 * (the booking workflow, which only runs for one-seat lessons, asks that way).
 */
export async function bookingPayments(
  tx: Tx,
  tenantId: string,
  bookingId: string,
  studentId?: string,
): Promise<Payment[]> {
  return tx
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.tenantId, tenantId),
        eq(payments.bookingId, bookingId),
        studentId ? eq(payments.studentId, studentId) : undefined,
        eq(payments.purpose, 'booking'),
        inArray(payments.status, ['pending', 'succeeded']),
      ),
    );
}

const lessonDescription = (b: BookingCharge) =>
  `Driving lesson ${b.startsAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Pays a lesson from the student's credit, in full, in the caller's transaction. */
export async function payBookingWithCredit(
  tx: Tx,
  ctx: PaymentsContext,
  booking: BookingCharge,
): Promise<Payment> {
  const pending = (await bookingPayments(tx, ctx.tenantId, booking.id, booking.studentId)).find(
    (p) => p.status === 'pending',
  );
  if (pending)
    throw conflict('payments.payment_in_progress', 'A card payment for this lesson is in progress.', {
      paymentId: pending.id,
    });
  await lockCredit(tx, ctx.tenantId, booking.studentId);
  const [payment] = await tx
    .insert(payments)
    .values({
      tenantId: ctx.tenantId,
      studentId: booking.studentId,
      instructorId: booking.instructorId,
      bookingId: booking.id,
      purpose: 'booking',
      method: 'credit',
      status: 'pending',
      amountMinor: booking.priceMinor,
      currency: booking.currency,
      description: lessonDescription(booking),
      recordedBy: ctx.actor.kind === 'user' ? ctx.actor.id : null,
    })
    .returning();
  await spendCredit(tx, {
    tenantId: ctx.tenantId,
    studentId: booking.studentId,
    kind: 'use',
    amountMinor: booking.priceMinor,
    currency: booking.currency,
    now: ctx.now,
    bookingId: booking.id,
    paymentId: payment!.id,
    reason: 'lesson paid with credit',
  });
  return (await settlePayment(tx, ctx.tenantId, payment!.id, ctx.now))!;
}

/** Whether the student's credit covers the lesson (checked again, under the lock, when spending). */
export async function creditCovers(tx: Tx, ctx: PaymentsContext, booking: BookingCharge): Promise<boolean> {
  return (await availableCredit(tx, ctx.tenantId, booking.studentId, ctx.now)) >= booking.priceMinor;
}

/** A saved card of the student: the one named, else their default. */
export async function savedCard(tx: Tx, tenantId: string, studentId: string, paymentMethodId?: string) {
  const [card] = await tx
    .select()
    .from(paymentMethods)
    .where(
      and(
        eq(paymentMethods.tenantId, tenantId),
        eq(paymentMethods.studentId, studentId),
        isNull(paymentMethods.removedAt),
        paymentMethodId ? eq(paymentMethods.id, paymentMethodId) : eq(paymentMethods.isDefault, true),
      ),
    );
  return card;
}

/**
 * The pending card payment for a lesson, opened now or the one already open (so a retried request
 * or activity charges under the same idempotency key).
 */
export async function openBookingCardPayment(
  tx: Tx,
  ctx: PaymentsContext,
  booking: BookingCharge,
  paymentMethodId: string | undefined,
): Promise<Payment> {
  if (!(await stripeGateway(tx, ctx.secrets, ctx.tenantId))) throw stripeNotConfigured();
  const card = await savedCard(tx, ctx.tenantId, booking.studentId, paymentMethodId);
  if (!card) throw methodNotFound();
  const pending = (await bookingPayments(tx, ctx.tenantId, booking.id, booking.studentId)).find(
    (p) => p.status === 'pending',
  );
  if (pending) return pending;
  const [payment] = await tx
    .insert(payments)
    .values({
      tenantId: ctx.tenantId,
      studentId: booking.studentId,
      instructorId: booking.instructorId,
      bookingId: booking.id,
      purpose: 'booking',
      method: 'card',
      status: 'pending',
      amountMinor: booking.priceMinor,
      currency: booking.currency,
      paymentMethodId: card.id,
      description: lessonDescription(booking),
      recordedBy: ctx.actor.kind === 'user' ? ctx.actor.id : null,
    })
    .returning();
  return payment!;
}
