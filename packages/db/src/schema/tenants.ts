import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt } from './columns.ts';
import { tenantIsolationPolicy } from './tenant-table.ts';

/** A school's uploaded logo: where its bytes are stored and their version (a hash of them). */
export type TenantLogo = { key: string; contentType: string; version: string; updatedAt: string };

export type TenantBranding = {
  primaryColor?: string;
  accentColor?: string;
  logoUrl?: string;
  /** Set by the logo upload (never by PATCH /school): the portal serves it from a stable URL. */
  logo?: TenantLogo;
};

/** A driving school. Global (no RLS): tenant resolution reads it before any tenant is known. */
export const tenants = pgTable(
  'tenants',
  {
    id: idColumn().primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    timezone: text('timezone').notNull(),
    currency: text('currency').notNull(),
    locale: text('locale').notNull(),
    status: text('status', { enum: ['active', 'suspended'] })
      .notNull()
      .default('active'),
    branding: jsonb('branding').$type<TenantBranding>().notNull().default({}),
    /** School-wide policies (booking confirmation, cancellation tiers…); modules read their part. */
    policies: jsonb('policies').$type<Record<string, unknown>>().notNull().default({}),
    /** When the owner put away the setup checklist (schools made from tenants/ start with it put away). */
    onboardingDismissedAt: timestamp('onboarding_dismissed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('tenants_slug_key').on(t.slug),
    check('tenants_slug_format', sql`${t.slug} ~ '^[a-z][a-z0-9-]{1,62}$'`),
    check('tenants_currency_format', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

export const tenantDomains = pgTable(
  'tenant_domains',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: idColumn(),
    domain: text('domain').notNull(),
    verifiedAt: timestamp('verified_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // A host names one school platform-wide, so this index cannot lead with tenant_id.
    uniqueIndex('tenant_domains_domain_key').on(sql`lower(${t.domain})`),
    tenantIsolationPolicy(),
  ],
);

export const tenantModules = pgTable(
  'tenant_modules',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    moduleId: text('module_id').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.moduleId] }), tenantIsolationPolicy()],
);
