import { type Database, systemActor, tenantModules, tenants } from '@dualcontrol/db';
import { and, asc, eq, gt, ilike, or, sql } from 'drizzle-orm';
import { pageOf } from '../http/pagination.ts';
import { type TenantView, tenantView } from './tenant-view.ts';

/** Operators' view of every school, oldest first, optionally searched by name or slug. */
export async function listTenants(
  platformDb: Database,
  input: { limit: number; after?: string | undefined; q?: string | undefined },
): Promise<{ data: TenantView[]; nextCursor: string | null }> {
  const pattern = input.q ? `%${input.q.replace(/[\\%_]/g, '\\$&')}%` : undefined;
  const rows = await platformDb.withActor(systemActor, (tx) =>
    tx
      .select({
        tenant: tenants,
        modules: sql<
          string[]
        >`coalesce((select array_agg(m.module_id order by m.module_id) from ${tenantModules} m
                     where m.tenant_id = ${tenants.id} and m.enabled), '{}')`,
      })
      .from(tenants)
      .where(
        and(
          input.after ? gt(tenants.id, input.after) : undefined,
          pattern ? or(ilike(tenants.name, pattern), ilike(tenants.slug, pattern)) : undefined,
        ),
      )
      .orderBy(asc(tenants.id))
      .limit(input.limit + 1),
  );
  return pageOf(
    rows.map((r) => tenantView(r.tenant, r.modules)),
    input.limit,
  );
}

export async function getTenantBySlug(platformDb: Database, slug: string) {
  const [row] = await platformDb.db.select().from(tenants).where(eq(tenants.slug, slug));
  return row;
}
