import { type Tx, tenantModules, tenants } from '@dualcontrol/db';
import { requireCan } from '@dualcontrol/platform';
import { and, eq, sql } from 'drizzle-orm';
import { readPolicies, type SchedulingPolicies } from '../settings.ts';
import type { Viewer } from './viewer.ts';

/**
 * A school's scheduling policies: the defaults, then the school's definition (tenants.policies,
 * from tenant.json), then what its admins set here (the module's own settings row).
 */
export async function loadPolicies(tx: Tx, tenantId: string): Promise<SchedulingPolicies> {
  const [row] = await tx
    .select({ base: tenants.policies, own: tenantModules.settings })
    .from(tenants)
    .leftJoin(
      tenantModules,
      and(eq(tenantModules.tenantId, tenants.id), eq(tenantModules.moduleId, 'scheduling')),
    )
    .where(eq(tenants.id, tenantId));
  return readPolicies({ ...(row?.base ?? {}), ...(row?.own ?? {}) });
}

/** Whether a payment collector (the payments module) is on for the school: only then is prepayment asked. */
export async function collectsPayments(tx: Tx, tenantId: string): Promise<boolean> {
  const [row] = await tx
    .select({ enabled: tenantModules.enabled })
    .from(tenantModules)
    .where(and(eq(tenantModules.tenantId, tenantId), eq(tenantModules.moduleId, 'payments')));
  return row?.enabled === true;
}

/** Admins change some policies; the rest keep their values. Returns the whole set in force. */
export async function updatePolicies(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  changes: Partial<SchedulingPolicies>,
): Promise<SchedulingPolicies> {
  requireCan(viewer, 'scheduling:policies:manage', {
    detail: 'Only the school’s owner or admins can change policies.',
  });
  await tx
    .update(tenantModules)
    .set({ settings: sql`${tenantModules.settings} || ${JSON.stringify(changes)}::jsonb` })
    .where(and(eq(tenantModules.tenantId, tenantId), eq(tenantModules.moduleId, 'scheduling')));
  return loadPolicies(tx, tenantId);
}
