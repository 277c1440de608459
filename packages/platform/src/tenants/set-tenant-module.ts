import { type Actor, type Database, tenantModules, tenants } from '@dualcontrol/db';
import { eq, sql } from 'drizzle-orm';
import { notFound } from '../errors/app-error.ts';
import type { ModuleRegistry } from '../modules/registry.ts';
import { enabledModules, type TenantView, tenantView } from './tenant-view.ts';

/**
 * Turns one module on or off for a school. Refused (409) when it would leave an enabled module
 * without a dependency. The tenant row is locked so two toggles cannot race past the check.
 */
export async function setTenantModule(
  platformDb: Database,
  registry: ModuleRegistry,
  actor: Actor,
  input: { slug: string; moduleId: string; enabled: boolean },
): Promise<TenantView> {
  if (!registry.has(input.moduleId)) registry.assertToggleAllowed(new Set(), input.moduleId, input.enabled);
  return platformDb.withActor(actor, async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.slug, input.slug)).for('update');
    if (!tenant) throw notFound('tenant.not_found', `No school is known as "${input.slug}".`);
    const current = new Set(await enabledModules(tx, tenant.id));
    registry.assertToggleAllowed(current, input.moduleId, input.enabled);
    await tx
      .insert(tenantModules)
      .values({ tenantId: tenant.id, moduleId: input.moduleId, enabled: input.enabled })
      .onConflictDoUpdate({
        target: [tenantModules.tenantId, tenantModules.moduleId],
        set: { enabled: input.enabled, updatedAt: sql`now()` },
      });
    return tenantView(tenant, await enabledModules(tx, tenant.id));
  });
}
