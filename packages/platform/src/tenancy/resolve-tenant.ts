import type { Database } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';

export type ResolvedTenant = {
  id: string;
  slug: string;
  name: string;
  status: 'active' | 'suspended';
  timezone: string;
  currency: string;
  locale: string;
  /** Enabled modules, sorted. */
  modules: string[];
  /** The school definition's policies (tenant.json); modules read their part. */
  policies: Record<string, unknown>;
  /** Each module's own settings row (enabled or not). */
  moduleSettings: Record<string, Record<string, unknown>>;
};

type ModuleRows = Record<string, { enabled: boolean; settings: Record<string, unknown> }>;

/** The school as the first statement of a request reads it (see dc_open_request). */
export function tenantFromRow(
  row: Omit<ResolvedTenant, 'modules' | 'moduleSettings'> & { modules: ModuleRows },
) {
  const entries = Object.entries(row.modules);
  return {
    ...row,
    modules: entries
      .filter(([, m]) => m.enabled)
      .map(([id]) => id)
      .sort(),
    moduleSettings: Object.fromEntries(entries.map(([id, m]) => [id, m.settings])),
  } satisfies ResolvedTenant;
}

/** How a request names its school. */
export type TenantKey = { by: 'slug'; slug: string } | { by: 'domain'; domain: string };

/**
 * `X-Tenant: <slug>` wins; else a `<slug>.<appDomain>` Host; else any other Host that is not the
 * platform's own is looked up as a custom domain. The bare platform host names no tenant.
 */
export function tenantKeyFrom(
  host: string | undefined,
  header: string | undefined,
  appDomain: string,
): TenantKey | null {
  if (header?.trim()) return { by: 'slug', slug: header.trim().toLowerCase() };
  const hostname = (host ?? '').toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  if (!hostname || hostname === appDomain || hostname === '127.0.0.1' || hostname === '[::1]') return null;
  const suffix = `.${appDomain}`;
  if (hostname.endsWith(suffix)) {
    const label = hostname.slice(0, -suffix.length);
    return label.includes('.') ? null : { by: 'slug', slug: label };
  }
  return { by: 'domain', domain: hostname };
}

/**
 * One query, through the platform role: a custom domain has to be found before any tenant is
 * known, which RLS (rightly) forbids the app role.
 */
export async function findTenant(platformDb: Database, key: TenantKey): Promise<ResolvedTenant | null> {
  const where =
    key.by === 'slug'
      ? sql`t.slug = ${key.slug}`
      : sql`t.id = (select d.tenant_id from tenant_domains d where lower(d.domain) = ${key.domain})`;
  const rows = await platformDb.db.execute<Parameters<typeof tenantFromRow>[0]>(sql`
    select t.id, t.slug, t.name, t.status, t.timezone, t.currency, t.locale, t.policies,
           coalesce(jsonb_object_agg(m.module_id, jsonb_build_object('enabled', m.enabled, 'settings', m.settings))
                    filter (where m.module_id is not null), '{}') as modules
      from tenants t left join tenant_modules m on m.tenant_id = t.id
     where ${where}
     group by t.id`);
  return rows[0] ? tenantFromRow(rows[0]) : null;
}
