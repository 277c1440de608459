import type { Tx } from '@dualcontrol/db';
import { can, conflict, requireCan } from '@dualcontrol/platform';
import { type BookingCharge, readBookingCharge, readSeatCharge } from '@dualcontrol/scheduling';
import { and, desc, eq } from 'drizzle-orm';
import { cancellationFees, type FeeStatus, payments, refunds } from '../schema.ts';
import { bookingPayments, savedCard } from './booking-payments.ts';
import { chargeCard, type PaymentDeps } from './card-charge.ts';
import { availableCredit, lockCredit, spendCredit } from './credit-ledger.ts';
import { noteOutstandingChange } from './outstanding.ts';
import { feeNotFound, OFFICE_ONLY } from './payment-errors.ts';
import type { InPaymentsContext, PaymentsContext } from './payments-context.ts';
import { openRefund, sendRefund } from './refunds.ts';
import { settlePayment } from './settle-payment.ts';
import { stripeGateway } from './stripe-gateway.ts';

export type FeeView = {
  id: string;
  bookingId: string;
  studentId: string;
  amountMinor: number;
  currency: string;
  status: FeeStatus;
  paymentId: string | null;
  waivedBy: string | null;
  waivedAt: string | null;
  waiveReason: string | null;
  createdAt: string;
};

const feeView = (f: typeof cancellationFees.$inferSelect): FeeView => ({
  id: f.id,
  bookingId: f.bookingId,
  studentId: f.studentId,
  amountMinor: f.amountMinor,
  currency: f.currency,
  status: f.status,
  paymentId: f.paymentId,
  waivedBy: f.waivedBy,
  waivedAt: f.waivedAt?.toISOString() ?? null,
  waiveReason: f.waiveReason,
  createdAt: f.createdAt.toISOString(),
});

type Followup = { chargeFeePaymentId?: string; refund?: Awaited<ReturnType<typeof openRefund>> };

/**
 * What a cancelled seat means for money, decided in one transaction (a redelivered event finds
 * the fee row or the refund already there and does nothing). A lesson has one seat, its student's;
 * a group session one per participant, each settled on its own:
 * - paid ahead: the school keeps the fee and gives back the rest (to credit or the card, as set);
 * - not paid: the fee is taken from credit, else charged to the saved card, else left due.
 */
