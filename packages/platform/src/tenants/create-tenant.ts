import { type Actor, type Database, pgErrorCode, tenantModules, tenants } from '@dualcontrol/db';
import { hashPassword } from '../auth/passwords.ts';
import { AppError } from '../errors/app-error.ts';
import type { ModuleRegistry } from '../modules/registry.ts';
import { insertUser } from '../people/insert-person.ts';
import { type TenantView, tenantView } from './tenant-view.ts';

export type CreateTenantInput = {
  slug: string;
  name: string;
  timezone: string;
  currency: string;
  locale?: string | undefined;
  modules?: string[] | undefined;
  owner: { email: string; name: string; password: string };
};

export const slugTaken = (slug: string) =>
  new AppError('tenant.slug_taken', {
    status: 409,
    title: 'Conflict',
    detail: `The address "${slug}" is already taken by another school.`,
    fields: [{ path: 'body.slug', message: 'already taken' }],
  });

/** A new school with its module set and its owner, in one transaction (platform role). */
export async function createTenant(
  platformDb: Database,
  registry: ModuleRegistry,
  actor: Actor,
  input: CreateTenantInput,
): Promise<TenantView> {
  const enabled = new Set(input.modules ?? registry.modules.map((m) => m.id));
  registry.assertConsistent(enabled);
  const passwordHash = await hashPassword(input.owner.password);
  return platformDb.withActor(actor, async (tx) => {
    let tenant: typeof tenants.$inferSelect | undefined;
    try {
      [tenant] = await tx.transaction((sp) =>
        sp
          .insert(tenants)
          .values({
            slug: input.slug,
            name: input.name,
            timezone: input.timezone,
            currency: input.currency,
            locale: input.locale ?? 'en-GB',
          })
          .returning(),
      );
    } catch (error) {
      if (pgErrorCode(error) === '23505') throw slugTaken(input.slug);
      throw error;
    }
    const t = tenant!;
    if (registry.modules.length) {
      await tx
        .insert(tenantModules)
        .values(
          registry.modules.map((m) => ({ tenantId: t.id, moduleId: m.id, enabled: enabled.has(m.id) })),
        );
    }
    await insertUser(tx, t.id, {
      email: input.owner.email,
      name: input.owner.name,
      passwordHash,
      roles: ['owner'],
    });
    return tenantView(
      t,
      registry.modules
        .filter((m) => enabled.has(m.id))
        .map((m) => m.id)
        .sort(),
    );
  });
}
