import {
  type Actor,
  APP_ROLE,
  auditLogs,
  connectDatabase,
  students,
  systemActor,
  type Tx,
  userRoles,
  users,
} from '@dualcontrol/db';
import { createTestDatabase, type TestDatabase } from '@dualcontrol/testing';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  everyTable,
  listAppendOnlyTables,
  listTenantForeignKeys,
  listTenantTables,
  outcome,
  perTable,
  type TenantForeignKey,
} from './catalog.ts';
import { type SeededTenant, seedTenant } from './two-tenants.ts';

/**
 * Behavioural proof of ARCHITECTURE §4: two schools, A and B, each with rows in every tenant
 * table (discovered from the catalog), and the app role trying every way to see or touch B's rows
 * while working for A. The platform role (BYPASSRLS) is the ground truth for what is really there.
 */

let tdb: TestDatabase;
let tables: string[];
let A: SeededTenant;
let B: SeededTenant;
/** Which writes the app role is granted per table (audit_logs is read-only to it by design). */
let granted: Record<string, { insert: boolean; update: boolean; delete: boolean }>;
/** Tables whose rows a trigger forbids to UPDATE or DELETE, whoever asks (credit_ledger). */
let appendOnly: Set<string>;

const table = (name: string) => sql.identifier(name);

/** A's own owner acting inside A: the strongest position an attacker inside the app can have. */
const actorOf = (t: SeededTenant): Actor => ({ kind: 'user', id: t.ownerUserId });
const inTenant = <T>(t: SeededTenant, fn: (tx: Tx) => Promise<T>) => tdb.db.withTenant(t.id, actorOf(t), fn);

