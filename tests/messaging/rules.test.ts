import type { EventDefinition } from '@dualcontrol/platform';
import { productModules } from '@dualcontrol/product';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The rules are internal to messaging; the test reads them where they live.
import { RULES } from '../../modules/messaging/src/rules/catalog.ts';
import {
  channelsOf,
  createNotifySchool,
  createTestApi,
  dispatchMessaging,
  emit,
  type NotifySchool,
  notificationsOf,
  type TestApi,
} from './notify-fixture.ts';

/** Every event any module of the product declares today. A new event without a rule fails here. */
const catalog: EventDefinition[] = productModules.flatMap(
  (m) => Object.values(m.events ?? {}) as EventDefinition[],
);

const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString().replace(/\.\d{3}Z$/, 'Z');
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A valid payload for each event type (emitEvent checks it against the catalog, strictly), naming
 * the fixture's people: Sam (student, with Gina his paying guardian), Ian (instructor), the owner.
 */
function payloadFor(type: string, s: NotifySchool): Record<string, unknown> {
  const sam = s.students[0]!;
  const booking = {
    bookingId: crypto.randomUUID(),
    instructorId: s.instructor.id,
    studentId: sam.id,
    start: inHours(72),
    end: inHours(73),
  };
  const transition = { ...booking, status: 'cancelled', previousStatus: 'confirmed' };
  const doc = {
    documentId: crypto.randomUUID(),
    userId: sam.userId,
    category: 'licence',
    expiresOn: day(30),
  };
  const test = { testId: crypto.randomUUID(), studentId: sam.id, kind: 'practical', testOn: day(20) };
  const faults = { drivingFaults: 3, seriousFaults: 0, dangerousFaults: 0 };
  const payments = { paymentId: crypto.randomUUID(), studentId: sam.id };
  const payloads: Record<string, Record<string, unknown>> = {
    'booking.requested': {
      ...booking,
      status: 'pending',
      confirmationTimeoutHours: 24,
      requirePayment: false,
      paymentTimeoutMinutes: 30,
    },
    'booking.confirmed': { ...transition, status: 'confirmed', previousStatus: 'pending' },
    'booking.rejected': {
      ...transition,
      status: 'rejected',
      previousStatus: 'pending',
      reason: 'Car in the garage',
    },
    'booking.cancelled': { ...transition, feeMinor: 2250, currency: 'GBP' },
    'booking.expired': { ...transition, status: 'expired', previousStatus: 'pending' },
    'booking.started': { ...transition, status: 'in_progress' },
    'booking.completed': { ...transition, status: 'completed', previousStatus: 'in_progress' },
    'booking.no_show': { ...transition, status: 'no_show' },
    'booking.rescheduled': { ...booking, status: 'confirmed', previousStart: inHours(48) },
    'booking.seat_taken': { ...booking, priceMinor: 3000, currency: 'GBP' },
    'booking.seat_released': { ...booking, feeMinor: 0, currency: 'GBP' },
    'booking.payment_due': {
      bookingId: booking.bookingId,
      studentId: sam.id,
      instructorId: s.instructor.id,
      amountMinor: 4500,
      currency: 'GBP',
      dueBy: inHours(2),
    },
    'booking.reminder_due': {
      bookingId: booking.bookingId,
      eventId: crypto.randomUUID(),
      minutesBefore: 1440,
      start: booking.start,
      end: booking.end,
      remindAt: inHours(48),
      userIds: [sam.userId, s.instructor.userId],
    },
    'waiting_list.slot_offered': {
      entryId: crypto.randomUUID(),
      studentId: sam.id,
      instructorId: s.instructor.id,
      start: booking.start,
      durationMinutes: 60,
    },
    'payment.succeeded': {
      ...payments,
      purpose: 'booking',
      method: 'card',
      amountMinor: 4500,
      currency: 'GBP',
    },
    'payment.failed': {
      ...payments,
      purpose: 'booking',
      amountMinor: 4500,
      currency: 'GBP',
      message: 'Your card was declined.',
      bookingId: booking.bookingId,
    },
    'payment.cancelled': payments,
    'payment.refunded': {
      ...payments,
      refundId: crypto.randomUUID(),
      amountMinor: 4500,
      currency: 'GBP',
      destination: 'credit',
    },
    'stripe.event_received': { stripeEventId: 'evt_1', type: 'charge.succeeded', objectId: null },
    'credit.balance_changed': {
      studentId: sam.id,
      kind: 'use',
      previousMinor: 6000,
      balanceMinor: 1500,
      changeMinor: -4500,
      currency: 'GBP',
    },
    'payment.outstanding_changed': {
      studentId: sam.id,
      changeMinor: 2250,
      outstandingMinor: 2250,
      currency: 'GBP',
    },
    'payment_plan.created': { planId: s.planId, studentId: sam.id, totalMinor: 45000, currency: 'GBP' },
    'payment_plan.changed': { planId: s.planId, status: 'paused' },
    'payment_plan.instalment_failed': {
      planId: s.planId,
      scheduleId: crypto.randomUUID(),
      paymentId: crypto.randomUUID(),
      attempt: 1,
      willRetry: true,
      amountMinor: 4500,
      currency: 'GBP',
      message: 'Insufficient funds.',
    },
    'payment_plan.completed': { planId: s.planId, studentId: sam.id },
    'payment_plan.defaulted': { planId: s.planId, studentId: sam.id },
    'lesson.recorded': {
      lessonId: crypto.randomUUID(),
      bookingId: booking.bookingId,
      studentId: sam.id,
      instructorId: s.instructor.id,
      taughtAt: inHours(-2),
      entries: 5,
      edit: false,
    },
    'skill.level_changed': {
      studentId: sam.id,
      skillId: crypto.randomUUID(),
      lessonId: crypto.randomUUID(),
      from: 1,
      to: 2,
    },
    'lesson.evaluated': {
      evaluationId: crypto.randomUUID(),
      studentId: sam.id,
      kind: 'mock_test',
      result: 'pass',
    },
    'test.booked': { ...test, centreLocationId: null },
    'test.passed': { ...test, ...faults },
    'test.failed': { ...test, ...faults },
    'document.expiring': { ...doc, daysLeft: 30, notice: 30 },
    'document.expired': doc,
    'document.expiry_changed': { ...doc, previousExpiresOn: null },
    'document.removed': { documentId: doc.documentId, userId: sam.userId, category: 'licence' },
    'goal.reached': { goalId: crypto.randomUUID(), studentId: sam.id, reachedAt: inHours(-1) },
    'message.sent': {
      threadId: crypto.randomUUID(),
      messageId: crypto.randomUUID(),
      senderId: s.instructor.userId,
      recipientIds: [sam.userId, s.guardian.userId],
    },
    'notification.delivery_finished': {
      notificationId: crypto.randomUUID(),
      deliveryId: crypto.randomUUID(),
      channel: 'email',
      status: 'delivered',
      eventType: 'booking.confirmed',
    },
    'crm.contact_created': { contactId: crypto.randomUUID(), source: 'enquiry', stage: 'enquiry' },
    'crm.contact_stage_changed': { contactId: crypto.randomUUID(), from: 'enquiry', to: 'contacted' },
    'crm.task_created': {
      taskId: crypto.randomUUID(),
      contactId: crypto.randomUUID(),
      assigneeId: s.ownerUserId,
      dueOn: day(2),
      kind: 'enquiry',
    },
    'crm.contacts_merged': { survivorId: crypto.randomUUID(), mergedId: crypto.randomUUID() },
    'crm.slot_offered': {
      contactId: crypto.randomUUID(),
      taskId: crypto.randomUUID(),
      instructorId: s.instructor.id,
      freedByStudentId: sam.id,
    },
  };
  const payload = payloads[type];
  if (!payload) throw new Error(`no test payload for ${type}: add one (and a rule) for the new event`);
  return payload;
}

