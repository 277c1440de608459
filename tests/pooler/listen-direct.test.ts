import { connectDatabase, type Database } from '@dualcontrol/db';
import { createTestDatabase, type Pgbouncer, type TestDatabase } from '@dualcontrol/testing';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPooler } from './pooler-fixture.ts';

const until = async (done: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
};

/**
 * LISTEN holds one session for as long as it listens, which transaction pooling cannot give: the
 * outbox dispatcher (and anything else that listens) keeps receiving NOTIFYs when the rest of its
 * Database goes through the pooler, because `sql.listen` opens straight on PostgreSQL.
 */
describe('LISTEN with the pooler switch on', () => {
  let tdb: TestDatabase;
  let pooler: Pgbouncer;
  let db: Database;
  const ends: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    tdb = await createTestDatabase();
    pooler = await startPooler(2);
    db = connectDatabase(pooler.through(tdb.platformUrl), { max: 2, pooler: { listenUrl: tdb.platformUrl } });
  });
  afterAll(async () => {
    for (const end of ends) await end();
    await db?.close();
    await pooler?.stop();
    await tdb?.drop();
  });

  it('hears a NOTIFY committed through the pooler, where a LISTEN sent through the pooler hears nothing', async () => {
    const heard: string[] = [];
    const listener = await db.sql.listen('dc_pooler_probe', (payload) => heard.push(payload));
    ends.push(() => listener.unlisten());
    // Without the switch: the same role's LISTEN through PgBouncer.
    const unswitched = postgres(pooler.through(tdb.platformUrl), {
      max: 1,
      prepare: false,
      onnotice: () => {},
    });
    ends.push(() => unswitched.end({ timeout: 1 }));
    const lost: string[] = [];
    await unswitched.listen('dc_pooler_probe', (payload) => lost.push(payload));

    await db.db.transaction((tx) => tx.execute(sql`select pg_notify('dc_pooler_probe', 'booking made')`));
    await until(() => heard.length > 0, 5_000);
    expect(heard).toEqual(['booking made']);
    await until(() => lost.length > 0, 1_000);
    expect(lost).toEqual([]);
  });
});
