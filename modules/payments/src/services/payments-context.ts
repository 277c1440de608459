import type { Env } from '@dualcontrol/config';
import { type Actor, type Keyring, type Tx, tenants } from '@dualcontrol/db';
import { readModuleSettings, SYSTEM_VIEWER, type Viewer } from '@dualcontrol/platform';
import { eq } from 'drizzle-orm';
import { type PaymentSettings, paymentSettings } from '../settings.ts';

/** What every payments service is given: the school, who acts, the school's rules and the clock. */
export type PaymentsContext = {
  tenantId: string;
  currency: string;
  actor: Actor;
  viewer: Viewer;
  settings: PaymentSettings;
  now: Date;
  /** For reaching the school's Stripe account. */
  secrets: { env: Env; keyring: Keyring };
};

/** Runs a step in one tenant transaction as the caller (a request's user, or the system). */
export type InPaymentsContext = <T>(fn: (tx: Tx, ctx: PaymentsContext) => Promise<T>) => Promise<T>;

/** The school as printed on its invoices. */
export type Seller = { name: string; primaryColor?: string };

export function loadPaymentSettings(tx: Tx, tenantId: string): Promise<PaymentSettings> {
  return readModuleSettings({ tx, tenantId, settings: paymentSettings });
}

export async function loadSeller(tx: Tx, tenantId: string): Promise<Seller & { currency: string }> {
  const [row] = await tx
    .select({ name: tenants.name, branding: tenants.branding, currency: tenants.currency })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!row) throw new Error(`tenant ${tenantId} not found`);
  return {
    name: row.name,
    currency: row.currency,
    ...(row.branding.primaryColor ? { primaryColor: row.branding.primaryColor } : {}),
  };
}

/** The system acting for the school (workflows, event handlers). */
export const systemViewer: Viewer = SYSTEM_VIEWER;
