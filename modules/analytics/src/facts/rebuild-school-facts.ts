import { type Database, systemActor } from '@dualcontrol/db';
import { readModuleSettings } from '@dualcontrol/platform';
import { sql } from 'drizzle-orm';
import { analyticsSettings } from '../settings.ts';
import { rebuildFacts } from './rebuild-facts.ts';

/** Rebuilds one school's facts in its own transaction; `skipped` when analytics is off there. */
export async function rebuildSchoolFacts(
  db: Database,
  tenantId: string,
): Promise<{ tenantId: string; skipped: boolean; schoolDays: number; instructorDays: number }> {
  return db.withTenant(tenantId, systemActor, async (tx) => {
    const [row] = await tx.execute<{ timezone: string; enabled: boolean | null }>(sql`
      select t.timezone, m.enabled from tenants t
        left join tenant_modules m on m.tenant_id = t.id and m.module_id = 'analytics'
       where t.id = ${tenantId}`);
    if (!row?.enabled) return { tenantId, skipped: true, schoolDays: 0, instructorDays: 0 };
    const settings = await readModuleSettings({ tx, tenantId, settings: analyticsSettings });
    const counts = await rebuildFacts(tx, {
      tenantId,
      timezone: row.timezone,
      lateCancellationHours: settings.lateCancellationHours,
    });
    return { tenantId, skipped: false, ...counts };
  });
}

/** Every school's id (tenants is readable by the app role; each rebuild then runs under RLS). */
export async function listSchoolIds(db: Database): Promise<string[]> {
  const rows = await db.withActor(systemActor, (tx) =>
    tx.execute<{ id: string }>(sql`select id from tenants order by id`),
  );
  return rows.map((r) => r.id);
}
