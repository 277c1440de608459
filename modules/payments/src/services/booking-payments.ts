import type { Tx } from '@dualcontrol/db';
import { conflict, requireCan } from '@dualcontrol/platform';
import { type BookingCharge, canSeeBooking, readBookingCharge } from '@dualcontrol/scheduling';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { type Payment, paymentMethods, payments } from '../schema.ts';
import { availableCredit, lockCredit, spendCredit } from './credit-ledger.ts';
import { alreadyPaid, bookingNotFound, methodNotFound, stripeNotConfigured } from './payment-errors.ts';
import type { PaymentsContext } from './payments-context.ts';
import { settlePayment } from './settle-payment.ts';
import { stripeGateway } from './stripe-gateway.ts';

const PAYABLE = ['pending', 'confirmed'] as const;

/** The booking to pay, if the caller may pay it (its student, or staff) and it is still payable. */
export async function payableBooking(
  tx: Tx,
  ctx: PaymentsContext,
  bookingId: string,
): Promise<BookingCharge> {
  const booking = await readBookingCharge(tx, ctx.tenantId, bookingId, { lock: true });
  if (!booking || !canSeeBooking(ctx.viewer, booking)) throw bookingNotFound();
  requireCan(ctx.viewer, 'payments:booking:pay:own', {
    resource: { studentId: booking.studentId },
    detail: 'Only the student or the school’s office can pay for a lesson.',
  });
  if (!(PAYABLE as readonly string[]).includes(booking.status))
    throw conflict('payments.not_payable', `A ${booking.status} lesson cannot be paid for.`);
  if (booking.priceMinor <= 0) throw conflict('payments.nothing_to_pay', 'This lesson is free.');
  const live = await bookingPayments(tx, ctx.tenantId, bookingId);
  if (live.some((p) => p.status === 'succeeded')) throw alreadyPaid();
  return booking;
}

/** The booking's payment that is settled or on its way (at most one: a partial unique index). */
export async function bookingPayments(tx: Tx, tenantId: string, bookingId: string): Promise<Payment[]> {
  return tx
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.tenantId, tenantId),
        eq(payments.bookingId, bookingId),
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
  const pending = (await bookingPayments(tx, ctx.tenantId, booking.id)).find((p) => p.status === 'pending');
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
  const pending = (await bookingPayments(tx, ctx.tenantId, booking.id)).find((p) => p.status === 'pending');
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
