import { systemActor, type Tx } from '@dualcontrol/db';
import { conflict, emitEvent, requireCan } from '@dualcontrol/platform';
import { and, eq } from 'drizzle-orm';
import { paymentsEvents } from '../events.ts';
import { type Payment, type Refund, refunds } from '../schema.ts';
import { callStripe, isStripeRefusal, type PaymentDeps, stripeKey } from './card-charge.ts';
import { grantCredit, lockCredit } from './credit-ledger.ts';
import { issueInvoiceFor } from './invoices.ts';
import { OFFICE_ONLY, stripeNotConfigured } from './payment-errors.ts';
import { readPayment, refundedTotals } from './payment-view.ts';
import type { InPaymentsContext, PaymentsContext } from './payments-context.ts';
import { stripeGateway } from './stripe-gateway.ts';

export type RefundInput = {
  paymentId: string;
  /** Default: all that is left to refund. */
  amountMinor?: number | undefined;
  /** Back to the card / cash it came from, or to the student's credit. */
  destination: 'original' | 'credit';
  reason?: string | undefined;
};

export type RefundView = {
  id: string;
  paymentId: string;
  amountMinor: number;
  currency: string;
  destination: 'original' | 'credit';
  status: Refund['status'];
  reason: string | null;
  createdAt: string;
};

export const refundView = (r: Refund): RefundView => ({
  id: r.id,
  paymentId: r.paymentId,
  amountMinor: r.amountMinor,
  currency: r.currency,
  destination: r.destination,
  status: r.status,
  reason: r.reason,
  createdAt: r.createdAt.toISOString(),
});

/** Completes a refund: credit back to the student's ledger, or a credit note for money handed back. */
export async function completeRefund(tx: Tx, tenantId: string, payment: Payment, refund: Refund, now: Date) {
  if (refund.destination === 'credit') {
    await lockCredit(tx, tenantId, payment.studentId);
    await grantCredit(tx, {
      tenantId,
      studentId: payment.studentId,
      kind: 'refund',
      amountMinor: refund.amountMinor,
      currency: refund.currency,
      paymentId: payment.id,
      refundId: refund.id,
      ...(payment.bookingId ? { bookingId: payment.bookingId } : {}),
      reason: refund.reason ?? 'refund to credit',
      now,
    });
  } else if (payment.method !== 'credit') {
    await issueInvoiceFor(tx, tenantId, {
      kind: 'credit_note',
      payment,
      refundId: refund.id,
      description: `Refund: ${payment.description}`,
      amountMinor: refund.amountMinor,
      currency: refund.currency,
      at: now,
    });
  }
  await emitEvent(tx, tenantId, paymentsEvents['payment.refunded'], {
    paymentId: payment.id,
    refundId: refund.id,
    studentId: payment.studentId,
    amountMinor: refund.amountMinor,
    currency: refund.currency,
    destination: refund.destination,
    ...(payment.bookingId ? { bookingId: payment.bookingId } : {}),
  });
}

/**
 * Opens a refund under the payment's row lock (so two refunds cannot both take the last pound).
 * A refund to credit, or of money taken by hand, completes in the same transaction; a card refund
 * stays pending until Stripe has answered.
 */
export async function openRefund(tx: Tx, ctx: PaymentsContext, input: RefundInput) {
  requireCan(ctx.viewer, 'payments:refunds:create', { detail: OFFICE_ONLY });
  const payment = await readPayment(tx, ctx.tenantId, ctx.viewer, input.paymentId, { lock: true });
  if (payment.status !== 'succeeded')
    throw conflict('payments.not_refundable', `A ${payment.status} payment cannot be refunded.`);
  const refunded = (await refundedTotals(tx, ctx.tenantId, [payment.id])).get(payment.id) ?? 0;
  const left = payment.amountMinor - refunded;
  const amountMinor = input.amountMinor ?? left;
  if (amountMinor <= 0 || amountMinor > left)
    throw conflict(
      'payments.refund_too_large',
      `At most ${left} (minor units) of this payment can be refunded.`,
      {
        refundableMinor: left,
      },
    );
  // Credit spent on a lesson can only go back to credit.
  const destination = payment.method === 'credit' ? 'credit' : input.destination;
  const viaStripe = destination === 'original' && payment.method === 'card';
  const [refund] = await tx
    .insert(refunds)
    .values({
      tenantId: ctx.tenantId,
      paymentId: payment.id,
      amountMinor,
      currency: payment.currency,
      destination,
      status: viaStripe ? 'pending' : 'succeeded',
      reason: input.reason ?? null,
      createdBy: ctx.actor.kind === 'user' ? ctx.actor.id : null,
    })
    .returning();
  if (!viaStripe) await completeRefund(tx, ctx.tenantId, payment, refund!, ctx.now);
  return { payment, refund: refund!, viaStripe };
}

/** Refunds (part of) a payment; card refunds go through Stripe with the refund's id as idempotency key. */
export async function refundPayment(
  deps: PaymentDeps,
  inContext: InPaymentsContext,
  input: RefundInput,
): Promise<RefundView> {
  const opened = await inContext((tx, ctx) => openRefund(tx, ctx, input));
  return opened.viaStripe ? sendRefund(deps, opened.payment, opened.refund) : refundView(opened.refund);
}

/** Asks Stripe for an opened card refund and completes it; safe to repeat (same idempotency key). */
export async function sendRefund(deps: PaymentDeps, payment: Payment, refund: Refund): Promise<RefundView> {
  const tenantId = payment.tenantId;
  const gateway = await deps.db.withTenant(tenantId, systemActor, (tx) => stripeGateway(tx, deps, tenantId));
  if (!gateway) throw stripeNotConfigured();
  const intentId = payment.stripePaymentIntentId;
  if (!intentId) throw conflict('payments.not_refundable', 'This card payment has no charge to refund.');
  try {
    const stripeRefund = await callStripe(() =>
      gateway.stripe.refunds.create(
        { payment_intent: intentId, amount: refund.amountMinor, metadata: { tenantId, refundId: refund.id } },
        { ...gateway.account, idempotencyKey: stripeKey(tenantId, 'refund', refund.id) },
      ),
    );
    return await deps.db.withTenant(tenantId, systemActor, async (tx) => {
      const [done] = await tx
        .update(refunds)
        .set({ status: 'succeeded', stripeRefundId: stripeRefund.id })
        .where(and(eq(refunds.tenantId, tenantId), eq(refunds.id, refund.id), eq(refunds.status, 'pending')))
        .returning();
      if (done) await completeRefund(tx, tenantId, payment, done, new Date());
      return refundView(done ?? refund);
    });
  } catch (error) {
    // Refused: marked failed, so the amount can be refunded again. Unreachable: it stays pending
    // (Stripe may have done it), still counted as refunded, until a retry with the same key settles it.
    if (!isStripeRefusal(error)) throw error;
    await deps.db.withTenant(tenantId, systemActor, (tx) =>
      tx
        .update(refunds)
        .set({ status: 'failed' })
        .where(and(eq(refunds.tenantId, tenantId), eq(refunds.id, refund.id), eq(refunds.status, 'pending'))),
    );
    throw conflict('payments.refund_refused', `Stripe refused the refund: ${error.message}`);
  }
}
