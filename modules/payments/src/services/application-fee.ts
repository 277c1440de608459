import { type Actor, type Database, tenants } from '@dualcontrol/db';
import { conflict, notFound } from '@dualcontrol/platform';
import { eq } from 'drizzle-orm';
import { paymentAccounts } from '../schema.ts';

/**
 * The platform's cut of a Connect school's card payments, set by an operator (never by the
 * school). Only a school on Stripe Connect pays one: with its own keys it is charged by Stripe directly.
 */
export async function setApplicationFee(
  platformDb: Database,
  actor: Actor,
  input: { slug: string; applicationFeeBps: number },
): Promise<{ slug: string; applicationFeeBps: number }> {
  return platformDb.withActor(actor, async (tx) => {
    const [tenant] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, input.slug));
    if (!tenant) throw notFound('tenant.not_found', `No school is known as "${input.slug}".`);
    const [account] = await tx
      .update(paymentAccounts)
      .set({ applicationFeeBps: input.applicationFeeBps })
      .where(eq(paymentAccounts.tenantId, tenant.id))
      .returning({ mode: paymentAccounts.mode });
    if (account?.mode !== 'stripe_connect')
      throw conflict(
        'payments.not_on_connect',
        'This school is not on Stripe Connect, so there is no platform fee to set (it must connect first).',
      );
    return { slug: input.slug, applicationFeeBps: input.applicationFeeBps };
  });
}