/** Rows of one tenant per table, as the platform role sees them (no RLS): the ground truth. */
const platformCounts = (tenantId: string) =>
  perTable(tables, async (t) => {
    const [row] = await tdb.platformDb.db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${table(t)} where tenant_id = ${tenantId}`,
    );
    return row!.n;
  });

/** Count and checksum of one tenant's rows per table: any change to any of them shows up. */
const fingerprints = (tenantId: string) =>
  perTable(tables, async (t) => {
    const [row] = await tdb.platformDb.db.execute<{ n: number; h: string }>(
      sql`select count(*)::int as n, coalesce(md5(string_agg(r::text, '|' order by r::text)), '') as h
            from ${table(t)} r where r.tenant_id = ${tenantId}`,
    );
    return `${row!.n}:${row!.h}`;
  });

/**
 * What an app-role connection outside withTenant gets from every tenant table: `"rows:0"` is the
 * only right answer (an error such as 22P02 from a policy without nullif shows up as its code).
 */
const readWithoutTenant = (db: TestDatabase['db']) =>
  perTable(tables, (t) => outcome(() => db.db.execute(sql`select * from ${table(t)}`)));

/** What a forbidden write must give on each table: nothing touched, or no grant at all. */
const untouchedOrUngranted = (allowed: (t: string) => boolean) =>
  everyTable(tables, (t) => (allowed(t) ? 'rows:0' : '42501 no privilege'));

beforeAll(async () => {
  tdb = await createTestDatabase();
  tables = await listTenantTables(tdb.owner);
  appendOnly = new Set(await listAppendOnlyTables(tdb.owner));
  A = await seedTenant(tdb, 'alpha');
  B = await seedTenant(tdb, 'bravo');
  const rows = await tdb.owner<{ name: string; insert: boolean; update: boolean; delete: boolean }[]>`
    select relname as name,
           has_table_privilege(${APP_ROLE}, oid, 'INSERT') as insert,
           has_table_privilege(${APP_ROLE}, oid, 'UPDATE') as update,
           has_table_privilege(${APP_ROLE}, oid, 'DELETE') as delete
      from pg_class where oid = any(${tables.map((t) => `public.${t}`)}::regclass[])`;
  granted = Object.fromEntries(rows.map(({ name, ...p }) => [name, p]));
});
afterAll(() => tdb?.drop());

describe('fixtures', () => {
  it('give both tenants at least one row in every tenant table (else the checks below prove nothing)', async () => {
    const [a, b] = [await platformCounts(A.id), await platformCounts(B.id)];
    const missing = tables.filter((t) => !a[t] || !b[t]);
    expect(
      missing,
      'tenant tables without rows for both tenants: add them in tests/isolation/two-tenants.ts',
    ).toEqual([]);
  });
});

describe('reading', () => {
  it('the app role with no tenant set sees zero rows in every tenant table', async () => {
    // A brand-new connection, where app.tenant_id has never been set (it reads null).
    const fresh = connectDatabase(tdb.appUrl, { max: 1 });
    try {
      const [setting] = await fresh.db.execute<{ v: string | null }>(
        sql`select current_setting('app.tenant_id', true) as v`,
      );
      expect(setting!.v).toBeNull();
      expect(await readWithoutTenant(fresh)).toEqual(everyTable(tables, () => 'rows:0'));
    } finally {
      await fresh.close();
    }
    // The shared pool, as api code would use it by mistake outside withTenant.
    expect(await readWithoutTenant(tdb.db)).toEqual(everyTable(tables, () => 'rows:0'));
    // withActor is the explicit "no tenant" transaction (app.tenant_id = ''): zero rows too.
    const inActor = await perTable(tables, (t) =>
      outcome(() => tdb.db.withActor(systemActor, (tx) => tx.execute(sql`select * from ${table(t)}`))),
    );
    expect(inActor).toEqual(everyTable(tables, () => 'rows:0'));
  });

  it("a connection that earlier ran withTenant reads '' for app.tenant_id and still sees zero rows", async () => {
    // One connection, so the second query surely reuses the one that held A's setting.
    const single = connectDatabase(tdb.appUrl, { max: 1 });
    try {
      const seen = await single.withTenant(A.id, systemActor, async (tx) => {
        const [row] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from users`);
        return row!.n;
      });
      expect(seen).toBeGreaterThan(0);
      const [setting] = await single.db.execute<{ v: string | null }>(
        sql`select current_setting('app.tenant_id', true) as v`,
      );
      expect(setting!.v).toBe(''); // the trap: '' rather than null, and ''::uuid would throw
      expect(await readWithoutTenant(single)).toEqual(everyTable(tables, () => 'rows:0'));
    } finally {
      await single.close();
    }
  });

  it.each([
    ['A', () => [A, B] as const],
    ['B', () => [B, A] as const],
  ])('inside withTenant(%s) every tenant table shows exactly that tenant’s rows', async (_, pick) => {
    const [me, other] = pick();
    const expected = await platformCounts(me.id);
    const seen = await inTenant(me, (tx) =>
      perTable(tables, async (t) => {
        const [row] = await tx.execute<{ total: number; other: number }>(
          sql`select count(*)::int as total,
                     count(*) filter (where tenant_id is distinct from ${me.id})::int as other
                from ${table(t)}`,
        );
        return row!;
      }),
    );
    expect(seen).toEqual(everyTable(tables, (t) => ({ total: expected[t], other: 0 })));
    // And asking for the other tenant by id explicitly still finds nothing.
    const asked = await inTenant(me, (tx) =>
      perTable(tables, async (t) => {
        const [row] = await tx.execute<{ n: number }>(
          sql`select count(*)::int as n from ${table(t)} where tenant_id = ${other.id}`,
        );
        return row!.n;
      }),
    );
    expect(asked).toEqual(everyTable(tables, () => 0));
  });
});

