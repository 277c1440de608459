import { type Database, users } from '@dualcontrol/db';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../errors/app-error.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { type AuthenticatedUser, revokeOtherUserSessions } from './user-sessions.ts';

/** Sets a new password and signs the user out everywhere else; the current session stays. */
export async function changePassword(
  db: Database,
  tenantId: string,
  user: AuthenticatedUser,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const newHash = await hashPassword(input.newPassword);
  await db.withTenant(tenantId, { kind: 'user', id: user.id }, async (tx) => {
    const [row] = await tx
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, user.id)))
      .for('update');
    if (!row?.passwordHash || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
      throw new AppError('auth.invalid_credentials', {
        status: 400,
        title: 'Invalid request',
        detail: 'The current password is not correct.',
        fields: [{ path: 'body.currentPassword', message: 'not correct' }],
      });
    }
    await tx
      .update(users)
      .set({ passwordHash: newHash })
      .where(and(eq(users.tenantId, tenantId), eq(users.id, user.id)));
    await revokeOtherUserSessions(tx, tenantId, user.id, user.sessionId);
  });
}