async function decide(
  tx: Tx,
  ctx: PaymentsContext,
  seat: BookingCharge,
  feeMinor: number,
): Promise<Followup> {
  const bookingId = seat.id;
  const fee = Math.min(feeMinor, seat.priceMinor);
  const paid = (await bookingPayments(tx, ctx.tenantId, bookingId, seat.studentId)).find(
    (p) => p.status === 'succeeded',
  );
  if (fee > 0) {
    const [row] = await tx
      .insert(cancellationFees)
      .values({
        tenantId: ctx.tenantId,
        bookingId,
        studentId: seat.studentId,
        amountMinor: fee,
        currency: seat.currency,
        status: paid ? (paid.method === 'credit' ? 'credited' : 'paid') : 'due',
        paymentId: paid?.id ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return {};
    if (row.status === 'due')
      await noteOutstandingChange(tx, ctx.tenantId, {
        studentId: row.studentId,
        changeMinor: row.amountMinor,
        currency: row.currency,
      });
  }
  if (paid) {
    const already = await tx
      .select({ id: refunds.id })
      .from(refunds)
      .where(and(eq(refunds.tenantId, ctx.tenantId), eq(refunds.paymentId, paid.id)));
    if (already.length > 0 || paid.amountMinor - fee <= 0) return {};
    const refund = await openRefund(tx, ctx, {
      paymentId: paid.id,
      amountMinor: paid.amountMinor - fee,
      destination: ctx.settings.cancellationRefundTo,
      reason: fee > 0 ? 'lesson cancelled (less the cancellation fee)' : 'lesson cancelled',
    });
    return { refund };
  }
  if (fee === 0) return {};
  await lockCredit(tx, ctx.tenantId, seat.studentId);
  if ((await availableCredit(tx, ctx.tenantId, seat.studentId, ctx.now)) >= fee) {
    const payment = await insertFeePayment(tx, ctx, seat, fee, 'credit', null);
    await spendCredit(tx, {
      tenantId: ctx.tenantId,
      studentId: seat.studentId,
      kind: 'use',
      amountMinor: fee,
      currency: seat.currency,
      now: ctx.now,
      bookingId,
      paymentId: payment.id,
      reason: 'late cancellation fee',
    });
    await settlePayment(tx, ctx.tenantId, payment.id, ctx.now);
    return {};
  }
  const card = await savedCard(tx, ctx.tenantId, seat.studentId);
  if (card && (await stripeGateway(tx, ctx.secrets, ctx.tenantId))) {
    const payment = await insertFeePayment(tx, ctx, seat, fee, 'card', card.id);
    return { chargeFeePaymentId: payment.id };
  }
  return {};
}

async function insertFeePayment(
  tx: Tx,
  ctx: PaymentsContext,
  booking: { id: string; studentId: string; instructorId: string; currency: string },
  amountMinor: number,
  method: 'credit' | 'card',
  paymentMethodId: string | null,
) {
  const [payment] = await tx
    .insert(payments)
    .values({
      tenantId: ctx.tenantId,
      studentId: booking.studentId,
      instructorId: booking.instructorId,
      bookingId: booking.id,
      purpose: 'cancellation_fee',
      method,
      status: 'pending',
      amountMinor,
      currency: booking.currency,
      paymentMethodId,
      description: 'Late cancellation fee',
    })
    .returning();
  return payment!;
}

/**
 * The database side of settleCancellation in the caller's transaction (the demo settles its
 * history's cancellations this way, at the simulated time); what it returns is left to Stripe.
 */
export async function decideCancellation(
  tx: Tx,
  ctx: PaymentsContext,
  input: { bookingId: string; feeMinor: number; studentId?: string | undefined },
): Promise<Followup> {
  const booking = await readBookingCharge(tx, ctx.tenantId, input.bookingId);
  if (!booking) return {};
  if (input.studentId === undefined) {
    return booking.capacity > 1 ? {} : decide(tx, ctx, booking, input.feeMinor);
  }
  const seat = await readSeatCharge(tx, ctx.tenantId, input.bookingId, input.studentId);
  return seat ? decide(tx, ctx, seat, input.feeMinor) : {};
}

/**
 * Settles the money side of a cancellation: a lesson's (the `booking.cancelled` handler) or one
 * seat's of a group session (`booking.seat_released`, with `studentId`). A group session cancelled
 * as a whole is settled seat by seat, by the seat events scheduling emits for it, so its
 * `booking.cancelled` does nothing here.
 */
export async function settleCancellation(
  deps: PaymentDeps,
  inSystem: InPaymentsContext,
  input: { tenantId: string; bookingId: string; feeMinor: number; studentId?: string },
): Promise<void> {
  const followup = await inSystem((tx, ctx) => decideCancellation(tx, ctx, input));
  if (followup.refund?.viaStripe) await sendRefund(deps, followup.refund.payment, followup.refund.refund);
  // A declined card leaves the fee due (outstanding), with the failure on the payment's record.
  if (followup.chargeFeePaymentId)
    await chargeCard(deps, input.tenantId, followup.chargeFeePaymentId, { offSession: true });
}

export async function listFees(tx: Tx, ctx: PaymentsContext, status?: FeeStatus): Promise<FeeView[]> {
  const rows = await tx
    .select()
    .from(cancellationFees)
    .where(
      and(
        eq(cancellationFees.tenantId, ctx.tenantId),
        can(ctx.viewer, 'payments:fees:read:any')
          ? undefined
          : eq(cancellationFees.studentId, ctx.viewer.studentId ?? '00000000-0000-0000-0000-000000000000'),
        status ? eq(cancellationFees.status, status) : undefined,
      ),
    )
    .orderBy(desc(cancellationFees.createdAt))
    .limit(200);
  return rows.map(feeView);
}

/**
 * Staff let a fee go, on record (who, when, why). A fee already taken goes back to the
 * student as credit.
 */
export async function waiveFee(
  tx: Tx,
  ctx: PaymentsContext,
  feeId: string,
  reason: string,
): Promise<FeeView> {
  requireCan(ctx.viewer, 'payments:fees:waive', { detail: OFFICE_ONLY });
  const [fee] = await tx
    .select()
    .from(cancellationFees)
    .where(and(eq(cancellationFees.tenantId, ctx.tenantId), eq(cancellationFees.id, feeId)))
    .for('update');
  if (!fee) throw feeNotFound();
  if (fee.status === 'waived') throw conflict('payments.fee_settled', 'This fee is already waived.');
  if (fee.paymentId) {
    await openRefund(tx, ctx, {
      paymentId: fee.paymentId,
      amountMinor: fee.amountMinor,
      destination: 'credit',
      reason: `cancellation fee waived: ${reason}`,
    });
  }
  const [row] = await tx
    .update(cancellationFees)
    .set({
      status: 'waived',
      waivedBy: ctx.actor.kind === 'user' ? ctx.actor.id : null,
      waivedAt: ctx.now,
      waiveReason: reason,
    })
    .where(and(eq(cancellationFees.tenantId, ctx.tenantId), eq(cancellationFees.id, feeId)))
    .returning();
  if (fee.status === 'due')
    await noteOutstandingChange(tx, ctx.tenantId, {
      studentId: fee.studentId,
      changeMinor: -fee.amountMinor,
      currency: fee.currency,
    });
  return feeView(row!);
}
