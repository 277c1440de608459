import { type Actor, type Database, tenants } from '@dualcontrol/db';
import { eq, sql } from 'drizzle-orm';
import { notFound } from '../errors/app-error.ts';
import { enabledModules, type TenantView, tenantView } from './tenant-view.ts';

/**
 * Suspends a school (every request to it is then refused, sessions included) or lets it back in.
 * Nothing is deleted: resuming restores the school exactly as it was. The audit trigger records who.
 */
export async function setTenantStatus(
  platformDb: Database,
  actor: Actor,
  input: { slug: string; status: 'active' | 'suspended' },
): Promise<TenantView> {
  return platformDb.withActor(actor, async (tx) => {
    const [tenant] = await tx
      .update(tenants)
      .set({ status: input.status, updatedAt: sql`now()` })
      .where(eq(tenants.slug, input.slug))
      .returning();
    if (!tenant) throw notFound('tenant.not_found', `No school is known as "${input.slug}".`);
    return tenantView(tenant, await enabledModules(tx, tenant.id));
  });
}
