import { type Database, platformOperators, platformSessions } from '@dualcontrol/db';
import { and, eq, gt, sql } from 'drizzle-orm';
import { invalidCredentials } from '../auth/login.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../auth/passwords.ts';
import {
  freshExpiry,
  generateSessionToken,
  SESSION_RENEW_BELOW_MS,
  sessionIdFromToken,
} from '../auth/session-token.ts';

export type AuthenticatedOperator = { id: string; email: string; name: string; sessionId: string };

/** Creates the first operator when missing; an existing one keeps its password. */
export async function ensureOperator(
  platformDb: Database,
  input: { email: string; password: string; name?: string },
) {
  const email = input.email.toLowerCase();
  const [existing] = await platformDb.db
    .select({ id: platformOperators.id })
    .from(platformOperators)
    .where(eq(platformOperators.email, email));
  if (existing) return { id: existing.id, created: false };
  const [row] = await platformDb.db
    .insert(platformOperators)
    .values({
      email,
      name: input.name ?? 'Platform operator',
      passwordHash: await hashPassword(input.password),
    })
    .onConflictDoNothing()
    .returning({ id: platformOperators.id });
  return { id: row?.id, created: Boolean(row) };
}

export async function loginOperator(
  deps: { platformDb: Database; throttle: LoginThrottle },
  input: { email: string; password: string; ip: string },
): Promise<{ token: string; expiresAt: Date }> {
  const email = input.email.trim().toLowerCase();
  const accountKey = `operator:${email}`;
  await deps.throttle.reserve(accountKey, input.ip);
  const [op] = await deps.platformDb.db
    .select()
    .from(platformOperators)
    .where(eq(platformOperators.email, email));
  const ok = op
    ? await verifyPassword(op.passwordHash, input.password)
    : await burnPasswordCheck(input.password);
  // A failure keeps the attempt reserved above; only a success gives it back.
  if (!op || !ok) throw invalidCredentials();
  await deps.throttle.succeed(accountKey, input.ip);
  const token = generateSessionToken();
  const expiresAt = freshExpiry();
  await deps.platformDb.db
    .insert(platformSessions)
    .values({ id: sessionIdFromToken(token), operatorId: op.id, expiresAt });
  return { token, expiresAt };
}

export async function validateOperatorSession(
  platformDb: Database,
  token: string,
): Promise<AuthenticatedOperator | null> {
  const sessionId = sessionIdFromToken(token);
  const [row] = await platformDb.db
    .select({
      id: platformOperators.id,
      email: platformOperators.email,
      name: platformOperators.name,
      expiresAt: platformSessions.expiresAt,
    })
    .from(platformSessions)
    .innerJoin(platformOperators, eq(platformOperators.id, platformSessions.operatorId))
    .where(and(eq(platformSessions.id, sessionId), gt(platformSessions.expiresAt, sql`now()`)));
  if (!row) return null;
  if (row.expiresAt.getTime() - Date.now() < SESSION_RENEW_BELOW_MS) {
    await platformDb.db
      .update(platformSessions)
      .set({ expiresAt: freshExpiry() })
      .where(eq(platformSessions.id, sessionId));
  }
  return { id: row.id, email: row.email, name: row.name, sessionId };
}

export async function revokeOperatorSession(platformDb: Database, sessionId: string): Promise<void> {
  await platformDb.db.delete(platformSessions).where(eq(platformSessions.id, sessionId));
}
