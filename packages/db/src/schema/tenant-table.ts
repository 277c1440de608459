import { sql } from 'drizzle-orm';
import { pgPolicy, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenants.ts';

/**
 * The tenant of the current transaction. `nullif` because a pooled connection that once held a
 * transaction-local setting reads '' afterwards; `select` so Postgres evaluates it once per query.
 */
export const currentTenantSql = sql`(select nullif(current_setting('app.tenant_id', true), '')::uuid)`;

/** The `tenant_id` column every tenant table starts with. */
export const tenantIdColumn = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id);

/**
 * The one RLS policy of every tenant table. FORCE RLS, grants and the audit trigger are applied
 * by `dc_secure_tenant_tables()` after each migration run (drizzle-kit cannot emit them).
 */
export const tenantIsolationPolicy = () =>
  pgPolicy('tenant_isolation', {
    as: 'permissive',
    for: 'all',
    to: 'public',
    using: sql`tenant_id = ${currentTenantSql}`,
    withCheck: sql`tenant_id = ${currentTenantSql}`,
  });
