import type { Database } from '@dualcontrol/db';
import { findTenant, type ResolvedTenant, type TenantKey } from './resolve-tenant.ts';

/**
 * Every tenant request resolves its school; a short-lived cache keeps that off the database on
 * the hot path. Changes made through this process (module toggles, suspension) clear it at once;
 * another replica's changes are seen within `ttlMs`.
 */
export class TenantCache {
  private readonly entries = new Map<string, { tenant: ResolvedTenant | null; expires: number }>();

  constructor(
    private readonly platformDb: Database,
    private readonly ttlMs = 2000,
  ) {}

  async resolve(key: TenantKey): Promise<ResolvedTenant | null> {
    const id = key.by === 'slug' ? `s:${key.slug}` : `d:${key.domain}`;
    const now = Date.now();
    const hit = this.entries.get(id);
    if (hit && hit.expires > now) return hit.tenant;
    const tenant = await findTenant(this.platformDb, key);
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(id, { tenant, expires: now + this.ttlMs });
    return tenant;
  }

  clear(): void {
    this.entries.clear();
  }
}
