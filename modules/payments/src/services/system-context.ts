import { systemActor, tenants } from '@dualcontrol/db';
import { eq } from 'drizzle-orm';
import type { PaymentDeps } from './card-charge.ts';
import { type InPaymentsContext, loadPaymentSettings, systemViewer } from './payments-context.ts';

/** Runs steps as the system for one school (workflows and event handlers act for the school). */
export function inSystemContext(deps: PaymentDeps, tenantId: string): InPaymentsContext {
  return (fn) =>
    deps.db.withTenant(tenantId, systemActor, async (tx) => {
      const [tenant] = await tx
        .select({ currency: tenants.currency })
        .from(tenants)
        .where(eq(tenants.id, tenantId));
      const settings = await loadPaymentSettings(tx, tenantId);
      return fn(tx, {
        tenantId,
        currency: tenant!.currency,
        actor: systemActor,
        viewer: systemViewer,
        settings,
        now: new Date(),
        secrets: { env: deps.env, keyring: deps.keyring },
      });
    });
}
