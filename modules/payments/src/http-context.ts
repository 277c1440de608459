import type { Actor, Tx } from '@dualcontrol/db';
import { type AppEnv, requireTenant, requireUser } from '@dualcontrol/platform';
import { viewerOf } from '@dualcontrol/scheduling';
import type { Context } from 'hono';
import type { PaymentDeps } from './services/card-charge.ts';
import {
  type InPaymentsContext,
  loadPaymentSettings,
  type PaymentsContext,
} from './services/payments-context.ts';

/** What the payments services need from the process: the app-role database and the Stripe secrets. */
export function paymentDeps(c: Context<AppEnv>): PaymentDeps {
  const deps = c.get('deps');
  return { db: deps.db, env: deps.env, keyring: deps.keyring };
}

/** Runs steps as the signed-in caller, each in its own tenant transaction. */
export function inRequestContext(c: Context<AppEnv>): InPaymentsContext {
  const tenant = requireTenant(c);
  const user = requireUser(c);
  const actor: Actor = { kind: 'user', id: user.id };
  const deps = c.get('deps');
  return (fn) =>
    deps.db.withTenant(tenant.id, actor, async (tx) => {
      const [viewer, settings] = await Promise.all([
        viewerOf(tx, tenant.id, user, deps.registry),
        loadPaymentSettings(tx, tenant.id),
      ]);
      return fn(tx, {
        tenantId: tenant.id,
        currency: tenant.currency,
        actor,
        viewer,
        settings,
        now: new Date(),
        secrets: { env: deps.env, keyring: deps.keyring },
      });
    });
}

/** One tenant transaction as the caller: the common case. */
export function withPayments<T>(
  c: Context<AppEnv>,
  fn: (tx: Tx, ctx: PaymentsContext) => Promise<T>,
): Promise<T> {
  return inRequestContext(c)(fn);
}
