import type { Database } from '@dualcontrol/db';
import { systemActor, users } from '@dualcontrol/db';
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../errors/app-error.ts';
import type { ResolvedTenant } from '../tenancy/resolve-tenant.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { burnPasswordCheck, verifyPassword } from './passwords.ts';
import { createUserSession, type PublicUser, userRolesSql } from './user-sessions.ts';

export const invalidCredentials = () =>
  new AppError('auth.invalid_credentials', {
    status: 401,
    title: 'Unauthorized',
    detail: 'The email or password is not correct.',
  });

export type LoginInput = { email: string; password: string; ip: string; userAgent?: string };

/** Checks credentials under the throttle and opens a new session (never reuses one). */
export async function loginUser(
  deps: { db: Database; throttle: LoginThrottle },
  tenant: ResolvedTenant,
  input: LoginInput,
): Promise<{ token: string; expiresAt: Date; user: PublicUser }> {
  const email = input.email.trim().toLowerCase();
  const accountKey = `${tenant.id}:${email}`;
  await deps.throttle.reserve(accountKey, input.ip);

  const result = await deps.db.withTenant(tenant.id, systemActor, async (tx) => {
    const [user] = await tx
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        passwordHash: users.passwordHash,
        roles: userRolesSql,
      })
      .from(users)
      .where(
        and(eq(users.tenantId, tenant.id), sql`lower(${users.email}) = ${email}`, eq(users.status, 'active')),
      );
    const ok = user?.passwordHash
      ? await verifyPassword(user.passwordHash, input.password)
      : await burnPasswordCheck(input.password);
    if (!user || !ok) return null;
    const session = await createUserSession(tx, {
      tenantId: tenant.id,
      userId: user.id,
      ip: input.ip,
      ...(input.userAgent ? { userAgent: input.userAgent } : {}),
    });
    return { ...session, user: { id: user.id, email: user.email, name: user.name, roles: user.roles } };
  });

  // A failure keeps the attempt reserved above; only a success gives it back.
  if (!result) throw invalidCredentials();
  await deps.throttle.succeed(accountKey, input.ip);
  return { token: result.token, expiresAt: result.expiresAt, user: result.user };
}
