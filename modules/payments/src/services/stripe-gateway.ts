import type { Env } from '@dualcontrol/config';
import { decryptField, encryptField, type Keyring, type Tx } from '@dualcontrol/db';
import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { paymentAccounts } from '../schema.ts';

/** Pinned so that Stripe (or the stand-in) answers in the shape this code was written against. */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const;

/** A school's way to Stripe: the client, the per-call options (Connect account) and its fee. */
export type StripeGateway = {
  stripe: Stripe;
  /** Stripe-Account for Connect calls; empty for a school's own keys. */
  account: { stripeAccount?: string };
  applicationFeeBps: number;
  webhookSecret: string | undefined;
  publishableKey: string | null;
};

const clients = new Map<string, Stripe>();

/** One SDK client per key (they pool connections); STRIPE_API_BASE points them at a stand-in. */
export function stripeClient(env: Env, secretKey: string): Stripe {
  const cacheKey = `${env.STRIPE_API_BASE ?? ''}|${secretKey}`;
  let client = clients.get(cacheKey);
  if (!client) {
    const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : undefined;
    client = new Stripe(secretKey, {
      apiVersion: STRIPE_API_VERSION,
      // Our activities retry with the same idempotency keys; the SDK's own retries would hide failures.
      maxNetworkRetries: 0,
      // Below the activities' 15 s start-to-close, so a hung call fails the attempt rather than the worker's slot.
      timeout: 10_000,
      ...(base
        ? {
            host: base.hostname,
            port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
            protocol: base.protocol === 'https:' ? 'https' : 'http',
          }
        : {}),
    });
    clients.set(cacheKey, client);
  }
  return client;
}

const context = (tenantId: string, field: string) => `payment_accounts:${tenantId}:${field}`;

export const sealSecret = (keyring: Keyring, tenantId: string, field: string, value: string) =>
  encryptField(keyring, value, context(tenantId, field));

/** The school's Stripe setup, or null when it takes no card payments (manual payments only). */
export async function stripeGateway(
  tx: Tx,
  deps: { env: Env; keyring: Keyring },
  tenantId: string,
): Promise<StripeGateway | null> {
  const [account] = await tx.select().from(paymentAccounts).where(eq(paymentAccounts.tenantId, tenantId));
  if (!account) return null;
  const open = (sealed: string | null, field: string) =>
    sealed ? decryptField(deps.keyring, sealed, context(tenantId, field)) : undefined;
  if (account.mode === 'stripe_connect') {
    if (!deps.env.STRIPE_SECRET_KEY || !account.stripeAccountId) return null;
    return {
      stripe: stripeClient(deps.env, deps.env.STRIPE_SECRET_KEY),
      account: { stripeAccount: account.stripeAccountId },
      applicationFeeBps: account.applicationFeeBps,
      webhookSecret: deps.env.STRIPE_WEBHOOK_SECRET,
      publishableKey: account.publishableKey,
    };
  }
  const secretKey = open(account.secretKeyEncrypted, 'secret_key');
  if (!secretKey) return null;
  return {
    stripe: stripeClient(deps.env, secretKey),
    account: {},
    applicationFeeBps: 0,
    webhookSecret: open(account.webhookSecretEncrypted, 'webhook_secret'),
    publishableKey: account.publishableKey,
  };
}
