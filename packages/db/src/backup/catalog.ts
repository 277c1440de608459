import type postgres from 'postgres';

/** Tables of schema public with their copyable (not generated) columns, in a stable order. */
export async function listTables(sql: postgres.Sql | postgres.TransactionSql) {
  return sql<{ name: string; columns: string[] }[]>`
    select c.relname as name,
           array(select a.attname::text from pg_attribute a
                  where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
                  order by a.attnum) as columns
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
     order by c.relname`;
}

export async function listSequences(sql: postgres.Sql | postgres.TransactionSql) {
  return sql<{ name: string }[]>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'S' order by 1`;
}

/** The migrations drizzle has applied, oldest first (its journal table lives in schema drizzle). */
export async function appliedMigrations(sql: postgres.Sql | postgres.TransactionSql): Promise<string[]> {
  const rows = await sql<{ hash: string }[]>`select hash from drizzle.__drizzle_migrations order by id`;
  return rows.map((r) => r.hash);
}
