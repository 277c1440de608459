import { systemActor } from '@dualcontrol/db';
import { conflict, emitEvent } from '@dualcontrol/platform';
import { and, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { paymentsEvents } from '../events.ts';
import { type Payment, payments } from '../schema.ts';
import { applyIntent, callStripe, type PaymentDeps, stripeKey } from './card-charge.ts';
import { alreadyPaid, stripeNotConfigured } from './payment-errors.ts';
import { readPayment } from './payment-view.ts';
import type { InPaymentsContext } from './payments-context.ts';
import { stripeGateway } from './stripe-gateway.ts';

const CANCELLABLE: readonly string[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'requires_capture',
];

/**
 * Abandons a card payment still pending (the bank's 3-D Secure never completed, or the student
 * changed their mind), so the lesson can be paid another way. Stripe is asked first: an intent that
 * did succeed meanwhile settles instead (409 already paid); otherwise it is cancelled there and here.
 */
export async function cancelPendingPayment(
  deps: PaymentDeps,
  inContext: InPaymentsContext,
  paymentId: string,
): Promise<Payment> {
  const { payment, gateway } = await inContext(async (tx, ctx) => {
    const found = await readPayment(tx, ctx.tenantId, ctx.viewer, paymentId);
    if (found.status !== 'pending' || found.method !== 'card')
      throw conflict(
        'payments.not_cancellable',
        `A ${found.status} ${found.method} payment cannot be cancelled.`,
      );
    return { payment: found, gateway: await stripeGateway(tx, ctx.secrets, ctx.tenantId) };
  });
  if (!gateway) throw stripeNotConfigured();
  const tenantId = payment.tenantId;
  // No intent id means the charge request's outcome was never recorded (the request died after
  // Stripe answered): retrying that request settles it; cancelling blind could leave a charge behind.
  const intentId = payment.stripePaymentIntentId;
  if (!intentId)
    throw conflict(
      'payments.outcome_unknown',
      'This payment’s outcome is not known yet: repeat the payment request (same Idempotency-Key) to settle it.',
    );
  let intent: Stripe.PaymentIntent = await callStripe(() =>
    gateway.stripe.paymentIntents.retrieve(intentId, {}, gateway.account),
  );
  if (CANCELLABLE.includes(intent.status)) {
    const id = intent.id;
    intent = await callStripe(() =>
      gateway.stripe.paymentIntents.cancel(
        id,
        {},
        { ...gateway.account, idempotencyKey: stripeKey(tenantId, 'cancel', paymentId) },
      ),
    );
  }
  if (intent.status !== 'canceled') {
    // It went through (or is going through) after all: record that, and say so.
    const settled = intent;
    await deps.db.withTenant(tenantId, systemActor, (tx) => applyIntent(tx, tenantId, paymentId, settled));
    if (intent.status === 'succeeded') throw alreadyPaid();
    throw conflict(
      'payments.processing',
      'The bank is still processing this payment; it cannot be cancelled now.',
    );
  }
  return deps.db.withTenant(tenantId, systemActor, async (tx) => {
    const [cancelled] = await tx
      .update(payments)
      .set({ status: 'cancelled', failureMessage: 'cancelled before it was completed' })
      .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId), eq(payments.status, 'pending')))
      .returning();
    if (cancelled)
      await emitEvent(tx, tenantId, paymentsEvents['payment.cancelled'], {
        paymentId,
        studentId: cancelled.studentId,
        ...(cancelled.bookingId ? { bookingId: cancelled.bookingId } : {}),
      });
    const [row] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)));
    return row!;
  });
}
