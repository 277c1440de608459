import { type Actor, type Database, tenants } from '@dualcontrol/db';
import { eq, sql } from 'drizzle-orm';
import { notFound } from '../errors/app-error.ts';
import type { ModuleId, UsageFigure } from '../modules/contract.ts';
import type { ModuleRegistry } from '../modules/registry.ts';
import { enabledModules } from './tenant-view.ts';

export type TenantUsage = {
  slug: string;
  status: 'active' | 'suspended';
  currency: string;
  since: string;
  until: string;
  people: Record<'students' | 'instructors' | 'staff', number>;
  /** People who signed in during the window. */
  activeUsers: number;
  /** What each enabled module reports (bookings, money in…). */
  figures: (UsageFigure & { module: ModuleId })[];
};

/**
 * A school's basic usage for operators: who it has, who used it in the last `days` days, and each
 * enabled module's own figures. Read in the school's RLS transaction like any tenant read.
 */
export async function tenantUsage(
  databases: { platformDb: Database; db: Database },
  registry: ModuleRegistry,
  actor: Actor,
  input: { slug: string; days: number; now?: Date },
): Promise<TenantUsage> {
  const until = input.now ?? new Date();
  const since = new Date(until.getTime() - input.days * 86_400_000);
  const [tenant] = await databases.platformDb.db.select().from(tenants).where(eq(tenants.slug, input.slug));
  if (!tenant) throw notFound('tenant.not_found', `No school is known as "${input.slug}".`);
  // The app role, not the platform's: RLS must hold every module's figures to this one school.
  return databases.db.withTenant(tenant.id, actor, async (tx) => {
    const [people] = await tx.execute<{
      students: number;
      instructors: number;
      staff: number;
      active: number;
    }>(sql`
      select (select count(*)::int from students) as students,
             (select count(*)::int from instructors) as instructors,
             (select count(distinct user_id)::int from user_roles where role in ('owner', 'admin')) as staff,
             (select count(distinct user_id)::int from user_sessions where created_at >= ${since.toISOString()}) as active`);
    const enabled = new Set(await enabledModules(tx, tenant.id));
    const figures: TenantUsage['figures'] = [];
    for (const m of registry.modules) {
      if (!m.usage || !enabled.has(m.id)) continue;
      for (const figure of await m.usage(tx, { since, until })) figures.push({ ...figure, module: m.id });
    }
    return {
      slug: tenant.slug,
      status: tenant.status,
      currency: tenant.currency,
      since: since.toISOString(),
      until: until.toISOString(),
      people: { students: people!.students, instructors: people!.instructors, staff: people!.staff },
      activeUsers: people!.active,
      figures,
    };
  });
}
