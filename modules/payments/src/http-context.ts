import type { Actor, Database, Tx } from '@dualcontrol/db';
import {
  type AppEnv,
  releaseRequestTransaction,
  requestTx,
  requireTenant,
  requireUser,
} from '@dualcontrol/platform';
import { viewerFrom } from '@dualcontrol/scheduling';
import type { Context } from 'hono';
import type { PaymentDeps } from './services/card-charge.ts';
import type { InPaymentsContext, PaymentsContext } from './services/payments-context.ts';
import { readPaymentSettings } from './settings.ts';

/**
 * What the payments services that talk to Stripe need: the app-role database and the Stripe
 * secrets. Those services commit steps of their own around the call to Stripe, so the request's
 * transaction is committed before their first one (the caller's session check is all it holds).
 */
export function paymentDeps(c: Context<AppEnv>): PaymentDeps {
  const deps = c.get('deps');
  const db: Database = {
    ...deps.db,
    withTenant: async (tenantId, actor, fn) => {
      await releaseRequestTransaction(c);
      return deps.db.withTenant(tenantId, actor, fn);
    },
  };
  return { db, env: deps.env, keyring: deps.keyring };
}

/** The caller's payments context; its viewer and settings come from the request's first statement. */
function contextOf(c: Context<AppEnv>): PaymentsContext {
  const tenant = requireTenant(c);
  const user = requireUser(c);
  const deps = c.get('deps');
  return {
    tenantId: tenant.id,
    currency: tenant.currency,
    actor: { kind: 'user', id: user.id } satisfies Actor,
    viewer: viewerFrom(user, deps.registry),
    settings: readPaymentSettings(tenant.moduleSettings.payments),
    now: new Date(),
    secrets: { env: deps.env, keyring: deps.keyring },
  };
}

/** Runs steps as the signed-in caller, each in its own tenant transaction (see paymentDeps). */
export function inRequestContext(c: Context<AppEnv>): InPaymentsContext {
  const ctx = contextOf(c);
  const { db } = paymentDeps(c);
  return (fn) => db.withTenant(ctx.tenantId, ctx.actor, (tx) => fn(tx, { ...ctx, now: new Date() }));
}

/** The request's transaction as the caller: the common case. */
export function withPayments<T>(
  c: Context<AppEnv>,
  fn: (tx: Tx, ctx: PaymentsContext) => Promise<T>,
): Promise<T> {
  return fn(requestTx(c), contextOf(c));
}