/**
 * Who each event must reach, written out by hand (not derived from the rules, so a wrong rule
 * fails): user ids by the fixture's names, with the role they are addressed in.
 */
function expectedRecipients(type: string, s: NotifySchool): Record<string, string> {
  const sam = s.students[0]!.userId;
  const gina = s.guardian.userId;
  const ian = s.instructor.userId;
  const owner = s.ownerUserId;
  const learner = { [sam]: 'student', [gina]: 'guardian' };
  const payer = { [gina]: 'payer' };
  const table: Record<string, Record<string, string>> = {
    'booking.requested': { [ian]: 'instructor' },
    'booking.confirmed': learner,
    'booking.rejected': { [sam]: 'student' },
    'booking.cancelled': { ...learner, [ian]: 'instructor' },
    'booking.expired': { [sam]: 'student' },
    'booking.no_show': learner,
    'booking.rescheduled': { ...learner, [ian]: 'instructor' },
    'booking.seat_taken': { [ian]: 'instructor' },
    'booking.seat_released': { [sam]: 'student', [ian]: 'instructor' },
    'booking.payment_due': payer,
    'booking.reminder_due': { [sam]: 'participant', [ian]: 'participant' },
    'waiting_list.slot_offered': { [sam]: 'student' },
    'payment.succeeded': payer,
    'payment.failed': payer,
    'payment.refunded': payer,
    'payment_plan.created': payer,
    'payment_plan.changed': payer,
    'payment_plan.instalment_failed': payer,
    'payment_plan.completed': payer,
    'payment_plan.defaulted': { ...payer, [owner]: 'admins' },
    'lesson.recorded': learner,
    'lesson.evaluated': { [sam]: 'student' },
    'test.booked': learner,
    'test.passed': learner,
    'test.failed': learner,
    'document.expiring': { [sam]: 'student', [owner]: 'admins' },
    'document.expired': { [sam]: 'student', [owner]: 'admins' },
    'goal.reached': learner,
    'message.sent': { [sam]: 'participant', [gina]: 'participant' },
    'crm.task_created': { [owner]: 'participant' },
  };
  return table[type] ?? {};
}

