import type { Actor, Database } from '@dualcontrol/db';
import { hashPassword } from '../auth/passwords.ts';
import type { ResolvedTenant } from '../tenancy/resolve-tenant.ts';
import { ensureProfile, insertUser, type Person, type PersonKind } from './insert-person.ts';

/** Adds an instructor or a student to the school: a user, its role and its profile, in one transaction. */
export async function createPerson(
  db: Database,
  tenant: ResolvedTenant,
  actor: Actor,
  input: { kind: PersonKind; name: string; email: string; password?: string | undefined },
): Promise<Person> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db.withTenant(tenant.id, actor, async (tx) => {
    const user = await insertUser(tx, tenant.id, {
      email: input.email,
      name: input.name,
      passwordHash,
      roles: [input.kind],
    });
    const id = await ensureProfile(tx, tenant.id, input.kind, user.id);
    return { id, userId: user.id, name: input.name, email: input.email.toLowerCase() };
  });
}
