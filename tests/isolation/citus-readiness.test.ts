import { createTestDatabase, type TestDatabase } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTenantTables } from './catalog.ts';

/**
 * Citus-readiness, read from the catalog of a freshly migrated database (docs/distribution-plan.md
 * says why each rule matters). Citus distributes a table by one column and can enforce a primary
 * key, a unique index or a foreign key only when it contains that column; co-located joins need
 * every tenant table distributed by `tenant_id`. So: every table is either a tenant table
 * (distributed by tenant_id) or named below as a reference or coordinator-local table, and every
 * key of a tenant table carries tenant_id.
 */

/**
 * The deliberate platform-wide exceptions: tables without tenant_id, with what they become on
 * Citus. A new table without tenant_id fails the test until it is classified here (and in the plan).
 */
const PLATFORM_TABLES: Record<string, 'reference' | 'local'> = {
  // Every tenant table's tenant_id references it: a reference table is copied to every node.
  tenants: 'reference',
  // Operators and their sessions, per-address counters, the development mailbox: never joined with
  // tenant rows, so they stay on the coordinator as plain local tables.
  platform_operators: 'local',
  platform_sessions: 'local',
  login_attempts: 'local',
  rate_limit_counters: 'local',
  dev_mailbox: 'local',
};

/**
 * Tenant tables that are nonetheless reference tables on Citus, and the unique indexes that may
 * leave tenant_id out because of it: a school's host is looked up before the school is known, and
 * a host names one school platform-wide.
 */
const REFERENCE_TENANT_TABLES: Record<string, string[]> = {
  tenant_domains: ['tenant_domains_domain_key'],
};

type Index = { table: string; name: string; columns: string[]; primary: boolean };

describe('Citus readiness: the catalog can be distributed by tenant_id', () => {
  let tdb: TestDatabase;
  let tenantTables: string[];

  beforeAll(async () => {
    tdb = await createTestDatabase();
    tenantTables = await listTenantTables(tdb.owner);
  });
  afterAll(() => tdb?.drop());

  it('classifies every table: distributed by tenant_id, or a listed reference / coordinator-local table', async () => {
    const rows = await tdb.owner<{ name: string }[]>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`;
    const others = rows.map((r) => r.name).filter((t) => !tenantTables.includes(t));
    expect(others.sort()).toEqual(Object.keys(PLATFORM_TABLES).sort());
  });

  it('has tenant_id in every unique index and primary key of a tenant table', async () => {
    const indexes = await tdb.owner<Index[]>`
      select c.relname as table, i.relname as name, x.indisprimary as primary,
             array(select coalesce(a.attname::text, '(expression)')
                     from unnest(x.indkey) with ordinality k(attnum, ord)
                     left join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
                    order by k.ord) as columns
        from pg_index x
        join pg_class c on c.oid = x.indrelid
        join pg_class i on i.oid = x.indexrelid
        join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and x.indisunique and c.relname = any(${tenantTables})
       order by 1, 2`;
    expect(indexes.length).toBeGreaterThan(tenantTables.length); // every tenant table has a primary key, at least
    const missing = indexes
      .filter((i) => !i.columns.includes('tenant_id'))
      .filter((i) => !REFERENCE_TENANT_TABLES[i.table]?.includes(i.name))
      .map((i) => `${i.table}.${i.name}`);
    expect(missing).toEqual([]);
    // The exception is real (not a stale entry): the index exists and really lacks tenant_id.
    const excepted = indexes.filter((i) => REFERENCE_TENANT_TABLES[i.table]?.includes(i.name));
    expect(excepted.map((i) => i.columns.includes('tenant_id'))).toEqual([false]);
  });

  it('lets a tenant table reference only tenant tables (by tenant_id) or reference tables', async () => {
    const fks = await tdb.owner<{ name: string; table: string; refTable: string; columns: string[] }[]>`
      select con.conname as name, c.relname as table, r.relname as "refTable",
             array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord)
                     join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord) as columns
        from pg_constraint con
        join pg_class c on c.oid = con.conrelid
        join pg_class r on r.oid = con.confrelid
       where con.contype = 'f' and c.relname = any(${tenantTables})
       order by 2, 1`;
    expect(fks.some((fk) => fk.refTable === 'tenants')).toBe(true);
    const wrong = fks
      .filter((fk) =>
        tenantTables.includes(fk.refTable)
          ? fk.columns[0] !== 'tenant_id'
          : PLATFORM_TABLES[fk.refTable] !== 'reference',
      )
      .map((fk) => `${fk.table}.${fk.name} → ${fk.refTable}`);
    expect(wrong).toEqual([]);
  });
});
