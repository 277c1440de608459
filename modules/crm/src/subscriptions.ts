import { type Tx, tenants } from '@dualcontrol/db';
import { type EventSubscription, type OutboxEvent, subscribe, type WorkerDeps } from '@dualcontrol/platform';
import { schedulingEvents } from '@dualcontrol/scheduling';
import { z } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { and, eq, sql } from 'drizzle-orm';
import { crmEvents } from './events.ts';
import { applyRule } from './followups/apply-rule.ts';
import { readRule } from './followups/read-rules.ts';
import { offerFreedSlot } from './matching/offer-freed-slot.ts';
import { crmContacts, crmInteractions, type INTERACTION_KINDS } from './schema.ts';
import { advanceStage } from './services/auto-stage.ts';
import { contactForStudent } from './services/contacts.ts';
import type { CrmContext } from './services/crm-context.ts';
import { recordAutomatic } from './services/interactions.ts';
import { crmFollowupSweepWorkflow, followupSweepWorkflowId } from './workflows/followup-sweep-workflow.ts';

type Kind = (typeof INTERACTION_KINDS)[number];

async function systemContext(tx: Tx, tenantId: string, now: Date, timezone?: string): Promise<CrmContext> {
  if (timezone) return { tenantId, userId: null, timezone, now };
  const [t] = await tx.select({ timezone: tenants.timezone }).from(tenants).where(eq(tenants.id, tenantId));
  return { tenantId, userId: null, timezone: t?.timezone ?? 'UTC', now };
}

const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * Logs `kind` on the student's contact (made on the fly, linked to their user) from the event;
 * the event id makes a redelivery write nothing. Returns the contact and whether this was new,
 * so stage moves and rules run once per event too.
 */
async function logFromEvent(
  tx: Tx,
  event: { id: string; tenantId: string; type: string; createdAt: Date },
  studentId: string,
  kind: Kind,
  summary: string,
  entityId: string | null,
  now: Date,
  timezone?: string,
) {
  const ctx = await systemContext(tx, event.tenantId, now, timezone);
  const contact = await contactForStudent(tx, ctx, studentId);
  if (!contact) return null;
  const fresh = await recordAutomatic(tx, ctx, contact.id, {
    kind,
    summary,
    occurredAt: event.createdAt,
    eventType: event.type,
    eventId: event.id,
    entityId,
  });
  return { ctx, contact, fresh };
}

/** Messaging's `message.sent`, read by type like the others: the people in the conversation. */
const MessageSent = z.object({ messageId: z.uuid(), senderId: z.uuid(), recipientIds: z.array(z.uuid()) });

/** Lessons' and payments' events, read by type (crm does not depend on those modules): only the fields used. */
const LessonRecorded = z.object({ lessonId: z.uuid(), studentId: z.uuid(), edit: z.boolean() });
const TestEvent = z.object({ testId: z.uuid(), studentId: z.uuid(), kind: z.string(), testOn: z.string() });
const DocumentExpiring = z.object({
  documentId: z.uuid(),
  userId: z.uuid(),
  category: z.string(),
  expiresOn: z.string(),
  daysLeft: z.number(),
});
const Payment = z.object({
  paymentId: z.uuid(),
  studentId: z.uuid(),
  amountMinor: z.number(),
  currency: z.string(),
  scheduleId: z.uuid().optional(),
});

/** Payments' `credit.balance_changed`: a student's usable credit before and after a movement. */
const CreditChanged = z.object({
  studentId: z.uuid(),
  previousMinor: z.number(),
  balanceMinor: z.number(),
  currency: z.string(),
});

/** A subscription on events of other modules, parsed with crm's own tolerant schema. */
function byType<S extends z.ZodType>(
  id: string,
  types: string[],
  schema: S,
  handle: (event: OutboxEvent, payload: z.output<S>, tx: Tx) => Promise<void>,
): EventSubscription {
  return {
    id,
    events: types,
    async handle(event, { tx }) {
      const parsed = schema.safeParse(event.payload);
      if (!parsed.success)
        throw new Error(`${id}: ${event.type} ${event.id} payload: ${parsed.error.message}`);
      await handle(event, parsed.data, tx);
    },
  };
}

/**
 * With Temporal (the worker), a school's first contacts start its daily follow-up sweep: one
 * workflow per school (its id is the school's), so every later start is a no-op.
 */
