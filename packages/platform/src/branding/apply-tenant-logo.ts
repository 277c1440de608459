import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Actor, type Database, tenants } from '@dualcontrol/db';
import { eq } from 'drizzle-orm';
import type { Storage } from '../storage/storage.ts';
import type { TenantDefinition } from '../tenants/tenant-definition.ts';
import { prepareLogo } from './prepare-logo.ts';
import { storeSchoolLogo } from './school-logo.ts';

/**
 * A tenant folder's logo file (`branding.logoFile` in tenant.json), put through the same checks,
 * sanitiser and storage as an upload. Idempotent: when the school already shows this file (same
 * hash) and its bytes are stored, nothing is written.
 */
export async function applyTenantLogo(
  deps: { platformDb: Database; storage: Storage },
  actor: Actor,
  tenantId: string,
  folder: string,
  def: TenantDefinition,
): Promise<'none' | 'stored' | 'unchanged'> {
  const file = def.branding.logoFile;
  if (!file) return 'none';
  let prepared: Awaited<ReturnType<typeof prepareLogo>>;
  try {
    prepared = await prepareLogo(new Uint8Array(await readFile(join(folder, file))));
  } catch (error) {
    throw new Error(`${join(folder, file)}: ${(error as Error).message}`);
  }
  const [row] = await deps.platformDb.db
    .select({ branding: tenants.branding })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  const current = row?.branding.logo;
  const stored = await storeSchoolLogo(deps, actor, tenantId, prepared);
  return current?.key === stored.key ? 'unchanged' : 'stored';
}
