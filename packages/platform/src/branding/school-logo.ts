import { createHash } from 'node:crypto';
import { type Actor, type Database, type TenantBranding, type TenantLogo, tenants } from '@dualcontrol/db';
import { eq } from 'drizzle-orm';
import type { Logger } from '../logging/logger.ts';
import type { Storage } from '../storage/storage.ts';
import type { LogoType } from './logo-limits.ts';
import type { PreparedLogo } from './prepare-logo.ts';

const EXTENSION: Record<LogoType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/svg+xml': 'svg',
};

/** The path every portal and API host serves a school's logo at (the version only busts caches). */
export const LOGO_PATH = '/api/v1/school/logo';

/** What the public school profile says about the logo (never the storage key). */
export type PublicLogo = { url: string; contentType: string; version: string };

export const publicLogo = (logo: TenantLogo | undefined): PublicLogo | undefined =>
  logo
    ? { url: `${LOGO_PATH}?v=${logo.version}`, contentType: logo.contentType, version: logo.version }
    : undefined;

/** The branding as the API shows it: colours, the legacy logoUrl, and the uploaded logo's URL. */
export function publicBranding(branding: TenantBranding) {
  const { logo, ...rest } = branding;
  const shown = publicLogo(logo);
  return { ...rest, ...(shown ? { logo: shown } : {}) };
}

/**
 * Stores a prepared logo and points the school at it. The key is named by the bytes' hash, so the
 * same file stored twice is one object and a new logo never overwrites the one pages are showing:
 * the record moves to the new object in one transaction, then the old object is removed.
 */
export async function storeSchoolLogo(
  deps: { platformDb: Database; storage: Storage; log?: Logger },
  actor: Actor,
  tenantId: string,
  logo: PreparedLogo,
): Promise<TenantLogo> {
  const version = createHash('sha256').update(logo.bytes).digest('hex').slice(0, 16);
  const key = `logos/${tenantId}/${version}.${EXTENSION[logo.contentType]}`;
  await deps.storage.put(key, logo.bytes, { contentType: logo.contentType });
  const stored: TenantLogo = {
    key,
    contentType: logo.contentType,
    version,
    updatedAt: new Date().toISOString(),
  };
  const previous = await deps.platformDb.withActor(actor, async (tx) => {
    const [row] = await tx
      .select({ branding: tenants.branding })
      .from(tenants)
      .where(eq(tenants.id, tenantId))
      .for('update');
    const before = row?.branding.logo;
    if (before?.key === key) return before; // the same file again: nothing changes
    await tx
      .update(tenants)
      .set({ branding: { ...row!.branding, logo: stored } })
      .where(eq(tenants.id, tenantId));
    return before;
  });
  if (previous?.key === key) return previous;
  if (previous) await removeQuietly(deps, previous.key);
  return stored;
}

/** Back to the initials: the record first, then the bytes. */
export async function removeSchoolLogo(
  deps: { platformDb: Database; storage: Storage; log?: Logger },
  actor: Actor,
  tenantId: string,
): Promise<boolean> {
  const previous = await deps.platformDb.withActor(actor, async (tx) => {
    const [row] = await tx
      .select({ branding: tenants.branding })
      .from(tenants)
      .where(eq(tenants.id, tenantId))
      .for('update');
    const { logo, ...rest } = row?.branding ?? {};
    if (logo) await tx.update(tenants).set({ branding: rest }).where(eq(tenants.id, tenantId));
    return logo;
  });
  if (previous) await removeQuietly(deps, previous.key);
  return Boolean(previous);
}

// A failure here leaves an unreferenced object behind, never a school pointing at nothing.
async function removeQuietly(deps: { storage: Storage; log?: Logger }, key: string) {
  await deps.storage
    .delete(key)
    .catch((error: unknown) => deps.log?.error('old logo not deleted', { error, key }));
}