describe("writing to the other tenant's rows from inside withTenant(A)", () => {
  it("UPDATE of B's rows affects 0 rows, and B's data is unchanged", async () => {
    const before = await fingerprints(B.id);
    // Generic, every table: try to pull B's rows into A.
    const pulled = await perTable(tables, (t) =>
      outcome(() =>
        inTenant(A, (tx) =>
          tx.execute(sql`update ${table(t)} set tenant_id = ${A.id} where tenant_id = ${B.id} returning 1`),
        ),
      ),
    );
    expect(pulled).toEqual(untouchedOrUngranted((t) => granted[t]!.update));
    // A plain data change, by a typed query, naming B explicitly.
    const renamed = await inTenant(A, (tx) =>
      tx
        .update(users)
        .set({ name: 'Taken over' })
        .where(eq(users.tenantId, B.id))
        .returning({ id: users.id }),
    );
    expect(renamed).toEqual([]);
    expect(await fingerprints(B.id)).toEqual(before);
  });

  it("DELETE of B's rows affects 0 rows, and B's data is unchanged", async () => {
    const before = await fingerprints(B.id);
    const deleted = await perTable(tables, (t) =>
      outcome(() =>
        inTenant(A, (tx) => tx.execute(sql`delete from ${table(t)} where tenant_id = ${B.id} returning 1`)),
      ),
    );
    expect(deleted).toEqual(untouchedOrUngranted((t) => granted[t]!.delete));
    expect(await fingerprints(B.id)).toEqual(before);
  });

  it('INSERT of a row with tenant_id = B fails with 42501 (RLS WITH CHECK) on every table', async () => {
    const before = await fingerprints(B.id);
    // A copy of one of A's own rows (so every NOT NULL column has a valid value) relabelled as B's.
    const inserted = await perTable(tables, (t) =>
      outcome(() =>
        inTenant(A, (tx) =>
          tx.execute(sql`insert into ${table(t)}
            select (jsonb_populate_record(null::${table(t)}, to_jsonb(r) || jsonb_build_object('tenant_id', ${B.id}::uuid))).*
              from ${table(t)} r limit 1
            returning 1`),
        ),
      ),
    );
    expect(inserted).toEqual(
      everyTable(tables, (t) => (granted[t]!.insert ? '42501 rls' : '42501 no privilege')),
    );
    expect(await fingerprints(B.id)).toEqual(before);
  });

  it("UPDATE moving A's own rows to tenant_id = B fails with 42501 on every table", async () => {
    const [beforeA, beforeB] = [await fingerprints(A.id), await fingerprints(B.id)];
    const moved = await perTable(tables, (t) =>
      outcome(() =>
        inTenant(A, (tx) =>
          tx.execute(sql`update ${table(t)} set tenant_id = ${B.id} where tenant_id = ${A.id} returning 1`),
        ),
      ),
    );
    // An append-only table's BEFORE UPDATE trigger refuses A's own rows before the policy's WITH
    // CHECK is reached; its WITH CHECK is proven by the INSERT test above.
    expect(moved).toEqual(
      everyTable(tables, (t) =>
        !granted[t]!.update ? '42501 no privilege' : appendOnly.has(t) ? '42501 append-only' : '42501 rls',
      ),
    );
    expect([await fingerprints(A.id), await fingerprints(B.id)]).toEqual([beforeA, beforeB]);
  });

  it('append-only tables refuse UPDATE and DELETE of the tenant’s own rows too (42501, by trigger)', async () => {
    // Sanity: the catalog query finds the credit ledger, so the exemption above is not vacuous.
    expect([...appendOnly]).toContain('credit_ledger');
    const before = await fingerprints(A.id);
    const own = [...appendOnly];
    const attempts = await perTable(own, async (t) => [
      await outcome(() =>
        inTenant(A, (tx) =>
          tx.execute(sql`update ${table(t)} set tenant_id = tenant_id where tenant_id = ${A.id} returning 1`),
        ),
      ),
      await outcome(() =>
        inTenant(A, (tx) => tx.execute(sql`delete from ${table(t)} where tenant_id = ${A.id} returning 1`)),
      ),
    ]);
    expect(attempts).toEqual(everyTable(own, () => ['42501 append-only', '42501 append-only']));
    expect(await fingerprints(A.id)).toEqual(before);
  });
});

