import { type Database, users } from '@dualcontrol/db';
import { and, eq } from 'drizzle-orm';
import { type AuthenticatedUser, type PublicUser, publicUser } from '../auth/user-sessions.ts';

/** The signed-in person changes the name their school knows them by (their own account only). */
export async function renameUser(
  db: Database,
  tenantId: string,
  user: AuthenticatedUser,
  name: string,
): Promise<PublicUser> {
  await db.withTenant(tenantId, { kind: 'user', id: user.id }, (tx) =>
    tx
      .update(users)
      .set({ name })
      .where(and(eq(users.tenantId, tenantId), eq(users.id, user.id))),
  );
  return publicUser({ ...user, name });
}
