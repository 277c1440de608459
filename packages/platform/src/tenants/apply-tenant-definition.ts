import { type Actor, type Database, tenantModules, tenants, userRoles, users } from '@dualcontrol/db';
import { and, eq, sql } from 'drizzle-orm';
import { hashPassword } from '../auth/passwords.ts';
import type { ModuleRegistry } from '../modules/registry.ts';
import { ensureProfile, insertUser } from '../people/insert-person.ts';
import type { TenantDefinition } from './tenant-definition.ts';

export type ApplySummary = {
  slug: string;
  tenantId: string;
  created: boolean;
  usersCreated: number;
  usersKept: number;
};

/**
 * Makes the database match a tenant definition; running it twice changes nothing. Existing users
 * keep their passwords (a demo login changed by hand stays changed); missing roles are added.
 */
export async function applyTenantDefinition(
  platformDb: Database,
  registry: ModuleRegistry,
  actor: Actor,
  def: TenantDefinition,
): Promise<ApplySummary> {
  const enabled = new Set<string>(def.modules);
  registry.assertConsistent(enabled);
  return platformDb.withActor(actor, async (tx) => {
    const [existing] = await tx
      .select({ id: tenants.id, branding: tenants.branding })
      .from(tenants)
      .where(eq(tenants.slug, def.slug))
      .for('update');
    // The logo file is applied by applyTenantLogo (through the upload's checks); the stored logo
    // record is kept here so a restart never leaves the school without one in between.
    const { logoFile: _file, ...branding } = def.branding;
    const values = {
      slug: def.slug,
      name: def.name,
      timezone: def.timezone,
      currency: def.currency,
      locale: def.locale,
      branding: existing?.branding.logo ? { ...branding, logo: existing.branding.logo } : branding,
      policies: def.policies,
    };
    const [tenant] = existing
      ? await tx.update(tenants).set(values).where(eq(tenants.id, existing.id)).returning({ id: tenants.id })
      : await tx
          .insert(tenants)
          // A school built from a folder arrives set up: its owner is not shown the setup checklist.
          .values({ ...values, onboardingDismissedAt: new Date() })
          .returning({ id: tenants.id });
    const tenantId = tenant!.id;

    for (const m of registry.modules) {
      await tx
        .insert(tenantModules)
        .values({ tenantId, moduleId: m.id, enabled: enabled.has(m.id) })
        .onConflictDoUpdate({
          target: [tenantModules.tenantId, tenantModules.moduleId],
          set: { enabled: enabled.has(m.id) },
          setWhere: sql`${tenantModules.enabled} is distinct from ${enabled.has(m.id)}`,
        });
    }

    let usersCreated = 0;
    for (const person of def.users) {
      const [found] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.tenantId, tenantId), sql`lower(${users.email}) = ${person.email}`));
      let userId = found?.id;
      if (!userId) {
        const passwordHash = await hashPassword(person.password);
        userId = (
          await insertUser(tx, tenantId, {
            ...person,
            passwordHash,
            locale: def.locale,
            timezone: def.timezone,
          })
        ).id;
        usersCreated += 1;
      } else {
        await tx
          .insert(userRoles)
          .values(person.roles.map((role) => ({ tenantId, userId: userId!, role })))
          .onConflictDoNothing();
      }
      if (person.roles.includes('instructor')) await ensureProfile(tx, tenantId, 'instructor', userId);
      if (person.roles.includes('student')) await ensureProfile(tx, tenantId, 'student', userId);
    }
    return {
      slug: def.slug,
      tenantId,
      created: !existing,
      usersCreated,
      usersKept: def.users.length - usersCreated,
    };
  });
}