function sweepStarter(deps?: WorkerDeps): EventSubscription[] {
  const temporal = deps?.temporal;
  if (!temporal) return [];
  return [
    subscribe({
      id: 'crm.start-followup-sweep',
      events: [crmEvents['crm.contact_created']],
      async handle({ tenantId }) {
        try {
          await temporal.client.workflow.start(crmFollowupSweepWorkflow, {
            taskQueue: temporal.taskQueue,
            workflowId: followupSweepWorkflowId(tenantId),
            args: [{ tenantId }],
            workflowIdConflictPolicy: 'USE_EXISTING',
          });
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
      },
    }),
  ];
}

const bookingSummary: Record<string, string> = {
  'booking.requested': 'Lesson requested',
  'booking.confirmed': 'Lesson confirmed',
  'booking.cancelled': 'Lesson cancelled',
};

/**
 * The automatic side of the CRM: bookings, lessons, payments and tests become interactions on the
 * student's contact, with the obvious stage moves, and the event-driven follow-up rules open tasks.
 * Every handler is idempotent under redelivery (the interaction's unique event id gates the rest).
 */
export function crmSubscriptions(
  deps?: WorkerDeps,
  options: {
    /** The handlers' clock: the delivery's time by default; the demo replays its history at the events' times. */
    now?: (event: OutboxEvent) => Date;
    /** The school's zone when the caller knows it (the demo, one school): saves reading it per event. */
    timezone?: string;
  } = {},
): EventSubscription[] {
  const clock = options.now ?? (() => new Date());
  const zone = options.timezone;
  return [
    ...sweepStarter(deps),
    subscribe({
      id: 'crm.log-bookings',
      events: [
        schedulingEvents['booking.requested'],
        schedulingEvents['booking.confirmed'],
        schedulingEvents['booking.cancelled'],
      ],
      async handle(event, { tx }) {
        const p = event.payload;
        const reason =
          event.type === 'booking.cancelled' && event.payload.reason ? ` (${event.payload.reason})` : '';
        const logged = await logFromEvent(
          tx,
          event,
          p.studentId,
          'booking',
          `${bookingSummary[event.type]}: ${when(p.start)}${reason}`,
          p.bookingId,
          clock(event),
          zone,
        );
        if (!logged?.fresh || event.type !== 'booking.confirmed') return;
        const { ctx, contact } = logged;
        // The learner's instructor is their latest confirmed booking's (whose slot a pass frees).
        if (contact.instructorId !== p.instructorId) {
          await tx
            .update(crmContacts)
            .set({ instructorId: p.instructorId })
            .where(and(eq(crmContacts.tenantId, ctx.tenantId), eq(crmContacts.id, contact.id)));
          contact.instructorId = p.instructorId;
        }
        // First confirmed booking → active learner. From trial_lesson, the trial's own confirmation
        // keeps them there; the next confirmed booking makes them a learner.
        if (contact.stage === 'trial_lesson') {
          const [prior] = await tx
            .select({ n: sql<number>`count(*)::int` })
            .from(crmInteractions)
            .where(
              and(
                eq(crmInteractions.tenantId, ctx.tenantId),
                eq(crmInteractions.contactId, contact.id),
                eq(crmInteractions.sourceEventType, 'booking.confirmed'),
              ),
            );
          if ((prior?.n ?? 0) < 2) return;
        }
        await advanceStage(tx, ctx, contact, 'active_learner');
      },
    }),
    // A message a learner sent or received is a touch point on their contact (the thread is the source).
    byType('crm.log-messages', ['message.sent'], MessageSent, async (event, p, tx) => {
      const people = [p.senderId, ...p.recipientIds].map((id) => sql`${id}::uuid`);
      const students = await tx.execute<{ id: string; sent: boolean }>(sql`
        select id, user_id = ${p.senderId}::uuid as sent from students
         where tenant_id = ${event.tenantId} and user_id in (${sql.join(people, sql`, `)})`);
      for (const student of students)
        await logFromEvent(
          tx,
          event,
          student.id,
          'message',
          student.sent ? 'Sent a message' : 'Was sent a message',
          p.messageId,
          clock(event),
          zone,
        );
    }),
    byType('crm.log-lessons', ['lesson.recorded'], LessonRecorded, async (event, p, tx) => {
      if (p.edit) return; // an edit of a record is not another lesson
      await logFromEvent(tx, event, p.studentId, 'lesson', 'Lesson recorded', p.lessonId, clock(event), zone);
    }),
    byType(
      'crm.log-payments',
      ['payment.succeeded', 'payment.refunded', 'payment.failed'],
      Payment,
      async (event, p, tx) => {
        const summary =
          event.type === 'payment.succeeded'
            ? `Paid ${money(p.amountMinor, p.currency)}`
            : event.type === 'payment.refunded'
              ? `Refunded ${money(p.amountMinor, p.currency)}`
              : `Payment of ${money(p.amountMinor, p.currency)} failed`;
        const logged = await logFromEvent(
          tx,
          event,
          p.studentId,
          'payment',
          summary,
          p.paymentId,
          clock(event),
          zone,
        );
        // A failed payment with a schedule is a payment plan's instalment (payments' failPayment):
        // payment_plan.instalment_failed names no student, this event does.
        if (logged?.fresh && event.type === 'payment.failed' && p.scheduleId)
          await applyRule(tx, logged.ctx, 'instalment_failed', logged.contact.id, {
            title: `Instalment of ${money(p.amountMinor, p.currency)} failed: call about the payment plan`,
          });
      },
    ),
    byType(
      'crm.log-tests',
      ['test.booked', 'test.passed', 'test.failed'],
      TestEvent,
      async (event, p, tx) => {
        const what = p.kind === 'theory' ? 'Theory test' : 'Practical test';
        const verb = { 'test.booked': 'booked for', 'test.passed': 'passed on', 'test.failed': 'failed on' }[
          event.type as 'test.booked' | 'test.passed' | 'test.failed'
        ];
        const logged = await logFromEvent(
          tx,
          event,
          p.studentId,
          'test',
          `${what} ${verb} ${p.testOn}`,
          p.testId,
          clock(event),
          zone,
        );
        if (!logged?.fresh || p.kind !== 'practical') return;
        const { ctx, contact } = logged;
        if (event.type === 'test.booked') await advanceStage(tx, ctx, contact, 'test_booked');
        if (event.type === 'test.passed') {
          await advanceStage(tx, ctx, contact, 'passed');
          await applyRule(tx, ctx, 'review_request', contact.id, {
            title: 'Passed the test: ask for a review',
            // Due after the rule's delay (a day by default), not on the day of the test.
            dueInDays: (t) => t.dueInDays ?? 1,
          });
          await offerFreedSlot(tx, ctx, contact);
        }
      },
    ),
    // Credit running low: the movement that takes the balance from at or above the school's
    // threshold to below it (spending on a lesson or a fee, taking credit back). A balance already
    // below it falling further is the same episode: it opens nothing new.
    byType('crm.credit-low', ['credit.balance_changed'], CreditChanged, async (event, p, tx) => {
      if (p.balanceMinor >= p.previousMinor) return;
      const rule = await readRule(tx, event.tenantId, 'credit_low');
      const below = rule.thresholds.belowMinor ?? 5000;
      if (!rule.enabled || p.previousMinor < below || p.balanceMinor >= below) return;
      const logged = await logFromEvent(
        tx,
        event,
        p.studentId,
        'payment',
        `Credit fell to ${money(p.balanceMinor, p.currency)}`,
        null,
        clock(event),
        zone,
      );
      if (!logged?.fresh) return;
      await applyRule(tx, logged.ctx, 'credit_low', logged.contact.id, {
        title: `Credit down to ${money(p.balanceMinor, p.currency)}: offer a package`,
      });
    }),
    byType('crm.document-expiring', ['document.expiring'], DocumentExpiring, async (event, p, tx) => {
      // Only learners' documents: an instructor's badge is the office's own business, not a contact's.
      const rows = await tx.execute<{ id: string }>(
        sql`select id from students where tenant_id = ${event.tenantId} and user_id = ${p.userId}`,
      );
      const studentId = rows[0]?.id;
      if (!studentId) return;
      const logged = await logFromEvent(
        tx,
        event,
        studentId,
        'other',
        `Document (${p.category}) expires on ${p.expiresOn}`,
        p.documentId,
        clock(event),
        zone,
      );
      if (!logged?.fresh) return;
      await applyRule(tx, logged.ctx, 'document_expiring', logged.contact.id, {
        title: `${p.category.replace(/_/g, ' ')} expires on ${p.expiresOn}: ask for a new one`,
        applies: (t) => p.daysLeft <= (t.daysLeft ?? 30),
      });
    }),
  ];
}
