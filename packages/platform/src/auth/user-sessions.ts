import {
  type Database,
  type Role,
  systemActor,
  type Tx,
  userRoles,
  userSessions,
  users,
} from '@dualcontrol/db';
import { and, eq, gt, ne, sql } from 'drizzle-orm';
import {
  freshExpiry,
  generateSessionToken,
  SESSION_RENEW_BELOW_MS,
  sessionIdFromToken,
} from './session-token.ts';

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

/** The session's user, or null when the token is unknown here, expired, or its user is disabled. */
export async function validateUserSession(
  db: Database,
  tenantId: string,
  token: string,
): Promise<AuthenticatedUser | null> {
  const sessionId = sessionIdFromToken(token);
  return db.withTenant(tenantId, systemActor, async (tx) => {
    const [row] = await tx
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        expiresAt: userSessions.expiresAt,
        roles: userRolesSql,
      })
      .from(userSessions)
      .innerJoin(users, and(eq(users.tenantId, userSessions.tenantId), eq(users.id, userSessions.userId)))
      .where(
        and(
          eq(userSessions.tenantId, tenantId),
          eq(userSessions.id, sessionId),
          gt(userSessions.expiresAt, sql`now()`),
          eq(users.status, 'active'),
        ),
      );
    if (!row) return null;
    let { expiresAt } = row;
    const renewed = expiresAt.getTime() - Date.now() < SESSION_RENEW_BELOW_MS;
    if (renewed) {
      expiresAt = freshExpiry();
      await tx
        .update(userSessions)
        .set({ expiresAt })
        .where(and(eq(userSessions.tenantId, tenantId), eq(userSessions.id, sessionId)));
    }
    return { ...row, sessionId, expiresAt, renewed };
  });
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
