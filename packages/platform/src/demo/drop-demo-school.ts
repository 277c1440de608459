import type { Database } from '@dualcontrol/db';

/**
 * Removes a demo school and everything it holds, for `npm run demo:reset` (which then builds it
 * again from `tenants/<slug>/`). Every tenant table is emptied of the school's rows by the catalog
 * (a module's new table is covered without a list to keep), in one transaction as the migrating
 * owner with triggers off (session_replication_role = replica): no audit rows for a school being
 * erased, and no foreign-key ordering between module tables to get right. Needs a superuser (the
 * embedded default); returns false when there is no such school.
 */
export async function dropDemoSchool(owner: Database['sql'], slug: string): Promise<boolean> {
  return owner.begin(async (sql) => {
    const [school] = await sql<{ id: string }[]>`select id from tenants where slug = ${slug}`;
    if (!school) return false;
    await sql`set local session_replication_role = replica`;
    const tables = await sql<{ name: string }[]>`
      select c.relname as name from pg_class c
        join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
       where c.relkind in ('r', 'p')
       order by c.relname`;
    for (const { name } of tables)
      await sql.unsafe(`delete from "${name}" where tenant_id = $1`, [school.id]);
    await sql`delete from tenants where id = ${school.id}`;
    return true;
  }) as Promise<boolean>;
}