describe('composite foreign keys', () => {
  it("refuse an A row pointing at B's user (23503), while the same row pointing at A's user is fine", async () => {
    const roleFor = (userId: string) => () =>
      inTenant(A, (tx) =>
        tx
          .insert(userRoles)
          .values({ tenantId: A.id, userId, role: 'admin' })
          .returning({ role: userRoles.role }),
      );
    expect(await outcome(roleFor(B.ownerUserId))).toBe('23503');
    expect(await outcome(roleFor(A.ownerUserId))).toBe('rows:1'); // control: the statement itself is valid

    const studentFor = (userId: string) =>
      outcome(() =>
        inTenant(A, (tx) =>
          tx.insert(students).values({ tenantId: A.id, userId }).returning({ id: students.id }),
        ),
      );
    expect(await studentFor(B.instructorUserId)).toBe('23503');
  });

  /** The non-tenant columns of a key, paired with the values of one of the tenant's referenced rows. */
  const keyTarget = async (fk: TenantForeignKey, tenantId: string) => {
    const pairs = fk.columns
      .map((c, i) => [c, fk.refColumns[i]!] as const)
      .filter(([c]) => c !== 'tenant_id');
    const [target] = await tdb.platformDb.db.execute<Record<string, unknown>>(
      sql`select ${sql.join(
        pairs.map(([, ref]) => table(ref)),
        sql`, `,
      )} from ${table(fk.refTable)} where tenant_id = ${tenantId} limit 1`,
    );
    return pairs.map(([c, ref]) => [c, target![ref]] as const);
  };

  it('every foreign key between tenant tables refuses re-pointing an A row at a B row (23503)', async () => {
    // Append-only tables refuse every UPDATE by trigger first: their keys are checked by INSERT below.
    const fks = (await listTenantForeignKeys(tdb.owner)).filter((fk) => !appendOnly.has(fk.table));
    expect(fks.length).toBeGreaterThan(0);
    const results: Record<string, string> = {};
    for (const fk of fks) {
      const assignments = sql.join(
        (await keyTarget(fk, B.id)).map(([c, value]) => sql`${table(c)} = ${value}`),
        sql`, `,
      );
      results[`${fk.table}.${fk.name}`] = await outcome(() =>
        inTenant(A, (tx) =>
          tx.execute(sql`update ${table(fk.table)} set ${assignments}
            where ctid = (select ctid from ${table(fk.table)} where tenant_id = ${A.id} limit 1)
            returning 1`),
        ),
      );
    }
    expect(results).toEqual(Object.fromEntries(Object.keys(results).map((k) => [k, '23503'])));
  });

  it('every foreign key of an append-only table refuses a new A row pointing at a B row (23503)', async () => {
    const fks = (await listTenantForeignKeys(tdb.owner)).filter((fk) => appendOnly.has(fk.table));
    expect(fks.length).toBeGreaterThan(0);
    /**
     * A copy of one of A's rows that uses this key (so CHECKs tying the key to other columns still
     * hold, e.g. credit_ledger_sign), under a fresh id, with the key pointing at `values`.
     */
    const copyPointingAt = (fk: TenantForeignKey, values: (readonly [string, unknown])[]) => sql`
      insert into ${table(fk.table)}
      select (jsonb_populate_record(null::${table(fk.table)}, to_jsonb(r) || jsonb_build_object('id', dc_uuidv7(), ${sql.join(
        values.map(([c, value]) => sql`${c}::text, ${String(value)}::text`),
        sql`, `,
      )}))).*
        from ${table(fk.table)} r
       where r.tenant_id = ${A.id} and ${sql.join(
         values.map(([c]) => sql`r.${table(c)} is not null`),
         sql` and `,
       )}
       limit 1
      returning 1`;
    const refused: Record<string, string> = {};
    const control: Record<string, string> = {};
    for (const fk of fks) {
      const name = `${fk.table}.${fk.name}`;
      const [toB, toA] = [await keyTarget(fk, B.id), await keyTarget(fk, A.id)];
      refused[name] = await outcome(() => inTenant(A, (tx) => tx.execute(copyPointingAt(fk, toB))));
      // The same statement pointing at A's own row goes through (rolled back: the ledger stays as seeded).
      control[name] = await outcome(() =>
        inTenant(A, async (tx) => {
          await tx.execute(sql`savepoint control`);
          const rows = await tx.execute(copyPointingAt(fk, toA));
          await tx.execute(sql`rollback to savepoint control`);
          return rows;
        }),
      );
    }
    expect({ refused, control }).toEqual({
      refused: Object.fromEntries(Object.keys(refused).map((k) => [k, '23503'])),
      control: Object.fromEntries(Object.keys(control).map((k) => [k, 'rows:1'])),
    });
  });
});

