import { systemActor } from '@dualcontrol/db';
import {
  createLogger,
  createOutboxDispatcher,
  createTenant,
  type DeliveredEvent,
  defineEvents,
  emitEvent,
  subscribe,
} from '@dualcontrol/platform';
import { createProductRegistry } from '@dualcontrol/product';
import { schedulingEvents } from '@dualcontrol/scheduling';
import { createTestDatabase, oneRow, type TestDatabase } from '@dualcontrol/testing';
import { z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';

const log = createLogger('silent');
const testEvents = defineEvents({
  'catalog_test.lesson_booked': z.object({
    lessonId: z.uuid(),
    minutes: z.number().int(),
    at: z.iso.datetime(),
  }),
});
const booked = testEvents['catalog_test.lesson_booked'];

describe('typed event catalog over the outbox', () => {
  let tdb: TestDatabase;
  let tenantId: string;
  const lessonId = crypto.randomUUID();
  const outboxRows = async () =>
    (await oneRow(tdb.owner`select count(*)::int as n from outbox_events where type like 'catalog_test.%'`))
      .n;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    const tenant = await createTenant(tdb.platformDb, createProductRegistry(), systemActor, {
      slug: 'catalogschool',
      name: 'Catalog School',
      timezone: 'Europe/London',
      currency: 'GBP',
      owner: { email: 'o@catalog.test', name: 'O', password: 'catalog-owner-password' },
    });
    tenantId = tenant.id;
  });
  afterAll(() => tdb.drop());
  beforeEach(async () => {
    await tdb.owner`delete from outbox_events where type like 'catalog_test.%'`;
  });

  it('a payload that does not match its schema throws, naming the event and field, and writes nothing', async () => {
    let caught: unknown;
    await tdb.db.withTenant(tenantId, systemActor, async (tx) => {
      try {
        // @ts-expect-error minutes is a number: the compiler refuses this before the test can run it
        await emitEvent(tx, tenantId, booked, { lessonId, minutes: '45', at: new Date().toISOString() });
      } catch (error) {
        caught = error;
      }
      // Checked before the insert: nothing reached the table even inside the still-open transaction.
      const [row] = await tx.execute<{ n: number }>(
        sql`select count(*)::int as n from outbox_events where type like 'catalog_test.%'`,
      );
      expect(row?.n).toBe(0);
    });
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).message).toMatch(/^event catalog_test\.lesson_booked: payload\.minutes: /);
    expect(await outboxRows()).toBe(0);
  });

  it("a module's event with an undeclared field or a malformed instant is refused too", async () => {
    const rescheduled = schedulingEvents['booking.rescheduled'];
    const payload = {
      bookingId: crypto.randomUUID(),
      instructorId: crypto.randomUUID(),
      studentId: crypto.randomUUID(),
      start: '2030-01-01T10:00:00.000Z',
      end: '2030-01-01T11:00:00.000Z',
      previousStart: '2030-01-01T09:00:00.000Z',
      status: 'confirmed' as const,
    };
    const emit = (p: typeof payload) =>
      tdb.db.withTenant(tenantId, systemActor, (tx) => emitEvent(tx, tenantId, rescheduled, p));
    await expect(emit({ ...payload, start: 'Tuesday at ten' })).rejects.toThrow(
      /^event booking\.rescheduled: payload\.start: /,
    );
    await expect(emit({ ...payload, ...{ room: 'B' } })).rejects.toThrow(
      /^event booking\.rescheduled: payload: .*"room"/,
    );
    const { n } = await oneRow(
      tdb.owner`select count(*)::int as n from outbox_events where type = 'booking.rescheduled'`,
    );
    expect(n).toBe(0);
  });

  it('a subscription receives the parsed, typed payload through the dispatcher', async () => {
    const seen: DeliveredEvent<typeof booked>[] = [];
    const subscription = subscribe({
      id: 'catalog_test.recorder',
      events: [booked],
      async handle(event) {
        expectTypeOf(event.type).toEqualTypeOf<'catalog_test.lesson_booked'>();
        expectTypeOf(event.payload).toEqualTypeOf<{ lessonId: string; minutes: number; at: string }>();
        seen.push(event);
      },
    });
    const at = new Date().toISOString();
    const id = await tdb.db.withTenant(tenantId, systemActor, (tx) =>
      emitEvent(tx, tenantId, booked, { lessonId, minutes: 45, at }),
    );
    // Only this suite's events: the tenant's own events (createTenant) are not ours to deliver.
    await tdb.owner`update outbox_events set dispatched_at = now() where type not like 'catalog_test.%'`;
    const dispatcher = createOutboxDispatcher({
      platformDb: tdb.platformDb,
      db: tdb.db,
      handlers: [subscription],
      log,
    });
    await dispatcher.drain();
    expect(seen).toEqual([
      {
        id,
        tenantId,
        type: 'catalog_test.lesson_booked',
        payload: { lessonId, minutes: 45, at },
        createdAt: expect.any(Date),
      },
    ]);
  });

  it('a stored payload that does not parse is not handed over: the event waits for a retry, the error logged', async () => {
    let calls = 0;
    const subscription = subscribe({
      id: 'catalog_test.strict-reader',
      events: [booked],
      handle: async () => void calls++,
    });
    // As if written before a schema change (the row format is the same: type + jsonb payload).
    const [row] = await tdb.owner<{ id: string }[]>`
      insert into outbox_events (tenant_id, type, payload)
      values (${tenantId}, ${booked.type}, ${tdb.owner.json({ lessonId, minutes: 45 })})
      returning id`;
    await tdb.owner`update outbox_events set dispatched_at = now() where type not like 'catalog_test.%'`;
    await createOutboxDispatcher({
      platformDb: tdb.platformDb,
      db: tdb.db,
      handlers: [subscription],
      log,
    }).drain();
    expect(calls).toBe(0);
    const stored = await oneRow(
      tdb.owner`select dispatched_at, attempts, last_error from outbox_events where id = ${row!.id}`,
    );
    expect(stored).toMatchObject({ dispatched_at: null, attempts: 1 });
    expect(stored.last_error).toMatch(/^event catalog_test\.lesson_booked: .*payload\.at: /);
  });
});
