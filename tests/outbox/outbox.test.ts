import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { connectDatabase, systemActor } from '@dualcontrol/db';
import {
  createLogger,
  createOutboxDispatcher,
  createTenant,
  defineEvents,
  emitEvent,
  type OutboxEvent,
  outboxHealth,
  type RegisteredHandler,
  retryDeadLetter,
} from '@dualcontrol/platform';
import { createProductRegistry } from '@dualcontrol/product';
import { createTestDatabase, oneRow, type TestDatabase } from '@dualcontrol/testing';
import { z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const log = createLogger('silent');

// The delivery mechanics are the same for every event: these two stand for all of them.
const testEvents = defineEvents({
  'test.happened': z.object({ n: z.union([z.string(), z.number()]) }),
  'test.probe': z.object({}),
});

describe('transactional outbox', () => {
  let tdb: TestDatabase;
  let tenantId: string;
  let seen: OutboxEvent[];
  let failNext = 0;

  const recorder: RegisteredHandler = {
    id: 'test.recorder',
    events: ['test.happened'],
    async handle(event) {
      if (failNext > 0) {
        failNext -= 1;
        throw new Error('handler failed on purpose');
      }
      seen.push(event);
    },
  };
  const dispatcher = (handlers: RegisteredHandler[] = [recorder], pollMs = 60_000) =>
    createOutboxDispatcher({ platformDb: tdb.platformDb, db: tdb.db, handlers, log, pollMs });
  const emit = (n: string | number) =>
    tdb.db.withTenant(tenantId, systemActor, (tx) =>
      emitEvent(tx, tenantId, testEvents['test.happened'], { n }),
    );

  beforeAll(async () => {
    tdb = await createTestDatabase();
    const tenant = await createTenant(tdb.platformDb, createProductRegistry(), systemActor, {
      slug: 'outboxschool',
      name: 'Outbox School',
      timezone: 'Europe/London',
      currency: 'GBP',
      modules: ['scheduling', 'messaging'],
      owner: { email: 'o@outbox.test', name: 'O', password: 'outbox-owner-password' },
    });
    tenantId = tenant.id;
    // A second school whose rows a handler of the first must never see.
    await createTenant(tdb.platformDb, createProductRegistry(), systemActor, {
      slug: 'otherschool',
      name: 'Other School',
      timezone: 'Europe/London',
      currency: 'GBP',
      owner: { email: 'o@other.test', name: 'O', password: 'other-owner-password' },
    });
  });
  afterAll(() => tdb.drop());
  beforeEach(async () => {
    seen = [];
    failNext = 0;
    await tdb.owner`update outbox_events set dispatched_at = now() where dispatched_at is null`;
  });

  it('an event written in a rolled-back transaction is never delivered', async () => {
    await expect(
      tdb.db.withTenant(tenantId, systemActor, async (tx) => {
        await emitEvent(tx, tenantId, testEvents['test.happened'], { n: 'rolled-back' });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await dispatcher().drain()).toBe(0);
    expect(seen).toEqual([]);
    const rows = await tdb.owner`select 1 from outbox_events where payload->>'n' = 'rolled-back'`;
    expect(rows).toHaveLength(0);
  });

  it('a committed event is delivered exactly once with two dispatchers draining at once', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => emit(i)));
    const [a, b] = [dispatcher(), dispatcher()];
    const [na, nb] = await Promise.all([a.drain(), b.drain()]);
    expect(na + nb).toBe(40);
    expect(seen.map((e) => e.id).sort()).toEqual([...ids].sort());
    const { pending } = await oneRow(
      tdb.owner`select count(*)::int as pending from outbox_events where dispatched_at is null`,
    );
    expect(pending).toBe(0);
  });

  it('wakes on NOTIFY: a running dispatcher delivers a new event without waiting for its poll', async () => {
    const running = dispatcher([recorder], 60_000);
    await running.start();
    try {
      const started = Date.now();
      const id = await emit('notify');
      while (!seen.some((e) => e.id === id) && Date.now() - started < 5000)
        await new Promise((r) => setTimeout(r, 20));
      expect(seen.map((e) => e.id)).toEqual([id]);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await running.stop();
    }
  });

  it('stops cleanly when the database went first (Ctrl-C reaches PostgreSQL as well as the worker)', async () => {
    // The dispatcher reaches PostgreSQL through a relay that can be cut, as a shutdown cuts it.
    const url = new URL(tdb.platformUrl);
    const [host, port] = [url.hostname, Number(url.port)];
    const sockets = new Set<Socket>();
    const relay = createServer((client) => {
      const server = connect(port, host);
      for (const socket of [client, server]) {
        sockets.add(socket);
        socket.on('error', () => {});
      }
      client.pipe(server).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    url.port = String((relay.address() as AddressInfo).port);
    const platformDb = connectDatabase(url.toString());
    const running = createOutboxDispatcher({
      platformDb,
      db: tdb.db,
      handlers: [recorder],
      log,
      pollMs: 60_000,
    });
    await running.start();
    relay.close();
    for (const socket of sockets) socket.destroy();
    // Its LISTEN connection is gone and cannot come back, so there is nothing to unlisten: stop
    // must still resolve (a rejection here ended the worker's shutdown before Temporal and
    // PostHog were closed, with a stack trace on the terminal).
    await expect(running.stop()).resolves.toBeUndefined();
    await platformDb.close();
  });

  it('a redelivery after a crash between handling and marking is a no-op for the handler', async () => {
    const id = await emit('crash');
    await dispatcher().drain();
    expect(seen).toHaveLength(1);
    // As if the dispatcher died after the handler committed but before marking the event.
    await tdb.owner`update outbox_events set dispatched_at = null where id = ${id}`;
    await dispatcher().drain();
    expect(seen).toHaveLength(1);
    const { n } = await oneRow(
      tdb.owner`select count(*)::int as n from outbox_deliveries where event_id = ${id}`,
    );
    expect(n).toBe(1);
  });

  it('a failing handler is retried later with backoff, then delivered once', async () => {
    failNext = 1;
    const id = await emit('flaky');
    await dispatcher().drain();
    expect(seen).toHaveLength(0);
    const row = await oneRow(
      tdb.owner`select attempts, last_error, available_at > now() as later from outbox_events where id = ${id}`,
    );
    expect(row).toMatchObject({ attempts: 1, last_error: 'handler failed on purpose', later: true });
    await tdb.owner`update outbox_events set available_at = now() where id = ${id}`;
    await dispatcher().drain();
    expect(seen.map((e) => e.id)).toEqual([id]);
  });

  it('a poison event is dead-lettered after its last attempt, shown to operators, and sent round again on retry', async () => {
    const poison: RegisteredHandler = {
      id: 'test.poison',
      events: ['test.happened'],
      async handle(event) {
        if ((event.payload as { n: unknown }).n === 'poison') throw new Error('cannot handle this one');
        seen.push(event);
      },
    };
    const id = await emit('poison');
    const draining = () =>
      createOutboxDispatcher({
        platformDb: tdb.platformDb,
        db: tdb.db,
        handlers: [poison],
        log,
        maxAttempts: 3,
      });
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await draining().drain();
      await tdb.owner`update outbox_events set available_at = now() where id = ${id}`; // skip the backoff
    }
    const row = await oneRow(
      tdb.owner`select attempts, dead_at is not null as dead, dispatched_at from outbox_events where id = ${id}`,
    );
    expect(row).toEqual({ attempts: 3, dead: true, dispatched_at: null });
    // Dead means left alone: another drain does not try it again.
    await draining().drain();
    expect((await oneRow(tdb.owner`select attempts from outbox_events where id = ${id}`)).attempts).toBe(3);

    const health = await outboxHealth(tdb.platformDb);
    expect(health.dead).toContainEqual(
      expect.objectContaining({
        id,
        tenant: 'outboxschool',
        type: 'test.happened',
        attempts: 3,
        lastError: 'cannot handle this one',
      }),
    );
    expect(JSON.stringify(health)).not.toContain('poison'); // payloads are never shown

    // The fault is fixed (this handler accepts it now); the operator sends it round again.
    const fixed: RegisteredHandler = {
      ...poison,
      async handle(event) {
        seen.push(event);
      },
    };
    await retryDeadLetter(tdb.platformDb, id);
    await createOutboxDispatcher({ platformDb: tdb.platformDb, db: tdb.db, handlers: [fixed], log }).drain();
    expect(seen.map((e) => e.id)).toEqual([id]);
    expect((await outboxHealth(tdb.platformDb)).dead.map((d) => d.id)).not.toContain(id);
    await expect(retryDeadLetter(tdb.platformDb, id)).rejects.toMatchObject({ status: 404 });
  });

  it("a module's handlers skip schools that disabled the module", async () => {
    const crmSeen: string[] = [];
    const crm: RegisteredHandler = {
      id: 'crm.test',
      moduleId: 'crm',
      events: ['test.happened'],
      handle: async (e) => void crmSeen.push(e.id),
    };
    const messaging: RegisteredHandler = {
      ...crm,
      id: 'messaging.test',
      moduleId: 'messaging',
      handle: async (e) => void seen.push(e),
    };
    const id = await emit('gated');
    await dispatcher([crm, messaging]).drain();
    expect(crmSeen).toEqual([]);
    expect(seen.map((e) => e.id)).toEqual([id]);
  });

  it('handlers run under RLS inside the event’s tenant', async () => {
    let visibleTenants: string[] = [];
    const probe: RegisteredHandler = {
      id: 'test.probe',
      events: ['test.probe'],
      async handle(_e, { tx }) {
        const rows = await tx.execute<{ tenant_id: string }>(sql`select distinct tenant_id from users`);
        visibleTenants = rows.map((r) => r.tenant_id);
      },
    };
    await tdb.db.withTenant(tenantId, systemActor, (tx) =>
      emitEvent(tx, tenantId, testEvents['test.probe'], {}),
    );
    await dispatcher([probe]).drain();
    expect(visibleTenants).toEqual([tenantId]);
    const { n } = await oneRow(tdb.owner`select count(distinct tenant_id)::int as n from users`);
    expect(n).toBe(2);
  });
});
