import { APP_ROLE, PLATFORM_ROLE } from '@dualcontrol/db';
import { createTestDatabase, type TestDatabase } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyTable, listTenantForeignKeys, listTenantTables, outcome, perTable } from './catalog.ts';

/**
 * Static proof of ARCHITECTURE §4 read straight from the PostgreSQL catalog of a freshly migrated
 * database: every table with a `tenant_id` column (discovered, never listed by hand) is locked
 * down by forced RLS with the nullif-guarded tenant policy, keys lead with tenant_id, and the app
 * role has no way around any of it.
 */

type PolicyRow = {
  table: string;
  name: string;
  permissive: string;
  roles: string[];
  cmd: string;
  qual: string | null;
  with_check: string | null;
};

/**
 * `tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)`, as Postgres
 * deparses it. `nullif` matters: a pooled connection reads '' once a transaction-local setting has
 * expired, and `''::uuid` would throw instead of showing zero rows.
 */
const isTenantGuard = (expr: string | null): boolean =>
  expr !== null && /\btenant_id\s*=/.test(expr) && /nullif\(\s*current_setting\('app\.tenant_id'/i.test(expr);

describe('RLS catalog: every table with a tenant_id column', () => {
  let tdb: TestDatabase;
  let tables: string[];

  beforeAll(async () => {
    tdb = await createTestDatabase();
    tables = await listTenantTables(tdb.owner);
  });
  afterAll(() => tdb?.drop());

  it('is discovered from the catalog (sanity: the discovery query finds the core tables)', () => {
    // Only a sanity check that the query works; the real checks below run over whatever it finds.
    expect(tables).toEqual(expect.arrayContaining(['users', 'user_roles', 'audit_logs']));
  });

  it('has ROW LEVEL SECURITY enabled and FORCED (so even the owner is filtered)', async () => {
    const rows = await tdb.owner<{ name: string; enabled: boolean; forced: boolean }[]>`
      select relname as name, relrowsecurity as enabled, relforcerowsecurity as forced
        from pg_class where oid = any(${tables.map((t) => `public.${t}`)}::regclass[])`;
    const state = Object.fromEntries(rows.map((r) => [r.name, { enabled: r.enabled, forced: r.forced }]));
    expect(state).toEqual(everyTable(tables, () => ({ enabled: true, forced: true })));
  });

  it('has a tenant policy on app.tenant_id (nullif-guarded) for all commands, and no looser permissive policy', async () => {
    const policies = await tdb.owner<PolicyRow[]>`
      select tablename as table, policyname as name, permissive, roles, cmd, qual, with_check
        from pg_policies where schemaname = 'public'`;
    const problems: string[] = [];
    for (const table of tables) {
      const mine = policies.filter((p) => p.table === table);
      // One policy that covers every command, applies to the app role, and guards reads and writes.
      const guarded = mine.some(
        (p) =>
          p.cmd === 'ALL' &&
          (p.roles.includes('public') || p.roles.includes(APP_ROLE)) &&
          isTenantGuard(p.qual) &&
          (p.with_check === null || isTenantGuard(p.with_check)),
      );
      if (!guarded)
        problems.push(`${table}: no ALL-command policy on nullif(current_setting('app.tenant_id'))`);
      // Permissive policies are OR-ed together: a single unguarded one would open the table.
      for (const p of mine.filter((p) => p.permissive === 'PERMISSIVE')) {
        const loose =
          (p.qual !== null && !isTenantGuard(p.qual)) ||
          (p.with_check !== null && !isTenantGuard(p.with_check));
        if (loose)
          problems.push(`${table}: permissive policy "${p.name}" is not the nullif-guarded tenant check`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has a primary key that starts with tenant_id', async () => {
    const rows = await tdb.owner<{ name: string; first: string | null }[]>`
      select c.relname as name,
             (select a.attname::text
                from pg_index i
                join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
               where i.indrelid = c.oid and i.indisprimary) as first
        from pg_class c where c.oid = any(${tables.map((t) => `public.${t}`)}::regclass[])`;
    const firstKeyColumn = Object.fromEntries(rows.map((r) => [r.name, r.first]));
    expect(firstKeyColumn).toEqual(everyTable(tables, () => 'tenant_id'));
  });

  it('has only composite foreign keys to other tenant tables, pairing tenant_id with tenant_id', async () => {
    const fks = await listTenantForeignKeys(tdb.owner);
    // Sanity: the schema has such keys (users ← user_roles, students, …), so the check is not vacuous.
    expect(fks.length).toBeGreaterThan(0);
    const problems = fks
      .filter((fk) => {
        const i = fk.columns.indexOf('tenant_id');
        return fk.columns.length < 2 || i < 0 || fk.refColumns[i] !== 'tenant_id';
      })
      .map((fk) => `${fk.table}.${fk.name} (${fk.columns}) → ${fk.refTable} (${fk.refColumns})`);
    expect(problems).toEqual([]);
  });

  it('is not readable through a view that runs with its owner’s rights', async () => {
    // A view runs as its owner (the migrating superuser) unless security_invoker is set: it would
    // read every tenant's rows. Any view or materialized view the app role can read must be invoker.
    const rows = await tdb.owner<{ name: string }[]>`
      select c.relname as name
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('v', 'm')
         and has_table_privilege(${APP_ROLE}, c.oid, 'SELECT')
         and not (c.relkind = 'v' and coalesce(c.reloptions, '{}') && array['security_invoker=true', 'security_invoker=on'])`;
    expect(rows.map((r) => r.name)).toEqual([]);
  });
});

describe('the app role (what api and worker connect as)', () => {
  let tdb: TestDatabase;
  let tables: string[];

  beforeAll(async () => {
    tdb = await createTestDatabase();
    tables = await listTenantTables(tdb.owner);
  });
  afterAll(() => tdb?.drop());

  it('is dualcontrol_app: not superuser, no BYPASSRLS', async () => {
    const [me] = await tdb.db.sql<{ user: string; super: boolean; bypass: boolean }[]>`
      select current_user as user, rolsuper as super, rolbypassrls as bypass
        from pg_roles where rolname = current_user`;
    expect(me).toEqual({ user: APP_ROLE, super: false, bypass: false });
  });

  it('cannot become a superuser or BYPASSRLS role through membership', async () => {
    const rows = await tdb.owner<{ name: string }[]>`
      select rolname as name from pg_roles
       where pg_has_role(${APP_ROLE}, oid, 'MEMBER') and (rolsuper or rolbypassrls)`;
    expect(rows.map((r) => r.name)).toEqual([]);
  });

  it('owns no tenant table, directly or through a role it can become', async () => {
    // The owner of a table can ALTER away FORCE RLS and drop policies; the app role must never be it.
    const rows = await tdb.owner<{ name: string }[]>`
      select relname as name from pg_class
       where oid = any(${tables.map((t) => `public.${t}`)}::regclass[])
         and pg_has_role(${APP_ROLE}, relowner, 'MEMBER')`;
    expect(rows.map((r) => r.name)).toEqual([]);
  });

  it('cannot switch RLS off or add a looser policy: only the owner may, so 42501', async () => {
    const sql = tdb.db.sql;
    const attempts = await perTable(tables, async (t) => [
      await outcome(() => sql`alter table ${sql(t)} no force row level security`),
      await outcome(() => sql`alter table ${sql(t)} disable row level security`),
      await outcome(() => sql`create policy dc_probe_open on ${sql(t)} for select using (true)`),
    ]);
    expect(attempts).toEqual(
      everyTable(tables, () => ['42501 not owner', '42501 not owner', '42501 not owner']),
    );
  });

  it('cannot read around RLS with row_security = off (Postgres refuses the query, 42501)', async () => {
    const sql = tdb.db.sql;
    const attempts = await perTable(tables, (t) =>
      outcome(() =>
        sql.begin(async (tx) => {
          await tx`set local row_security = off`;
          return tx`select count(*) from ${tx(t)}`;
        }),
      ),
    );
    expect(attempts).toEqual(everyTable(tables, () => '42501 rls'));
  });

  it('is distinct from the platform role, which alone bypasses RLS (and is not superuser either)', async () => {
    const [platform] = await tdb.platformDb.sql<{ user: string; super: boolean; bypass: boolean }[]>`
      select current_user as user, rolsuper as super, rolbypassrls as bypass
        from pg_roles where rolname = current_user`;
    expect(platform).toEqual({ user: PLATFORM_ROLE, super: false, bypass: true });
  });
});
