import type { Env } from '@dualcontrol/config';
import type { Keyring, Tx } from '@dualcontrol/db';
import { badRequest, requireCan } from '@dualcontrol/platform';
import { eq } from 'drizzle-orm';
import { paymentAccounts } from '../schema.ts';
import { OFFICE_ONLY } from './payment-errors.ts';
import type { PaymentsContext } from './payments-context.ts';
import { sealSecret } from './stripe-gateway.ts';

export type AccountInput =
  | { mode: 'stripe_keys'; secretKey: string; publishableKey: string; webhookSecret: string }
  | { mode: 'stripe_connect'; stripeAccountId: string; publishableKey?: string | undefined };

export type AccountView = {
  configured: boolean;
  mode: 'stripe_keys' | 'stripe_connect' | null;
  publishableKey: string | null;
  stripeAccountId: string | null;
  applicationFeeBps: number;
  /** Manual payments (cash, bank transfer, card terminal) are always available. */
  manualPayments: true;
  /** What a browser needs to take a card with Stripe.js; null when the school cannot take cards. */
  stripeJs: StripeJs | null;
};

export type StripeJs = { url: string; publishableKey: string; stripeAccount: string | null };

/**
 * Stripe.js for the school: its own publishable key, or on Connect the platform's (with the
 * connected account named, so cards are created on the school's account). The script's address is
 * configuration, so tests load the stand-in's copy.
 */
function stripeJsOf(
  row: {
    mode: 'stripe_keys' | 'stripe_connect';
    publishableKey: string | null;
    stripeAccountId: string | null;
  },
  env: Pick<Env, 'STRIPE_JS_URL' | 'STRIPE_PUBLISHABLE_KEY' | 'STRIPE_SECRET_KEY'>,
): StripeJs | null {
  if (row.mode === 'stripe_keys')
    return row.publishableKey
      ? { url: env.STRIPE_JS_URL, publishableKey: row.publishableKey, stripeAccount: null }
      : null;
  const publishableKey = row.publishableKey ?? env.STRIPE_PUBLISHABLE_KEY;
  if (!env.STRIPE_SECRET_KEY || !row.stripeAccountId || !publishableKey) return null;
  return { url: env.STRIPE_JS_URL, publishableKey, stripeAccount: row.stripeAccountId };
}

export async function readAccount(tx: Tx, tenantId: string, env: Env): Promise<AccountView> {
  const [row] = await tx.select().from(paymentAccounts).where(eq(paymentAccounts.tenantId, tenantId));
  return {
    configured: Boolean(row),
    mode: row?.mode ?? null,
    publishableKey: row?.publishableKey ?? null,
    stripeAccountId: row?.stripeAccountId ?? null,
    applicationFeeBps: row?.applicationFeeBps ?? 0,
    manualPayments: true,
    stripeJs: row ? stripeJsOf(row, env) : null,
  };
}

/**
 * Connects the school to Stripe: its own keys (secrets sealed with the platform keyring, never
 * returned), or a Connect account under the platform's key. The platform fee is the operator's
 * to set and is kept as it is.
 */
export async function saveAccount(
  tx: Tx,
  ctx: PaymentsContext,
  deps: { keyring: Keyring; env: Env },
  input: AccountInput,
): Promise<AccountView> {
  const { keyring, env } = deps;
  requireCan(ctx.viewer, 'payments:account:manage', { detail: OFFICE_ONLY });
  if (input.mode === 'stripe_connect' && !env.STRIPE_SECRET_KEY)
    throw badRequest(
      'payments.connect_unavailable',
      'Stripe Connect needs the platform’s STRIPE_SECRET_KEY.',
      [{ path: 'body.mode', message: 'Connect is not set up on this platform; use stripe_keys' }],
    );
  const values =
    input.mode === 'stripe_keys'
      ? {
          mode: input.mode,
          stripeAccountId: null,
          secretKeyEncrypted: sealSecret(keyring, ctx.tenantId, 'secret_key', input.secretKey),
          webhookSecretEncrypted: sealSecret(keyring, ctx.tenantId, 'webhook_secret', input.webhookSecret),
          publishableKey: input.publishableKey,
        }
      : {
          mode: input.mode,
          stripeAccountId: input.stripeAccountId,
          secretKeyEncrypted: null,
          webhookSecretEncrypted: null,
          publishableKey: input.publishableKey ?? null,
        };
  await tx
    .insert(paymentAccounts)
    .values({ tenantId: ctx.tenantId, ...values })
    .onConflictDoUpdate({ target: paymentAccounts.tenantId, set: values });
  return readAccount(tx, ctx.tenantId, env);
}
