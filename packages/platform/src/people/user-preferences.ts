import { type Database, type Tx, userPreferences } from '@dualcontrol/db';
import { and, eq, sql } from 'drizzle-orm';
import type { AuthenticatedUser } from '../auth/user-sessions.ts';

/** A person's own display choices at their school; null means "use the school's". */
export type DisplayPreferences = { locale: string | null; timezone: string | null };

/** The languages the portal has words for; a preferred locale must be one of them. */
export const PORTAL_LOCALES = ['en-GB', 'en-US'] as const;

/** The user's language and time zone at the school (nulls when they never chose any). */
export async function readPreferences(tx: Tx, tenantId: string, userId: string): Promise<DisplayPreferences> {
  const [row] = await tx
    .select({ locale: userPreferences.locale, timezone: userPreferences.timezone })
    .from(userPreferences)
    .where(and(eq(userPreferences.tenantId, tenantId), eq(userPreferences.userId, userId)));
  return { locale: row?.locale ?? null, timezone: row?.timezone ?? null };
}

/**
 * The signed-in person sets their own language and time zone. An upsert: people who signed
 * themselves up may have no preferences row yet.
 */
export async function savePreferences(
  db: Database,
  tenantId: string,
  user: AuthenticatedUser,
  preferences: DisplayPreferences,
): Promise<DisplayPreferences> {
  const { locale, timezone } = preferences;
  const [saved] = await db.withTenant(tenantId, { kind: 'user', id: user.id }, (tx) =>
    tx
      .insert(userPreferences)
      .values({ tenantId, userId: user.id, locale, timezone })
      .onConflictDoUpdate({
        target: [userPreferences.tenantId, userPreferences.userId],
        set: { locale, timezone, updatedAt: sql`now()` },
      })
      .returning({ locale: userPreferences.locale, timezone: userPreferences.timezone }),
  );
  return { locale: saved!.locale, timezone: saved!.timezone };
}