describe('notification rules: one per event of every catalog', () => {
  let api: TestApi;
  let s: NotifySchool;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createNotifySchool(api, 'rules');
    await dispatchMessaging(api); // the set-up's own events (guardian, people)
  });
  afterAll(() => api.close());

  it('every event type declared by any module has a rule; a silent one says why', () => {
    expect(catalog.length).toBeGreaterThan(30);
    for (const event of catalog) {
      const rule = RULES[event.type];
      expect(rule, `${event.type} has no notification rule`).toBeDefined();
      if (rule!.kind === 'none') expect(rule!.reason.length, event.type).toBeGreaterThan(20);
    }
    // And no rule for an event nobody declares (a renamed event would leave one behind).
    const declared = new Set(catalog.map((e) => e.type));
    expect(Object.keys(RULES).filter((t) => !declared.has(t))).toEqual([]);
  });

  it.each(catalog.map((e) => [e.type, e] as const))(
    '%s reaches exactly the right people, once',
    async (type, event) => {
      const payload = payloadFor(type, s);
      const eventId = await emit(api, s.tenantId, event, payload as never);
      await dispatchMessaging(api);
      // Handled, not left failing for a retry (a template meeting an undefined variable would throw).
      const [outbox] = await api.tdb.owner<{ dispatched: boolean; last_error: string | null }[]>`
      select dispatched_at is not null as dispatched, last_error from outbox_events where id = ${eventId}`;
      expect(outbox).toEqual({ dispatched: true, last_error: null });
      const rows = await api.tdb.owner<{ user_id: string; recipient_role: string; id: string }[]>`
      select user_id, recipient_role, id from notifications where event_id = ${eventId}`;
      const got = Object.fromEntries(rows.map((r) => [r.user_id, r.recipient_role]));
      expect(got).toEqual(expectedRecipients(type, s));
      if (rows.length === 0) {
        expect(RULES[type]!.kind).toBe('none');
        return;
      }
      // Each got an in-app notice rendered from the shipped template, with no Liquid left over.
      const channels = await channelsOf(
        api,
        rows.map((r) => r.id),
      );
      for (const row of rows) {
        const inApp = channels.filter((c) => c.notification_id === row.id && c.channel === 'in_app');
        expect(inApp, `${type} in-app for ${row.recipient_role}`).toHaveLength(1);
        expect(inApp[0]!.status).toBe('delivered');
        expect(inApp[0]!.rendered.subject).not.toMatch(/\{\{|\{%|undefined/);
        expect(inApp[0]!.rendered.text.length).toBeGreaterThan(10);
      }
      const emails = channels.filter((c) => c.channel === 'email');
      for (const email of emails) {
        expect(email.rendered.html).toContain('rules Driving School');
        expect(email.rendered.text).toContain('http://rules.localhost:3001/');
      }
    },
  );

  it('dunning: a failed instalment tells the paying guardian, with the link to pay, critical', async () => {
    const [n] = await notificationsOf(api, s.guardian.userId, 'payment_plan.instalment_failed');
    expect(n).toMatchObject({ recipient_role: 'payer', critical: true, url: '/cards' });
    const [email] = (await channelsOf(api, [n!.id])).filter((c) => c.channel === 'email');
    expect(email!.address).toBe(s.guardian.email);
    expect(email!.rendered.subject).toBe('Instalment of £45.00 failed');
    expect(email!.rendered.text).toContain('Insufficient funds.');
    expect(email!.rendered.text).toContain('http://rules.localhost:3001/cards');
    expect(email!.rendered.html).toContain('href="http://rules.localhost:3001/cards"');
    // Sam, whose plan it is, is not the payer: Gina is.
    expect(await notificationsOf(api, s.students[0]!.userId, 'payment_plan.instalment_failed')).toEqual([]);
  });

  it('without a paying guardian, the learner is the payer', async () => {
    const sue = s.students[1]!;
    const eventId = await emit(api, s.tenantId, catalog.find((e) => e.type === 'payment.failed')!, {
      paymentId: crypto.randomUUID(),
      studentId: sue.id,
      purpose: 'package',
      amountMinor: 9900,
      currency: 'GBP',
      message: 'Card expired.',
    } as never);
    await dispatchMessaging(api);
    const rows = await api.tdb.owner<{ user_id: string; url: string }[]>`
      select user_id, url from notifications where event_id = ${eventId}`;
    expect(rows).toEqual([{ user_id: sue.userId, url: '/cards' }]);
  });
});
