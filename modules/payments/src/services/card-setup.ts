import { callStripe, ensureCustomer, type PaymentDeps } from './card-charge.ts';
import { stripeNotConfigured } from './payment-errors.ts';
import type { InPaymentsContext } from './payments-context.ts';
import { cardOwner } from './saved-cards.ts';
import { stripeGateway } from './stripe-gateway.ts';

/**
 * Opens a SetupIntent for the student's Stripe customer. The browser confirms it with Stripe.js
 * (card details go straight to Stripe, with 3-D Secure when the bank asks for it) and then saves
 * the resulting pm_… through POST /payment-methods. Each call is a new intent: an abandoned one
 * simply expires at Stripe.
 */
export async function startCardSetup(
  deps: PaymentDeps,
  inContext: InPaymentsContext,
  input: { studentId?: string | undefined },
): Promise<{ clientSecret: string }> {
  const { tenantId, studentId, gateway } = await inContext(async (tx, ctx) => ({
    tenantId: ctx.tenantId,
    studentId: await cardOwner(tx, ctx, input.studentId),
    gateway: await stripeGateway(tx, deps, ctx.tenantId),
  }));
  if (!gateway) throw stripeNotConfigured();
  const customer = await ensureCustomer(deps, gateway, tenantId, studentId);
  const intent = await callStripe(() =>
    gateway.stripe.setupIntents.create(
      { customer, usage: 'off_session', metadata: { tenantId, studentId } },
      gateway.account,
    ),
  );
  if (!intent.client_secret) throw stripeNotConfigured();
  return { clientSecret: intent.client_secret };
}
