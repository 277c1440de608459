import type { Database } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import type { TenantKey } from './resolve-tenant.ts';

/**
 * A request names its school by slug or by a custom domain; the school itself is read fresh by
 * each request's first statement (dc_open_request), so only the domain → slug step is cached.
 * Domains change rarely; a change made through this process clears the cache at once, another
 * process's within `ttlMs`.
 */
export class TenantCache {
  private readonly entries = new Map<string, { slug: string | null; expires: number }>();

  constructor(
    private readonly platformDb: Database,
    private readonly ttlMs = 2000,
  ) {}

  /** The slug a key names, or null when no school has that domain. */
  async slugOf(key: TenantKey): Promise<string | null> {
    if (key.by === 'slug') return key.slug;
    const now = Date.now();
    const hit = this.entries.get(key.domain);
    if (hit && hit.expires > now) return hit.slug;
    // Through the platform role: a custom domain has to be found before any tenant is known.
    const [row] = await this.platformDb.db.execute<{ slug: string }>(sql`
      select t.slug from tenants t
       where t.id = (select d.tenant_id from tenant_domains d where lower(d.domain) = ${key.domain})`);
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(key.domain, { slug: row?.slug ?? null, expires: now + this.ttlMs });
    return row?.slug ?? null;
  }

  clear(): void {
    this.entries.clear();
  }
}
