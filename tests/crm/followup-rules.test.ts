import { sweepNoLessonBooked } from '@dualcontrol/crm';
import { systemActor } from '@dualcontrol/db';
import { lessonsEvents } from '@dualcontrol/lessons';
import { paymentsEvents } from '@dualcontrol/payments';
import { emitEvent } from '@dualcontrol/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmSchool, createCrmSchool, createTestApi, dispatchCrm, type TestApi } from './crm-fixture.ts';

/**
 * Follow-up rules are data: each one tested on (a task, once) and off (none). The event-driven ones
 * through real outbox events and the crm subscriptions; the time-based one through the sweep.
 */
describe('crm follow-up rules', () => {
  let api: TestApi;
  let s: CrmSchool;
  const setRule = (key: string, body: Record<string, unknown>) =>
    s.expectOk(s.call('PATCH', `/api/v1/crm/followup-rules/${key}`, s.ownerToken, body), 200, `rule ${key}`);
  const ruleTasks = (ruleKey: string) =>
    api.tdb.owner<{ contact_id: string; status: string; title: string; due_on: string }[]>`
      select contact_id, status, title, due_on::text from crm_tasks where rule_key = ${ruleKey} order by id`;
  const emit = (fn: Parameters<typeof api.tdb.db.withTenant>[2]) =>
    api.tdb.db.withTenant(s.tenant.id, systemActor, fn);
  const studentUser = (i: number) => s.students[i]!;

  beforeAll(async () => {
    api = await createTestApi();
    s = await createCrmSchool(api, 'crmrules');
  });
  afterAll(() => api.close());

  it('lists every rule with its defaults; a threshold the rule lacks is a 400 naming it', async () => {
    const rules = await s.call('GET', '/api/v1/crm/followup-rules', s.ownerToken);
    expect(rules.status).toBe(200);
    expect(rules.body.data).toEqual(
      expect.arrayContaining([
        { key: 'no_lesson_booked', enabled: true, thresholds: { days: 14 } },
        { key: 'document_expiring', enabled: true, thresholds: { daysLeft: 30 } },
        { key: 'review_request', enabled: true, thresholds: { dueInDays: 1 } },
        { key: 'instalment_failed', enabled: true, thresholds: {} },
        { key: 'credit_low', enabled: true, thresholds: { belowMinor: 5000 } },
      ]),
    );
    const typo = await s.call('PATCH', '/api/v1/crm/followup-rules/no_lesson_booked', s.ownerToken, {
      thresholds: { dayz: 3 },
    });
    expect(typo.status).toBe(400);
    expect(typo.body.errors[0].path).toBe('body.thresholds.dayz');
    const unknown = await s.call('PATCH', '/api/v1/crm/followup-rules/nope', s.ownerToken, {
      enabled: false,
    });
    expect(unknown.status).toBe(400);
    const student = await s.call('PATCH', '/api/v1/crm/followup-rules/review_request', s.students[0]!.token, {
      enabled: false,
    });
    expect(student.status).toBe(403);
  });

  it('document_expiring: a learner’s document within the threshold opens one task; off, none; an instructor’s, none', async () => {
    const sam = studentUser(0);
    const expiring = (documentId: string, userId: string, daysLeft: number) =>
      emit((tx) =>
        emitEvent(tx, s.tenant.id, lessonsEvents['document.expiring'], {
          documentId,
          userId,
          category: 'licence',
          expiresOn: '2030-02-01',
          daysLeft,
          notice: daysLeft > 7 ? 30 : 7,
        }),
      );
    await expiring('01900000-0000-7000-8000-000000000001', sam.userId, 30);
    await expiring('01900000-0000-7000-8000-000000000002', sam.userId, 7);
    await expiring('01900000-0000-7000-8000-000000000003', s.instructor.userId, 7);
    await dispatchCrm(api);
    const open = await ruleTasks('document_expiring');
    expect(open).toHaveLength(1);
    expect(open[0]!.title).toMatch(/licence expires on 2030-02-01/);
    // Off: Sue's expiring document opens nothing.
    await setRule('document_expiring', { enabled: false });
    await expiring('01900000-0000-7000-8000-000000000004', studentUser(1).userId, 7);
    await dispatchCrm(api);
    expect(await ruleTasks('document_expiring')).toHaveLength(1);
    // On with a tighter threshold: 30 days left is no longer close enough, 5 is.
    await setRule('document_expiring', { enabled: true, thresholds: { daysLeft: 7 } });
    await expiring('01900000-0000-7000-8000-000000000005', studentUser(1).userId, 30);
    await dispatchCrm(api);
    expect(await ruleTasks('document_expiring')).toHaveLength(1);
    await expiring('01900000-0000-7000-8000-000000000006', studentUser(1).userId, 5);
    await dispatchCrm(api);
    expect(await ruleTasks('document_expiring')).toHaveLength(2);
  });

  it('instalment_failed: a failed payment of a plan instalment opens one task; a one-off failure or the rule off, none', async () => {
    const sid = studentUser(2);
    const failed = (paymentId: string, scheduleId?: string) =>
      emit((tx) =>
        emitEvent(tx, s.tenant.id, paymentsEvents['payment.failed'], {
          paymentId,
          studentId: sid.id,
          purpose: 'instalment',
          amountMinor: 5000,
          currency: 'GBP',
          message: 'card declined',
          ...(scheduleId ? { scheduleId } : {}),
        }),
      );
    await failed('01900000-0000-7000-8000-000000000011');
    await dispatchCrm(api);
    expect(await ruleTasks('instalment_failed')).toHaveLength(0);
    await failed('01900000-0000-7000-8000-000000000012', '01900000-0000-7000-8000-0000000000a1');
    await failed('01900000-0000-7000-8000-000000000013', '01900000-0000-7000-8000-0000000000a1');
    await dispatchCrm(api);
    const tasks = await ruleTasks('instalment_failed');
    expect(tasks).toHaveLength(1); // the second failure finds the task still open
    expect(tasks[0]!.title).toMatch(/50\.00 GBP failed/);
    // Done, then the rule off: the next failure opens nothing.
    await api.tdb
      .owner`update crm_tasks set status = 'done', completed_at = now() where rule_key = 'instalment_failed'`;
    await setRule('instalment_failed', { enabled: false });
    await failed('01900000-0000-7000-8000-000000000014', '01900000-0000-7000-8000-0000000000a1');
    await dispatchCrm(api);
    expect((await ruleTasks('instalment_failed')).filter((t) => t.status === 'open')).toHaveLength(0);
    // And on again: a new open task (the done one does not block it).
    await setRule('instalment_failed', { enabled: true });
    await failed('01900000-0000-7000-8000-000000000015', '01900000-0000-7000-8000-0000000000a1');
    await dispatchCrm(api);
    expect((await ruleTasks('instalment_failed')).filter((t) => t.status === 'open')).toHaveLength(1);
  });

  it('credit_low: spending through payments below the threshold opens one task; already low, the rule off or another school, none', async () => {
    const adjust = (student: number, amountMinor: number) =>
      s.expectOk(
        s.call('POST', `/api/v1/students/${studentUser(student).id}/credit/adjustments`, s.ownerToken, {
          amountMinor,
          reason: amountMinor > 0 ? 'prepaid lessons' : 'lesson taken from credit',
        }),
        201,
        'credit adjustment',
      );
    const contactOf = async (student: number) =>
      (
        await api.tdb.owner<{ id: string }[]>`
          select id from crm_contacts where student_id = ${studentUser(student).id}`
      )[0]?.id;
    const open = async () => (await ruleTasks('credit_low')).filter((t) => t.status === 'open');

    // The default threshold is 50.00: buying 60.00 of credit is no alarm; spending 20.00 is.
    await adjust(0, 6000);
    await dispatchCrm(api);
    expect(await open()).toHaveLength(0);
    await adjust(0, -2000);
    await dispatchCrm(api);
    const tasks = await open();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.contact_id).toBe(await contactOf(0));
    expect(tasks[0]!.title).toMatch(/Credit down to 40\.00 GBP/);
    // Already below: spending more is the same episode (and the task is open anyway).
    await adjust(0, -1000);
    await dispatchCrm(api);
    expect(await ruleTasks('credit_low')).toHaveLength(1);
    // The office is told through messaging's reading of crm.task_created, as for every task.
    const [created] = await api.tdb.owner<{ payload: { kind: string; contactId: string } }[]>`
      select payload from outbox_events where type = 'crm.task_created' and payload->>'kind' = 'credit_low'`;
    expect(created!.payload.contactId).toBe(await contactOf(0));
    // The timeline says why, linked to payments' event.
    const [logged] = await api.tdb.owner<{ summary: string }[]>`
      select summary from crm_interactions where source_event_type = 'credit.balance_changed'`;
    expect(logged!.summary).toBe('Credit fell to 40.00 GBP');

    // Off: Sue falling from 60.00 to 10.00 opens nothing.
    await setRule('credit_low', { enabled: false });
    await adjust(1, 6000);
    await adjust(1, -5000);
    await dispatchCrm(api);
    expect(await ruleTasks('credit_low')).toHaveLength(1);
    // On with a threshold of 20.00: Sue at 10.00 buying up to 30.00 and spending 5.00 is above it
    // (no task); spending 15.00 more takes her below (a task).
    await setRule('credit_low', { enabled: true, thresholds: { belowMinor: 2000 } });
    await adjust(1, 2000);
    await adjust(1, -500);
    await dispatchCrm(api);
    expect(await ruleTasks('credit_low')).toHaveLength(1);
    await adjust(1, -1500);
    await dispatchCrm(api);
    const both = await open();
    expect(both.map((t) => t.contact_id).sort()).toEqual([await contactOf(0), await contactOf(1)].sort());

    // Another school: its student's credit falling opens a task there, never here.
    const other = await createCrmSchool(api, 'crmrulesb');
    const otherStudent = other.students[0]!;
    for (const amountMinor of [6000, -3000])
      await other.expectOk(
        other.call('POST', `/api/v1/students/${otherStudent.id}/credit/adjustments`, other.ownerToken, {
          amountMinor,
          reason: 'credit',
        }),
        201,
        'other school credit',
      );
    await dispatchCrm(api);
    const here = await s.call('GET', '/api/v1/crm/tasks?status=open', s.ownerToken);
    expect(here.body.data.filter((t: { kind: string }) => t.kind === 'credit_low')).toHaveLength(2);
    const there = await other.call('GET', '/api/v1/crm/tasks?status=open', other.ownerToken);
    expect(there.body.data.filter((t: { kind: string }) => t.kind === 'credit_low')).toHaveLength(1);
    // A student of this school cannot see the office's tasks at all.
    expect((await s.call('GET', '/api/v1/crm/tasks', s.students[0]!.token)).status).toBe(403);
  });

  it('review_request: off, a pass opens no task; its delay sets the due date', async () => {
    await setRule('review_request', { enabled: false });
    const passed = (testId: string, studentId: string) =>
      emit((tx) =>
        emitEvent(tx, s.tenant.id, lessonsEvents['test.passed'], {
          testId,
          studentId,
          kind: 'practical',
          testOn: '2030-01-01',
          drivingFaults: 3,
          seriousFaults: 0,
          dangerousFaults: 0,
        }),
      );
    await passed('01900000-0000-7000-8000-000000000021', studentUser(0).id);
    await dispatchCrm(api);
    expect(await ruleTasks('review_request')).toHaveLength(0);
    await setRule('review_request', { enabled: true, thresholds: { dueInDays: 3 } });
    await passed('01900000-0000-7000-8000-000000000022', studentUser(1).id);
    await dispatchCrm(api);
    const tasks = await ruleTasks('review_request');
    expect(tasks).toHaveLength(1);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: s.timezone }).format(new Date());
    const due = new Date(`${today}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + 3);
    expect(tasks[0]!.due_on).toBe(due.toISOString().slice(0, 10));
  });

  it('no_lesson_booked: the sweep opens one task per quiet active learner, not twice, and none when off', async () => {
    // Two active learners: one quiet for 20 days, one with a booking 3 days ago.
    const quiet = await s.contact({ name: 'Quiet Q', email: 'quiet@example.com' });
    const busy = await s.contact({ name: 'Busy B', email: 'busy@example.com' });
    for (const c of [quiet, busy])
      await s.expectOk(
        s.call('POST', `/api/v1/crm/contacts/${c.id}/stage`, s.ownerToken, { stage: 'active_learner' }),
        200,
        'move',
      );
    await api.tdb
      .owner`update crm_contacts set stage_changed_at = now() - interval '30 days' where id in (${quiet.id}, ${busy.id})`;
    await api.tdb.owner`insert into crm_interactions
      (tenant_id, contact_id, kind, summary, occurred_at, automatic, source_event_type, source_event_id, source_entity_id)
      values (${s.tenant.id}, ${quiet.id}, 'booking', 'Lesson confirmed', now() - interval '20 days', true, 'booking.confirmed', gen_random_uuid(), gen_random_uuid()),
             (${s.tenant.id}, ${busy.id}, 'booking', 'Lesson requested', now() - interval '3 days', true, 'booking.requested', gen_random_uuid(), gen_random_uuid())`;
    const sweep = () =>
      emit((tx) =>
        sweepNoLessonBooked(tx, {
          tenantId: s.tenant.id,
          userId: null,
          timezone: s.timezone,
          now: new Date(),
        }),
      );
    const first = await sweep();
    expect(first).toHaveLength(1);
    const tasks = await ruleTasks('no_lesson_booked');
    expect(tasks.map((t) => t.contact_id)).toEqual([quiet.id]);
    expect(await sweep()).toEqual([]); // the open task stands: no second one
    // A longer threshold: 20 quiet days are not enough for 25.
    await api.tdb.owner`delete from crm_tasks where rule_key = 'no_lesson_booked'`;
    await setRule('no_lesson_booked', { thresholds: { days: 25 } });
    expect(await sweep()).toEqual([]);
    await setRule('no_lesson_booked', { enabled: false, thresholds: { days: 14 } });
    expect(await sweep()).toEqual([]);
    await setRule('no_lesson_booked', { enabled: true });
    expect(await sweep()).toHaveLength(1);
    // The events carry the task for messaging.
    const [created] = await api.tdb.owner<{ payload: { kind: string; assigneeId: null } }[]>`
      select payload from outbox_events where type = 'crm.task_created' and payload->>'kind' = 'no_lesson' order by id desc limit 1`;
    expect(created!.payload).toMatchObject({ kind: 'no_lesson', assigneeId: null });
  });
});
