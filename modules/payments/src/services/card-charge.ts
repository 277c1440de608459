import type { Env } from '@dualcontrol/config';
import { type Database, type Keyring, systemActor, type Tx } from '@dualcontrol/db';
import { faultPoint } from '@dualcontrol/platform';
import { and, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { type Payment, paymentMethods, payments, stripeCustomers } from '../schema.ts';
import {
  cardDeclined,
  methodNotFound,
  paymentNotFound,
  stripeNotConfigured,
  stripeUnavailable,
} from './payment-errors.ts';
import { failPayment, settlePayment } from './settle-payment.ts';
import { type StripeGateway, stripeGateway } from './stripe-gateway.ts';
import { buyerOf } from './student-buyer.ts';

export type PaymentDeps = { db: Database; env: Env; keyring: Keyring };

/** Idempotency keys come from our own ids, so a retried call (after any crash) is the same call. */
export const stripeKey = (tenantId: string, what: string, id: string) =>
  `dualcontrol:${tenantId}:${what}:${id}`;

/** Stripe's refusals that no retry will change, as opposed to a processor we could not reach. */
export const isStripeRefusal = (error: unknown): error is Stripe.errors.StripeError =>
  error instanceof Stripe.errors.StripeCardError || error instanceof Stripe.errors.StripeInvalidRequestError;

/** The student's Stripe customer, created once (the idempotency key makes a race create one). */
export async function ensureCustomer(
  deps: PaymentDeps,
  gateway: StripeGateway,
  tenantId: string,
  studentId: string,
): Promise<string> {
  const existing = await deps.db.withTenant(tenantId, systemActor, async (tx) => {
    const [row] = await tx
      .select()
      .from(stripeCustomers)
      .where(and(eq(stripeCustomers.tenantId, tenantId), eq(stripeCustomers.studentId, studentId)));
    return row
      ? { id: row.stripeCustomerId, buyer: undefined }
      : { id: undefined, buyer: await buyerOf(tx, tenantId, studentId) };
  });
  if (existing.id) return existing.id;
  const buyer = existing.buyer!;
  const customer = await callStripe(() =>
    gateway.stripe.customers.create(
      { email: buyer.email, name: buyer.name, metadata: { tenantId, studentId } },
      { ...gateway.account, idempotencyKey: stripeKey(tenantId, 'customer', studentId) },
    ),
  );
  await deps.db.withTenant(tenantId, systemActor, (tx) =>
    tx
      .insert(stripeCustomers)
      .values({ tenantId, studentId, stripeCustomerId: customer.id })
      .onConflictDoNothing(),
  );
  return customer.id;
}

/** Runs a Stripe call; a processor we cannot reach becomes 503 (nothing was charged). */
export async function callStripe<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isStripeRefusal(error)) throw error;
    throw stripeUnavailable(error);
  }
}

/**
 * Brings our payment in line with its PaymentIntent as Stripe reports it: settled when it
 * succeeded, failed when the card was refused, otherwise left pending (a webhook will finish it).
 */
export async function applyIntent(tx: Tx, tenantId: string, paymentId: string, intent: Stripe.PaymentIntent) {
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)))
    .for('update');
  if (!payment) throw paymentNotFound();
  if (!payment.stripePaymentIntentId) {
    await tx
      .update(payments)
      .set({ stripePaymentIntentId: intent.id })
      .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)));
  }
  if (intent.status === 'succeeded') await settlePayment(tx, tenantId, paymentId, new Date());
  else if (intent.status === 'requires_payment_method' || intent.status === 'canceled')
    await failPayment(
      tx,
      tenantId,
      paymentId,
      intent.last_payment_error?.message ?? `payment ${intent.status}`,
    );
  const [after] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)));
  return after!;
}

/**
 * Charges a pending card payment on its saved card. The PaymentIntent's idempotency key is the
 * payment's id: after a crash anywhere in here, running this again returns the same intent instead
 * of charging twice, and the commit that was lost happens then.
 */
export async function chargeCard(
  deps: PaymentDeps,
  tenantId: string,
  paymentId: string,
  opts: { offSession: boolean },
): Promise<{ payment: Payment; clientSecret: string | null }> {
  const loaded = await deps.db.withTenant(tenantId, systemActor, async (tx) => {
    const [payment] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)));
    if (!payment) throw paymentNotFound();
    const gateway = await stripeGateway(tx, deps, tenantId);
    if (!gateway) throw stripeNotConfigured();
    const [method] = payment.paymentMethodId
      ? await tx
          .select()
          .from(paymentMethods)
          .where(and(eq(paymentMethods.tenantId, tenantId), eq(paymentMethods.id, payment.paymentMethodId)))
      : [];
    return { payment, gateway, method };
  });
  const { payment, gateway, method } = loaded;
  if (payment.status !== 'pending') return { payment, clientSecret: null };
  if (!method) throw methodNotFound();
  const customer = await ensureCustomer(deps, gateway, tenantId, payment.studentId);
  let intent: Stripe.PaymentIntent;
  try {
    intent = await callStripe(() =>
      gateway.stripe.paymentIntents.create(
        {
          amount: payment.amountMinor,
          currency: payment.currency.toLowerCase(),
          customer,
          payment_method: method.stripePaymentMethodId,
          confirm: true,
          ...(opts.offSession ? { off_session: true } : {}),
          metadata: { tenantId, paymentId },
          ...(gateway.applicationFeeBps > 0
            ? {
                application_fee_amount: Math.round(
                  (payment.amountMinor * gateway.applicationFeeBps) / 10_000,
                ),
              }
            : {}),
        },
        { ...gateway.account, idempotencyKey: stripeKey(tenantId, 'payment', paymentId) },
      ),
    );
  } catch (error) {
    if (!isStripeRefusal(error)) throw error;
    const failed = await deps.db.withTenant(tenantId, systemActor, async (tx) => {
      await failPayment(tx, tenantId, paymentId, error.message);
      const [row] = await tx
        .select()
        .from(payments)
        .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)));
      return row!;
    });
    return { payment: failed, clientSecret: null };
  }
  // The crash test kills the worker here: Stripe has charged, our database does not know yet.
  faultPoint('payments.after-stripe-charge');
  const after = await deps.db.withTenant(tenantId, systemActor, (tx) =>
    applyIntent(tx, tenantId, paymentId, intent),
  );
  const needsAction = after.status === 'pending' ? intent.client_secret : null;
  return { payment: after, clientSecret: needsAction };
}

/** A refused card as the API answers it: 402 with the bank's message; the payment stays on record. */
export function declinedProblem(payment: Payment) {
  return cardDeclined(payment.failureMessage ?? 'The card was declined.');
}
