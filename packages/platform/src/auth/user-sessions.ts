import { type Role, type Tx, userRoles, userSessions, users } from '@dualcontrol/db';
import { and, eq, ne, sql } from 'drizzle-orm';
import { freshExpiry, generateSessionToken, sessionIdFromToken } from './session-token.ts';

/** A user's roles as a sorted array, for a select that reads `users`. */
export const userRolesSql = sql<Role[]>`coalesce((select array_agg(r.role order by r.role) from ${userRoles} r
  where r.tenant_id = ${users.tenantId} and r.user_id = ${users.id}), '{}')`;

export type AuthenticatedUser = {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  sessionId: string;
  expiresAt: Date;
  /** The expiry moved forward on this request (the cookie should be re-sent). */
  renewed: boolean;
  /** The caller's instructor and student records at this school, when they have them. */
  instructorId: string | null;
  studentId: string | null;
  /** Their own language and zone (null: the school's). */
  preferences: { locale: string | null; timezone: string | null };
};

export type PublicUser = { id: string; email: string; name: string; roles: Role[] };

export const publicUser = (u: PublicUser): PublicUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  roles: u.roles,
});

export async function createUserSession(
  tx: Tx,
  input: { tenantId: string; userId: string; ip?: string; userAgent?: string },
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const sessionId = sessionIdFromToken(token);
  const expiresAt = freshExpiry();
  await tx.insert(userSessions).values({
    tenantId: input.tenantId,
    id: sessionId,
    userId: input.userId,
    expiresAt,
    ipAddress: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 500) ?? null,
  });
  return { token, sessionId, expiresAt };
}

export async function revokeUserSession(tx: Tx, tenantId: string, sessionId: string): Promise<void> {
  await tx
    .delete(userSessions)
    .where(and(eq(userSessions.tenantId, tenantId), eq(userSessions.id, sessionId)));
}

export async function revokeOtherUserSessions(
  tx: Tx,
  tenantId: string,
  userId: string,
  keep: string,
): Promise<void> {
  await tx
    .delete(userSessions)
    .where(
      and(eq(userSessions.tenantId, tenantId), eq(userSessions.userId, userId), ne(userSessions.id, keep)),
    );
}
