import { systemActor } from '@dualcontrol/db';
import { and, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { payments, refunds } from '../schema.ts';
import { callStripe, type PaymentDeps } from './card-charge.ts';
import { refundedTotals } from './payment-view.ts';
import { completeRefund } from './refunds.ts';
import type { StripeGateway } from './stripe-gateway.ts';

/**
 * Brings our refunds of one PaymentIntent in line with Stripe's: a refund of ours still pending
 * completes when Stripe has done it, and a refund made elsewhere (the Stripe dashboard) is
 * recorded with its credit note. Matching is by Stripe refund id and our own refund id in its
 * metadata, so running this again changes nothing.
 */
export async function reconcileRefunds(
  deps: PaymentDeps,
  gateway: StripeGateway,
  tenantId: string,
  intentId: string,
): Promise<void> {
  const listed = await callStripe(() =>
    gateway.stripe.refunds.list({ payment_intent: intentId, limit: 100 }, gateway.account),
  );
  const done = listed.data.filter((r: Stripe.Refund) => r.status === 'succeeded');
  if (done.length === 0) return;
  await deps.db.withTenant(tenantId, systemActor, async (tx) => {
    const [payment] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.tenantId, tenantId), eq(payments.stripePaymentIntentId, intentId)))
      .for('update');
    if (!payment) return;
    const ours = await tx
      .select()
      .from(refunds)
      .where(and(eq(refunds.tenantId, tenantId), eq(refunds.paymentId, payment.id)));
    const now = new Date();
    for (const stripeRefund of done) {
      const mine = ours.find(
        (r) => r.stripeRefundId === stripeRefund.id || r.id === stripeRefund.metadata?.refundId,
      );
      if (mine?.status === 'succeeded') continue;
      if (mine) {
        const [completed] = await tx
          .update(refunds)
          .set({ status: 'succeeded', stripeRefundId: stripeRefund.id })
          .where(and(eq(refunds.tenantId, tenantId), eq(refunds.id, mine.id)))
          .returning();
        await completeRefund(tx, tenantId, payment, completed!, now);
        continue;
      }
      const refunded = (await refundedTotals(tx, tenantId, [payment.id])).get(payment.id) ?? 0;
      // Stripe never refunds more than was charged; our record must not either.
      if (refunded + stripeRefund.amount > payment.amountMinor) continue;
      const [recorded] = await tx
        .insert(refunds)
        .values({
          tenantId,
          paymentId: payment.id,
          amountMinor: stripeRefund.amount,
          currency: payment.currency,
          destination: 'original',
          status: 'succeeded',
          stripeRefundId: stripeRefund.id,
          reason: 'refunded in Stripe',
        })
        .returning();
      await completeRefund(tx, tenantId, payment, recorded!, now);
    }
  });
}
