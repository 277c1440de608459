import { type Tx, tenantModules, type tenants } from '@dualcontrol/db';
import { and, asc, eq } from 'drizzle-orm';
import type { ModuleId } from '../modules/contract.ts';

export type TenantView = {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  currency: string;
  locale: string;
  status: 'active' | 'suspended';
  modules: ModuleId[];
  createdAt: string;
};

type TenantRow = typeof tenants.$inferSelect;

/** `modules` come from tenant_modules, whose ids only ever come from the registry. */
export const tenantView = (t: TenantRow, modules: readonly string[]): TenantView => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  timezone: t.timezone,
  currency: t.currency,
  locale: t.locale,
  status: t.status,
  modules: modules as ModuleId[],
  createdAt: t.createdAt.toISOString(),
});

export async function enabledModules(tx: Tx, tenantId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: tenantModules.moduleId })
    .from(tenantModules)
    .where(and(eq(tenantModules.tenantId, tenantId), eq(tenantModules.enabled, true)))
    .orderBy(asc(tenantModules.moduleId));
  return rows.map((r) => r.id);
}
