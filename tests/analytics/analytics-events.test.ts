import { analyticsSubscriptions } from '@dualcontrol/analytics';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLessonsSchool,
  createTestApi,
  type LessonsSchool,
  type TestApi,
} from '../lessons/lessons-fixture.ts';
import { startAhead } from '../scheduling/scheduling-fixture.ts';
import { analyticsDeps, crmTestEvents, dispatchAnalytics, emit, tenantIdOf } from './analytics-fixture.ts';

const PERSONAL = 'Call Sam Learner on 07700 900123 or sam.learner@example.com';

// Every domain event of every module lands once in analytics_events, without personal data, from
// real bookings, payments and a CRM event through the real dispatcher.
describe('analytics events', () => {
  let api: TestApi;
  let a: LessonsSchool;
  let b: LessonsSchool;
  let tenantA: string;
  let tenantB: string;

  beforeAll(async () => {
    api = await createTestApi();
    a = await createLessonsSchool(api, 'ana');
    b = await createLessonsSchool(api, 'anb');
    tenantA = await tenantIdOf(api, 'ana');
    tenantB = await tenantIdOf(api, 'anb');
    // A taught lesson, a cancelled one with a personal reason, a cash payment, a CRM enquiry.
    await a.teach(a.students[0]!);
    const booked = await a.expectOk(
      a.call('POST', '/api/v1/bookings', a.ownerToken, {
        instructorId: a.instructor.id,
        studentId: a.students[1]!.id,
        start: startAhead(a.timezone, 5, '11:00'),
        durationMinutes: 60,
      }),
      201,
      'book',
    );
    await a.expectOk(
      a.call('POST', `/api/v1/bookings/${booked.id}/cancel`, a.ownerToken, { reason: PERSONAL }),
      200,
      'cancel',
    );
    await a.expectOk(
      a.call('POST', '/api/v1/payments', a.ownerToken, {
        studentId: a.students[0]!.id,
        method: 'cash',
        purpose: 'other',
        amountMinor: 4500,
        description: 'Lessons for Sam Learner',
        note: PERSONAL,
      }),
      201,
      'payment',
    );
    await emit(api, tenantA, crmTestEvents['crm.contact_created'], {
      contactId: '0192f0c4-7a1e-7cc3-9a51-3b1f2f7c1a10',
      source: 'enquiry_form',
    });
    await dispatchAnalytics(api);
  }, 120_000);
  afterAll(() => api?.close());

  const rows = (tenantId: string) =>
    api.tdb.owner<
      {
        id: string;
        type: string;
        occurred_at: Date;
        entity_type: string;
        entity_id: string | null;
        properties: Record<string, unknown>;
      }[]
    >`select id, type, occurred_at, entity_type, entity_id, properties from analytics_events where tenant_id = ${tenantId} order by id`;

  it('records every outbox event of the school once, whatever module emitted it', async () => {
    const outbox = await api.tdb.owner<{ id: string; type: string; created_at: Date }[]>`
      select id, type, created_at from outbox_events where tenant_id = ${tenantA} order by id`;
    const recorded = await rows(tenantA);
    expect(recorded.map((r) => [r.id, r.type])).toEqual(outbox.map((o) => [o.id, o.type]));
    expect(recorded.map((r) => r.occurred_at.getTime())).toEqual(outbox.map((o) => o.created_at.getTime()));
    const types = new Set(recorded.map((r) => r.type));
    for (const t of [
      'booking.requested',
      'booking.completed',
      'booking.cancelled',
      'payment.succeeded',
      'crm.contact_created',
    ])
      expect(types).toContain(t);
  });

  it('keeps ids, statuses and amounts and no personal data', async () => {
    // The outbox does carry the personal reason (so this test can fail)…
    const [source] = await api.tdb.owner<{ payload: Record<string, unknown> }[]>`
      select payload from outbox_events where tenant_id = ${tenantA} and type = 'booking.cancelled'`;
    expect(source!.payload.reason).toBe(PERSONAL);
    // …and analytics keeps none of it.
    const recorded = await rows(tenantA);
    const text = JSON.stringify(recorded.map((r) => r.properties));
    for (const personal of ['Sam', '07700', '@', 'Learner', a.students[0]!.email])
      expect(text).not.toContain(personal);
    const cancelled = recorded.find((r) => r.type === 'booking.cancelled')!;
    expect(cancelled.entity_type).toBe('booking');
    expect(cancelled.properties).toMatchObject({ status: 'cancelled', instructorId: a.instructor.id });
    expect(cancelled.properties).not.toHaveProperty('reason');
    const payment = recorded.find((r) => r.type === 'payment.succeeded')!;
    expect(payment.properties).toMatchObject({ amountMinor: 4500, currency: 'GBP', method: 'cash' });
    expect(payment.entity_type).toBe('payment');
    const enquiry = recorded.find((r) => r.type === 'crm.contact_created')!;
    expect(enquiry).toMatchObject({
      entity_type: 'contact',
      entity_id: '0192f0c4-7a1e-7cc3-9a51-3b1f2f7c1a10',
    });
  });

  it('is idempotent: one event delivered three times is one row and counted once', async () => {
    const [completed] = await api.tdb.owner<
      { id: string; payload: Record<string, unknown>; created_at: Date }[]
    >`
      select id, payload, created_at from outbox_events where tenant_id = ${tenantA} and type = 'booking.completed'`;
    const facts = () =>
      api.tdb.owner<{ lessons: number }[]>`
        select coalesce(sum(lessons_taught), 0)::int as lessons from analytics_school_days where tenant_id = ${tenantA}`;
    expect((await facts())[0]!.lessons).toBe(1);
    const [handler] = analyticsSubscriptions(analyticsDeps(api), undefined);
    // The handler itself, three times (as if the dispatcher's own dedupe row had been lost)…
    for (let i = 0; i < 3; i++)
      await api.tdb.db.withTenant(tenantA, { kind: 'system' }, (tx) =>
        handler!.handle(
          {
            id: completed!.id,
            tenantId: tenantA,
            type: 'booking.completed',
            payload: completed!.payload,
            createdAt: completed!.created_at,
          },
          { tx, log: analyticsDeps(api).log },
        ),
      );
    // …and the whole outbox redelivered by the dispatcher.
    await api.tdb.owner`delete from outbox_deliveries where tenant_id = ${tenantA}`;
    await api.tdb.owner`update outbox_events set dispatched_at = null where tenant_id = ${tenantA}`;
    await dispatchAnalytics(api);
    const [count] = await api.tdb.owner<{ n: number }[]>`
      select count(*)::int as n from analytics_events where tenant_id = ${tenantA} and id = ${completed!.id}`;
    expect(count!.n).toBe(1);
    expect((await facts())[0]!.lessons).toBe(1);
  });

  it('keeps each school to its own rows (RLS) and records nothing for a school with analytics off', async () => {
    await b.teach(b.students[0]!);
    await api.tdb
      .owner`update tenant_modules set enabled = false where tenant_id = ${tenantB} and module_id = 'analytics'`;
    await dispatchAnalytics(api);
    expect(await rows(tenantB)).toEqual([]);
    const seenFromB = await api.tdb.db.withTenant(tenantB, { kind: 'system' }, (tx) =>
      tx.execute<{ n: number }>(sql`select count(*)::int as n from analytics_events`),
    );
    expect(seenFromB[0]!.n).toBe(0);
    await api.tdb
      .owner`update tenant_modules set enabled = true where tenant_id = ${tenantB} and module_id = 'analytics'`;
  });
});
