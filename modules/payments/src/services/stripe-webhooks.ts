import { systemActor } from '@dualcontrol/db';
import { AppError, emitEvent } from '@dualcontrol/platform';
import { and, eq, or } from 'drizzle-orm';
import type Stripe from 'stripe';
import { paymentsEvents } from '../events.ts';
import { paymentAccounts, payments, stripeEvents } from '../schema.ts';
import { applyIntent, callStripe, type PaymentDeps } from './card-charge.ts';
import { stripeNotConfigured } from './payment-errors.ts';
import { reconcileRefunds } from './reconcile-refunds.ts';
import { stripeGateway } from './stripe-gateway.ts';

/** Stripe's default: a signature older than five minutes is a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

const badSignature = (detail: string) =>
  new AppError('payments.webhook_signature', { status: 400, title: 'Bad request', detail });

/** Payment intent events we act on; any other type is recorded and acknowledged. */
const INTENT_EVENTS = new Set([
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.processing',
  'payment_intent.requires_action',
]);

/** Refund events: the refund or charge they name is re-read to find its PaymentIntent. */
const REFUND_EVENTS = new Set([
  'charge.refunded',
  'charge.refund.updated',
  'refund.created',
  'refund.updated',
]);

/**
 * Takes one webhook delivery: verifies the signature over the raw body with the school's signing
 * secret (forged, altered or stale → 400 and nothing stored), stores the event id first (a repeat
 * is acknowledged and ignored) and leaves the work to the outbox, so Stripe gets its answer at once.
 */
export async function receiveWebhook(
  deps: PaymentDeps,
  tenantId: string,
  rawBody: string,
  signature: string | undefined,
): Promise<{ duplicate: boolean; eventId: string }> {
  if (!signature) throw badSignature('The Stripe-Signature header is missing.');
  const { gateway, connectAccount } = await deps.db.withTenant(tenantId, systemActor, async (tx) => {
    const [account] = await tx.select().from(paymentAccounts).where(eq(paymentAccounts.tenantId, tenantId));
    return {
      gateway: await stripeGateway(tx, deps, tenantId),
      connectAccount: account?.stripeAccountId ?? null,
    };
  });
  if (!gateway?.webhookSecret) throw stripeNotConfigured();
  let event: Stripe.Event;
  try {
    event = await gateway.stripe.webhooks.constructEventAsync(
      rawBody,
      signature,
      gateway.webhookSecret,
      WEBHOOK_TOLERANCE_SECONDS,
    );
  } catch (error) {
    throw badSignature(
      error instanceof Error
        ? `The signature does not match: ${error.message}`
        : 'The signature does not match.',
    );
  }
  // On the platform's Connect endpoint, an event is this school's only if it names its account.
  if (gateway.account.stripeAccount && event.account !== connectAccount)
    throw badSignature('The event belongs to another Stripe account.');
  const object = event.data?.object as { id?: unknown } | undefined;
  return deps.db.withTenant(tenantId, systemActor, async (tx) => {
    const [row] = await tx
      .insert(stripeEvents)
      .values({
        tenantId,
        stripeEventId: event.id,
        type: event.type,
        objectId: typeof object?.id === 'string' ? object.id : null,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return { duplicate: true, eventId: event.id };
    await emitEvent(tx, tenantId, paymentsEvents['stripe.event_received'], {
      stripeEventId: event.id,
      type: event.type,
      objectId: row.objectId,
    });
    return { duplicate: false, eventId: event.id };
  });
}

/**
 * Acts on a stored Stripe event. Only the object's id is taken from the event: the state comes
 * from Stripe itself (re-read now), so events arriving late, twice or out of order all lead to the
 * same place, and applying it is a no-op when our record already agrees.
 */
export async function processStripeEvent(
  deps: PaymentDeps,
  tenantId: string,
  input: { stripeEventId: string; type: string; objectId: string | null },
): Promise<void> {
  if (INTENT_EVENTS.has(input.type) && input.objectId) {
    const objectId = input.objectId;
    const gateway = await deps.db.withTenant(tenantId, systemActor, (tx) =>
      stripeGateway(tx, deps, tenantId),
    );
    if (!gateway) throw stripeNotConfigured();
    const intent = await callStripe(() =>
      gateway.stripe.paymentIntents.retrieve(objectId, {}, gateway.account),
    );
    await deps.db.withTenant(tenantId, systemActor, async (tx) => {
      // Ours only if it carries our payment id for this school, or is already linked to one of our payments.
      const claimed = intent.metadata?.tenantId === tenantId ? intent.metadata.paymentId : undefined;
      const [payment] = await tx
        .select({ id: payments.id })
        .from(payments)
        .where(
          and(
            eq(payments.tenantId, tenantId),
            claimed
              ? or(eq(payments.stripePaymentIntentId, intent.id), eq(payments.id, claimed))
              : eq(payments.stripePaymentIntentId, intent.id),
          ),
        );
      if (payment) await applyIntent(tx, tenantId, payment.id, intent);
    });
  }
  if (REFUND_EVENTS.has(input.type) && input.objectId) {
    const objectId = input.objectId;
    const gateway = await deps.db.withTenant(tenantId, systemActor, (tx) =>
      stripeGateway(tx, deps, tenantId),
    );
    if (!gateway) throw stripeNotConfigured();
    const named = objectId.startsWith('re_')
      ? await callStripe(() => gateway.stripe.refunds.retrieve(objectId, {}, gateway.account))
      : await callStripe(() => gateway.stripe.charges.retrieve(objectId, {}, gateway.account));
    const intent = named.payment_intent;
    const intentId = typeof intent === 'string' ? intent : intent?.id;
    if (intentId) await reconcileRefunds(deps, gateway, tenantId, intentId);
  }
  await deps.db.withTenant(tenantId, systemActor, (tx) =>
    tx
      .update(stripeEvents)
      .set({ processedAt: new Date() })
      .where(and(eq(stripeEvents.tenantId, tenantId), eq(stripeEvents.stripeEventId, input.stripeEventId))),
  );
}