describe('audit trail', () => {
  const updatesOf = (t: SeededTenant, userId: string) =>
    inTenant(t, (tx) =>
      tx
        .select()
        .from(auditLogs)
        .where(
          and(eq(auditLogs.tableName, 'users'), eq(auditLogs.rowId, userId), eq(auditLogs.action, 'update')),
        ),
    );

  it('records who renamed a user, the changed columns and before/after, never the password hash', async () => {
    const [stored] = await tdb.platformDb.db.execute<{ hasHash: boolean }>(
      sql`select password_hash is not null as "hasHash" from users where id = ${A.instructorUserId}`,
    );
    expect(stored?.hasHash).toBe(true); // so a missing key below is redaction, not an empty column

    await inTenant(A, (tx) =>
      tx
        .update(users)
        .set({ name: 'Renamed Instructor' })
        .where(and(eq(users.tenantId, A.id), eq(users.id, A.instructorUserId))),
    );

    const entries = await updatesOf(A, A.instructorUserId);
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry).toMatchObject({
      tenantId: A.id,
      actorKind: 'user',
      actorId: A.ownerUserId,
      action: 'update',
    });
    expect(entry.changedColumns).toContain('name');
    expect(entry.before).toMatchObject({ id: A.instructorUserId, name: 'Instructor alpha' });
    expect(entry.after).toMatchObject({ id: A.instructorUserId, name: 'Renamed Instructor' });
    expect(entry.before).not.toHaveProperty('password_hash');
    expect(entry.after).not.toHaveProperty('password_hash');
    // The entry is A's: B cannot see it.
    expect(await updatesOf(B, A.instructorUserId)).toEqual([]);
  });

  it('records a password change as a changed column, without either hash', async () => {
    await inTenant(A, (tx) =>
      tx
        .update(users)
        .set({ passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3aGFzaA' })
        .where(and(eq(users.tenantId, A.id), eq(users.id, A.ownerUserId))),
    );
    const entries = await updatesOf(A, A.ownerUserId);
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry.changedColumns).toContain('password_hash');
    expect(entry.before).not.toHaveProperty('password_hash');
    expect(entry.after).not.toHaveProperty('password_hash');
    expect(JSON.stringify(entry)).not.toContain('$argon2id$');
  });

  it('one statement touching several rows audits each row with its own before/after; an update that changes nothing records nothing', async () => {
    const people = [A.ownerUserId, A.instructorUserId, A.studentUserId];
    const before = await inTenant(A, (tx) =>
      tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.tenantId, A.id)),
    );
    const nameOf = new Map(before.map((u) => [u.id, u.name]));
    const count = async () => (await inTenant(A, (tx) => tx.select().from(auditLogs))).length;

    const untouched = await count();
    // Sets a column to the value it has (raw SQL: drizzle would also stamp updated_at): the
    // statement runs over every row, none changes.
    await inTenant(A, (tx) => tx.execute(sql`update users set name = name where tenant_id = ${A.id}`));
    expect(await count()).toBe(untouched);

    await inTenant(A, (tx) =>
      tx
        .update(users)
        .set({ name: sql`${users.name} || ' (moved)'` })
        .where(eq(users.tenantId, A.id)),
    );
    for (const id of people) {
      // Oldest first: the instructor and the owner also have an earlier update entry (the tests
      // above), and unordered rows come in heap order, where a new row can sit on an earlier page.
      const entries = await inTenant(A, (tx) =>
        tx
          .select()
          .from(auditLogs)
          .where(
            and(eq(auditLogs.tableName, 'users'), eq(auditLogs.rowId, id), eq(auditLogs.action, 'update')),
          )
          .orderBy(auditLogs.createdAt),
      );
      const latest = entries.at(-1)!;
      expect(latest.changedColumns).toContain('name');
      expect(latest.before).toMatchObject({ id, name: nameOf.get(id) });
      expect(latest.after).toMatchObject({ id, name: `${nameOf.get(id)} (moved)` });
    }
    expect(await count()).toBe(untouched + before.length);
  });

  it('cannot be written by the app role: INSERT, UPDATE and DELETE on audit_logs are refused (42501)', async () => {
    const forged = await outcome(() =>
      inTenant(A, (tx) =>
        tx
          .insert(auditLogs)
          .values({
            tenantId: A.id,
            actorKind: 'user',
            tableName: 'users',
            rowId: A.ownerUserId,
            action: 'delete',
          })
          .returning({ id: auditLogs.id }),
      ),
    );
    const rewritten = await outcome(() =>
      inTenant(A, (tx) =>
        tx
          .update(auditLogs)
          .set({ actorId: null })
          .where(eq(auditLogs.tenantId, A.id))
          .returning({ id: auditLogs.id }),
      ),
    );
    const erased = await outcome(() =>
      inTenant(A, (tx) =>
        tx.delete(auditLogs).where(eq(auditLogs.tenantId, A.id)).returning({ id: auditLogs.id }),
      ),
    );
    expect({ forged, rewritten, erased }).toEqual({
      forged: '42501 no privilege',
      rewritten: '42501 no privilege',
      erased: '42501 no privilege',
    });
  });
});
