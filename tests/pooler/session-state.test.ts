import { createTestDatabase, type Pgbouncer, type TestDatabase } from '@dualcontrol/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededTenant, seedTenant } from '../isolation/two-tenants.ts';
import { startPooler } from './pooler-fixture.ts';

/**
 * Why the tenant setting must be transaction-local, shown on raw connections: in transaction mode
 * PgBouncer lends a server connection per transaction and never resets it, so whatever one client
 * leaves in the session, the next client on that server connection inherits. With a pool of one
 * server connection, two clients take turns on the same PostgreSQL backend.
 */
describe('session state through PgBouncer in transaction mode', () => {
  let tdb: TestDatabase;
  let pooler: Pgbouncer;
  let school: SeededTenant;
  const clients: postgres.Sql[] = [];
  const client = (url: string) => {
    const c = postgres(url, { max: 1, prepare: false, onnotice: () => {} });
    clients.push(c);
    return c;
  };
  /** What a client that never set a tenant sees: the setting, the users RLS shows it, its backend. */
  const look = async (sql: postgres.Sql) => {
    const [row] = await sql<{ tenant: string | null; users: number; pid: number }[]>`
      select current_setting('app.tenant_id', true) as tenant,
             (select count(*)::int from users) as users,
             pg_backend_pid() as pid`;
    return row!;
  };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    school = await seedTenant(tdb, 'pooled-a');
    pooler = await startPooler(1);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end({ timeout: 1 })));
    await pooler?.stop();
    await tdb?.drop();
  });

  it('a session-level set_config(…, false) leaks to the next client: it reads the other school’s rows', async () => {
    const a = client(pooler.through(tdb.appUrl));
    const b = client(pooler.through(tdb.appUrl));
    const [set] = await a<{ pid: number }[]>`
      select set_config('app.tenant_id', ${school.id}, false), pg_backend_pid() as pid`;
    try {
      const seen = await look(b);
      // Same PostgreSQL backend, handed to b with a's session setting still in it.
      expect(seen.pid).toBe(set!.pid);
      expect(seen.tenant).toBe(school.id);
      expect(seen.users).toBeGreaterThan(0);
      // Straight to PostgreSQL, b's own session has no such setting and RLS shows nothing.
      const direct = await look(client(tdb.appUrl));
      expect(direct.tenant ?? '').toBe('');
      expect(direct.users).toBe(0);
    } finally {
      await a`select set_config('app.tenant_id', '', false)`;
    }
  });

  it('a transaction-local set_config(…, true) does not: the next client on that backend sees no tenant and no rows', async () => {
    const a = client(pooler.through(tdb.appUrl));
    const b = client(pooler.through(tdb.appUrl));
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let inside: { users: number; pid: number } | undefined;
    const transaction = a.begin(async (tx) => {
      const [row] = await tx<{ users: number; pid: number }[]>`
        select set_config('app.tenant_id', ${school.id}, true),
               (select count(*)::int from users) as users, pg_backend_pid() as pid`;
      inside = row;
      await held;
    });
    // b asks while a's transaction holds the only server connection: it queues behind it.
    while (!inside) await new Promise((r) => setTimeout(r, 10));
    const seen = look(b);
    await new Promise((r) => setTimeout(r, 100));
    release();
    await transaction;
    const after = await seen;
    expect(inside.users).toBeGreaterThan(0);
    expect(after.pid).toBe(inside.pid);
    expect(after.tenant ?? '').toBe('');
    expect(after.users).toBe(0);
  });
});

/**
 * postgres.js prepares named statements by default and caches them per client connection; through
 * PgBouncer 1.18 in transaction mode the next use may land on another server connection, which has
 * never seen the statement. The pooler switch (DATABASE_POOLER_URL) makes every statement unnamed.
 */
describe('prepared statements through PgBouncer in transaction mode', () => {
  let tdb: TestDatabase;
  let pooler: Pgbouncer;
  const clients: postgres.Sql[] = [];

  beforeAll(async () => {
    tdb = await createTestDatabase();
    pooler = await startPooler(2);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end({ timeout: 1 })));
    await pooler?.stop();
    await tdb?.drop();
  });

  /** Runs one statement again and again while another client holds one of the two servers. */
  async function errorsOf(prepare: boolean): Promise<string[]> {
    const url = pooler.through(tdb.appUrl);
    const user = postgres(url, { max: 1, prepare, onnotice: () => {} });
    const holder = postgres(url, { max: 1, prepare: false, onnotice: () => {} });
    clients.push(user, holder);
    const errors: string[] = [];
    // In a transaction, as the app runs every statement: outside one, postgres.js quietly prepares
    // the statement again after "does not exist", but in a transaction the first error aborts it.
    const statement = (i: number) =>
      user
        .begin((tx) => tx`select ${i}::int as n, pg_backend_pid() as pid`)
        .then(
          ([row]) => expect(row!.n).toBe(i),
          (e: Error) => errors.push(e.message),
        );
    for (let i = 0; i < 6; i++) {
      await statement(i);
      // The holder's transaction takes a server connection (PgBouncer reuses the last one freed),
      // so the statement inside it runs on the other one.
      await holder.begin(async (tx) => {
        await tx`select 1`;
        await statement(100 + i);
      });
    }
    return errors;
  }

  it('named statements (postgres.js by default) fail on 1.18; unnamed ones never do', async () => {
    const named = await errorsOf(true);
    const unnamed = await errorsOf(false);
    expect(unnamed).toEqual([]);
    if (pooler.preparedStatements) {
      // 1.21+ with max_prepared_statements tracks them per server connection itself.
      expect(named).toEqual([]);
    } else {
      expect(named.length).toBeGreaterThan(0);
      expect(named[0]).toMatch(/prepared statement "[^"]+" does not exist/);
    }
  });
});
