import { crmModule } from '@dualcontrol/crm';
import { parseKeyring, systemActor } from '@dualcontrol/db';
import { messagingEvents } from '@dualcontrol/messaging';
import { createLogger, emitEvent } from '@dualcontrol/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAhead } from '../scheduling/scheduling-fixture.ts';
import {
  type CrmSchool,
  createCrmSchool,
  createTestApi,
  dispatchCrm,
  eventsOf,
  type TestApi,
} from './crm-fixture.ts';

/**
 * Bookings, lessons, payments and tests become interactions on the student's contact (made on the
 * fly, linked to their user), with the obvious stage moves; a redelivered event writes nothing.
 */
describe('crm automatic interactions from domain events', () => {
  let api: TestApi;
  let s: CrmSchool;
  const contactOf = async (studentId: string) => {
    const [row] = await api.tdb.owner<{ id: string; stage: string; user_id: string; source: string }[]>`
      select id, stage, user_id, source from crm_contacts where student_id = ${studentId}`;
    return row;
  };
  const interactionsOf = (contactId: string) =>
    api.tdb.owner<
      {
        kind: string;
        summary: string;
        automatic: boolean;
        source_event_type: string;
        source_entity_id: string;
      }[]
    >`
      select kind, summary, automatic, source_event_type, source_entity_id from crm_interactions
      where contact_id = ${contactId} order by occurred_at, id`;

  beforeAll(async () => {
    api = await createTestApi();
    s = await createCrmSchool(api, 'crmauto');
  });
  afterAll(() => api.close());

  it('a booked and confirmed lesson makes the contact (linked to the student), logs both, and moves it to active_learner', async () => {
    const sam = s.students[0]!;
    expect(await contactOf(sam.id)).toBeUndefined();
    const booking = await s.expectOk(
      s.call('POST', '/api/v1/bookings', s.ownerToken, {
        instructorId: s.instructor.id,
        studentId: sam.id,
        start: startAhead(s.timezone, 5, '10:00'),
        durationMinutes: 60,
      }),
      201,
      'book',
    );
    await s.expectOk(
      s.call('POST', `/api/v1/bookings/${booking.id}/confirm`, s.instructor.token),
      200,
      'confirm',
    );
    await dispatchCrm(api);
    const contact = (await contactOf(sam.id))!;
    expect(contact).toMatchObject({ user_id: sam.userId, source: 'signup' });
    const logged = await interactionsOf(contact.id);
    expect(logged.map((i) => [i.kind, i.source_event_type, i.source_entity_id, i.automatic])).toEqual([
      ['booking', 'booking.requested', booking.id, true],
      ['booking', 'booking.confirmed', booking.id, true],
    ]);
    expect(logged[0]!.summary).toMatch(/^Lesson requested: \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(contact.stage).toBe('active_learner');
    // The API shows them on the timeline with their source.
    const timeline = await s.call('GET', `/api/v1/crm/contacts/${contact.id}`, s.ownerToken);
    expect(timeline.body.interactions[0]).toMatchObject({
      automatic: true,
      source: { eventType: 'booking.confirmed', entityId: booking.id },
    });
    // A cancellation is logged with its reason.
    await s.expectOk(
      s.call('POST', `/api/v1/bookings/${booking.id}/cancel`, s.ownerToken, { reason: 'Car in the garage' }),
      200,
      'cancel',
    );
    await dispatchCrm(api);
    const after = await interactionsOf(contact.id);
    expect(after.at(-1)).toMatchObject({
      source_event_type: 'booking.cancelled',
      summary: expect.stringMatching(/Car in the garage/),
    });
  });

  it('the same event delivered three times logs one interaction and moves the stage once', async () => {
    const sue = s.students[1]!;
    const booking = await s.expectOk(
      s.call('POST', '/api/v1/bookings', s.ownerToken, {
        instructorId: s.instructor.id,
        studentId: sue.id,
        start: startAhead(s.timezone, 6, '11:00'),
        durationMinutes: 60,
      }),
      201,
      'book',
    );
    await s.expectOk(
      s.call('POST', `/api/v1/bookings/${booking.id}/confirm`, s.instructor.token),
      200,
      'confirm',
    );
    const [event] = await api.tdb.owner<
      { id: string; tenant_id: string; type: string; payload: Record<string, unknown>; created_at: Date }[]
    >`
      select id, tenant_id, type, payload, created_at from outbox_events
      where type = 'booking.confirmed' and payload->>'bookingId' = ${booking.id}`;
    const handler = crmModule.subscriptions!({
      env: api.tdb.env,
      keyring: parseKeyring(api.tdb.env.ENCRYPTION_KEYS),
      db: api.tdb.db,
      log: createLogger('silent'),
    }).find((h) => h.id === 'crm.log-bookings')!;
    const delivered = {
      id: event!.id,
      tenantId: event!.tenant_id,
      type: event!.type,
      payload: event!.payload,
      createdAt: event!.created_at,
    };
    const before = (await eventsOf(api, 'crm.contact_stage_changed')).length;
    for (let i = 0; i < 3; i++) {
      await api.tdb.db.withTenant(event!.tenant_id, systemActor, (tx) =>
        handler.handle(delivered, { tx, log: createLogger('silent') }),
      );
    }
    const contact = (await contactOf(sue.id))!;
    const logged = await interactionsOf(contact.id);
    expect(logged.filter((i) => i.source_event_type === 'booking.confirmed')).toHaveLength(1);
    expect(contact.stage).toBe('active_learner');
    const moves = (await eventsOf(api, 'crm.contact_stage_changed')).slice(before);
    expect(moves.map((m) => m.payload)).toEqual([
      { contactId: contact.id, from: 'enquiry', to: 'active_learner' },
    ]);
    // The dispatcher delivering it again (besides the direct calls) changes nothing either.
    await dispatchCrm(api);
    expect(
      (await interactionsOf(contact.id)).filter((i) => i.source_event_type === 'booking.confirmed'),
    ).toHaveLength(1);
  });

  it('a recorded lesson, a booked and a passed practical test: logged, test_booked then passed, and a review task', async () => {
    const sid = s.students[2]!;
    const lessonId = await s.lesson(sid);
    const [skill] = await s.skills();
    await s.expectOk(
      s.call('PUT', `/api/v1/lessons/${lessonId}/record`, s.instructor.token, {
        entries: [{ skillId: skill!.id, level: 3 }],
      }),
      200,
      'record',
    );
    await s.expectOk(
      s.call('POST', '/api/v1/documents', sid.token, {
        category: 'theory_certificate',
        issuedOn: '2026-06-01',
      }),
      201,
      'theory',
    );
    const testOn = new Intl.DateTimeFormat('en-CA', { timeZone: s.timezone }).format(new Date());
    const test = await s.expectOk(
      s.call('POST', `/api/v1/students/${sid.id}/tests`, s.ownerToken, { kind: 'practical', testOn }),
      201,
      'book test',
    );
    await dispatchCrm(api);
    const contact = (await contactOf(sid.id))!;
    expect(contact.stage).toBe('test_booked');
    await s.expectOk(
      s.call('POST', `/api/v1/tests/${test.id}/result`, s.ownerToken, { result: 'passed' }),
      200,
      'result',
    );
    await dispatchCrm(api);
    const after = (await contactOf(sid.id))!;
    expect(after.stage).toBe('passed');
    const kinds = (await interactionsOf(contact.id)).map((i) => `${i.kind}:${i.source_event_type}`);
    expect(kinds).toEqual(
      expect.arrayContaining(['lesson:lesson.recorded', 'test:test.booked', 'test:test.passed']),
    );
    const tasks = await s.call('GET', `/api/v1/crm/tasks?contactId=${contact.id}`, s.ownerToken);
    expect(tasks.body.data).toEqual([
      expect.objectContaining({ ruleKey: 'review_request', kind: 'review_request', assigneeUserId: null }),
    ]);
    // Due a day after the pass (the rule's default delay).
    const tomorrow = new Date(`${testOn}T00:00:00Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    expect(tasks.body.data[0].dueOn).toBe(tomorrow.toISOString().slice(0, 10));
  });

  it('a message a learner sends or receives is logged on their contact, once however often it arrives', async () => {
    const sid = s.students[1]!;
    const [row] = await api.tdb.owner<{ user_id: string; tenant_id: string }[]>`
      select user_id, tenant_id from students where id = ${sid.id}`;
    const [instructor] = await api.tdb.owner<{ user_id: string }[]>`
      select user_id from instructors where id = ${s.instructor.id}`;
    const messageId = crypto.randomUUID();
    const eventId = await api.tdb.db.withTenant(row!.tenant_id, systemActor, (tx) =>
      emitEvent(tx, row!.tenant_id, messagingEvents['message.sent'], {
        threadId: crypto.randomUUID(),
        messageId,
        senderId: instructor!.user_id,
        recipientIds: [row!.user_id],
      }),
    );
    await dispatchCrm(api);
    await api.tdb.owner`update outbox_events set dispatched_at = null where id = ${eventId}`;
    await dispatchCrm(api); // redelivered: nothing new
    const contact = (await contactOf(sid.id))!;
    const logged = (await interactionsOf(contact.id)).filter((i) => i.source_event_type === 'message.sent');
    expect(logged).toEqual([
      expect.objectContaining({
        kind: 'message',
        summary: 'Was sent a message',
        automatic: true,
        source_entity_id: messageId,
      }),
    ]);
  });
});
