import { pgErrorCode } from '@dualcontrol/db';
import type { TestDatabase } from '@dualcontrol/testing';

/** The owner's postgres.js client (a superuser here): used only to read the catalog. */
type CatalogReader = TestDatabase['owner'];

/**
 * Helpers shared by the isolation suites. The set of tenant tables is always read from the
 * catalog, never kept by hand: a table a module adds tomorrow is checked the moment it exists.
 */

/** Every table in schema public with a `tenant_id` column (what dc_secure_tenant_tables() secures). */
export async function listTenantTables(owner: CatalogReader): Promise<string[]> {
  const rows = await owner<{ name: string }[]>`
    select c.relname as name
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
     where n.nspname = 'public' and c.relkind in ('r', 'p')
     order by c.relname`;
  return rows.map((r) => r.name);
}

/**
 * Tenant tables that are append-only: an enabled row-level BEFORE trigger refuses UPDATE and one
 * refuses DELETE (by convention its function is named `*_append_only`, e.g. credit_ledger's
 * dc_credit_ledger_append_only). Such a trigger fires on the rows the tenant policy lets through,
 * before the policy's WITH CHECK and the foreign keys are looked at, so the suites test those
 * tables' writes by INSERT instead.
 */
export async function listAppendOnlyTables(owner: CatalogReader): Promise<string[]> {
  // tgtype bits: 1 = FOR EACH ROW, 2 = BEFORE, 8 = DELETE, 16 = UPDATE.
  const rows = await owner<{ name: string }[]>`
    select c.relname as name
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
      join pg_trigger tg on tg.tgrelid = c.oid and not tg.tgisinternal and tg.tgenabled <> 'D'
      join pg_proc p on p.oid = tg.tgfoid
     where n.nspname = 'public' and c.relkind in ('r', 'p')
       and p.proname like '%append\_only' and tg.tgtype & 3 = 3
     group by c.relname
    having bool_or(tg.tgtype & 16 <> 0) and bool_or(tg.tgtype & 8 <> 0)
     order by c.relname`;
  return rows.map((r) => r.name);
}

export type TenantForeignKey = {
  name: string;
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
};

/** Foreign keys whose both ends are tenant tables, with their columns in key order. */
export async function listTenantForeignKeys(owner: CatalogReader): Promise<TenantForeignKey[]> {
  return owner<TenantForeignKey[]>`
    with tenant_table as (
      select c.oid
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
       where n.nspname = 'public' and c.relkind in ('r', 'p')
    )
    select con.conname as name,
           (select relname from pg_class where oid = con.conrelid) as "table",
           array(select a.attname::text
                   from unnest(con.conkey) with ordinality k(attnum, ord)
                   join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
                  order by k.ord) as columns,
           (select relname from pg_class where oid = con.confrelid) as "refTable",
           array(select a.attname::text
                   from unnest(con.confkey) with ordinality k(attnum, ord)
                   join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum
                  order by k.ord) as "refColumns"
      from pg_constraint con
     where con.contype = 'f'
       and con.conrelid in (select oid from tenant_table)
       and con.confrelid in (select oid from tenant_table)
     order by 2, 1`;
}

/** A failed statement, reduced to what the assertions care about (drizzle wraps driver errors). */
export type Failure = { code: string | undefined; message: string };

export function describeFailure(error: unknown): Failure {
  let message = String(error);
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if (typeof (e as { code?: unknown }).code === 'string') {
      message = String((e as { message?: unknown }).message);
      break;
    }
  }
  return { code: pgErrorCode(error), message };
}

/**
 * What refused a 42501: a row-level security policy, a missing grant, not being the owner, or an
 * append-only trigger (see listAppendOnlyTables).
 */
const refusedBy = (message: string): string =>
  /row-level security/.test(message)
    ? 'rls'
    : /permission denied/.test(message)
      ? 'no privilege'
      : /must be owner/.test(message)
        ? 'not owner'
        : /is append-only/.test(message)
          ? 'append-only'
          : message;

/**
 * The outcome of one statement as a short string, so that a whole table-by-table map can be
 * compared in one `toEqual` and a failure names every offending table at once: `"rows:N"` on
 * success, else the SQLSTATE (`"42501 rls"`, `"42501 no privilege"`, `"42501 not owner"`,
 * `"42501 append-only"` for insufficient privilege, since which guard refused matters).
 */
export async function outcome(fn: () => Promise<readonly unknown[]>): Promise<string> {
  try {
    return `rows:${(await fn()).length}`;
  } catch (error) {
    const { code, message } = describeFailure(error);
    if (code === '42501') return `42501 ${refusedBy(message)}`;
    return code ?? `error: ${message}`;
  }
}

/** `{ table: f(table) }` for every table, run one after another (each in its own transaction). */
export async function perTable<T>(
  tables: string[],
  f: (table: string) => Promise<T>,
): Promise<Record<string, T>> {
  const out: Record<string, T> = {};
  for (const table of tables) out[table] = await f(table);
  return out;
}

/** `{ table: value }` for every table: the expected side of a `perTable` comparison. */
export const everyTable = <T>(tables: string[], value: (table: string) => T): Record<string, T> =>
  Object.fromEntries(tables.map((t) => [t, value(t)]));
