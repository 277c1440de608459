// Type-only: the rules are typed from each module's catalog, but messaging does not depend on those
// modules at run time (a school may run messaging without payments or lessons; their events then
// simply never arrive). The fan-out subscribes by event type (subscriptions.ts).
import type { CrmEvents } from '@dualcontrol/crm';
import type { LessonsEvents } from '@dualcontrol/lessons';
import type { PaymentsEvents } from '@dualcontrol/payments';
import type { SchedulingEvents } from '@dualcontrol/scheduling';
import type { MessagingEvents } from '../events.ts';
import type { NotificationRule, RulesFor, SendingRule } from './rule.ts';

const HOUR = 3_600_000;
/** Less than this before the lesson, a change to it is news that cannot wait for the morning. */
const SHORT_NOTICE_HOURS = 24;
const startsWithin = (start: string, now: Date, hours: number) =>
  new Date(start).getTime() - now.getTime() < hours * HOUR;

const BOOKING_VARS = [
  'student.name',
  'instructor.name',
  'booking.start',
  'booking.end',
  'booking.date',
  'booking.time',
] as const;
const MONEY_VARS = ['amount'] as const;
const bookingEntity = <P extends { bookingId: string }>(p: P) => ({ type: 'booking', id: p.bookingId });
const never = () => false;

/** Identity, typed: lets each rule's hooks infer the payload from the catalog key. */
const send = <P>(rule: Omit<SendingRule<P>, 'kind'>): SendingRule<P> => ({ kind: 'send', ...rule });
const none = (reason: string): NotificationRule<never> => ({ kind: 'none', reason });

/** Scheduling: the lesson lifecycle, reminders and the waiting list. */
export const schedulingRules: RulesFor<SchedulingEvents> = {
  'booking.requested': send({
    group: 'bookings',
    recipients: [{ role: 'instructor' }],
    channels: ['in_app', 'push', 'email'],
    critical: never,
    entity: bookingEntity,
    url: () => '/diary',
    variables: BOOKING_VARS,
    // An instructor with a busy morning gets "3 new requests", not three buzzes.
    digest: {
      roles: ['instructor'],
      noun: { one: 'new lesson request', many: 'new lesson requests' },
      path: '/diary',
    },
  }),
  'booking.confirmed': send({
    group: 'bookings',
    recipients: [{ role: 'student' }, { role: 'guardian' }],
    channels: ['in_app', 'push', 'email'],
    critical: never,
    entity: bookingEntity,
    url: () => '/bookings',
    variables: BOOKING_VARS,
  }),
  'booking.rejected': send({
    group: 'bookings',
    recipients: [{ role: 'student' }],
    channels: ['in_app', 'push', 'email'],
    critical: never,
    entity: bookingEntity,
    url: () => '/book',
    variables: [...BOOKING_VARS, 'reason'],
  }),
  'booking.cancelled': send({
    group: 'bookings',
    recipients: [{ role: 'student' }, { role: 'guardian' }, { role: 'instructor' }],
    channels: ['in_app', 'push', 'email'],
    // A lesson called off on short notice: someone may be about to set off for it.
    critical: (p, { now }) => startsWithin(p.start, now, SHORT_NOTICE_HOURS),
    entity: bookingEntity,
    url: () => '/bookings',
    variables: [...BOOKING_VARS, 'reason', 'fee'],
  }),
  'booking.expired': send({
    group: 'bookings',
    recipients: [{ role: 'student' }],
    channels: ['in_app', 'email'],
    critical: never,
    entity: bookingEntity,
    url: () => '/book',
    variables: BOOKING_VARS,
  }),
  'booking.started': none('The learner and instructor are together in the car; nothing to tell anyone.'),
  'booking.completed': none(
    'lesson.recorded tells the learner what was taught; completion alone is bookkeeping.',
  ),
  'booking.no_show': send({
    group: 'bookings',
    recipients: [{ role: 'student' }, { role: 'guardian' }],
    channels: ['in_app', 'email'],
    critical: never,
    entity: bookingEntity,
    url: () => '/bookings',
    variables: [...BOOKING_VARS, 'fee'],
  }),
  'booking.rescheduled': send({
    group: 'bookings',
    recipients: [{ role: 'student' }, { role: 'guardian' }, { role: 'instructor' }],
    channels: ['in_app', 'push', 'email'],
    critical: (p, { now }) =>
      startsWithin(p.start, now, SHORT_NOTICE_HOURS) ||
      startsWithin(p.previousStart, now, SHORT_NOTICE_HOURS),
    entity: bookingEntity,
    url: () => '/bookings',
    variables: [...BOOKING_VARS, 'booking.previousStart'],
  }),
  'booking.seat_taken': send({
    group: 'bookings',
    recipients: [{ role: 'instructor' }],
    channels: ['in_app', 'push'],
    critical: never,
    entity: bookingEntity,
    url: () => '/diary',
    variables: BOOKING_VARS,
    digest: { roles: ['instructor'], noun: { one: 'seat taken', many: 'seats taken' }, path: '/diary' },
  }),
  'booking.seat_released': send({
    group: 'bookings',
    recipients: [{ role: 'student' }, { role: 'instructor' }],
    channels: ['in_app', 'push', 'email'],
    critical: (p, { now }) => startsWithin(p.start, now, SHORT_NOTICE_HOURS),
    entity: bookingEntity,
    url: () => '/bookings',
    variables: [...BOOKING_VARS, 'reason', 'fee'],
  }),
  'booking.payment_due': send({
    group: 'payments',
    recipients: [{ role: 'payer' }],
    channels: ['in_app', 'push', 'email'],
    // Unpaid by `dueBy`, the slot is released: the payer must hear now.
    critical: () => true,
    entity: bookingEntity,
    url: (p) => `/pay/${p.bookingId}`,
    // The payment step's payload has no lesson times: the amount and the deadline.
    variables: ['student.name', 'instructor.name', ...MONEY_VARS, 'dueBy'],
    required: ['link'],
  }),
  'booking.reminder_due': send({
    group: 'reminders',
    recipients: [{ role: 'participant', field: 'userIds' }],
    channels: ['in_app', 'push', 'email'],
    // The short-notice reminder is only worth anything on time (quiet hours would swallow it).
    critical: (p) => p.minutesBefore <= 120,
    entity: bookingEntity,
    url: () => '/bookings',
    variables: [...BOOKING_VARS, 'reminder.when'],
  }),
  'waiting_list.slot_offered': send({
    group: 'bookings',
    recipients: [{ role: 'student' }],
    channels: ['in_app', 'push', 'email'],
    critical: never,
    entity: (p) => ({ type: 'waiting_list_entry', id: p.entryId }),
    url: () => '/book',
    variables: ['student.name', 'instructor.name', 'booking.start', 'booking.date', 'booking.time'],
  }),
};

/** Payments: receipts to the payer, and dunning (failed charges and instalments) with a pay link. */
export const paymentsRules: RulesFor<PaymentsEvents> = {
  'payment.succeeded': send({
    group: 'payments',
    recipients: [{ role: 'payer' }],
    channels: ['in_app', 'email'],
    critical: never,
    entity: (p) => ({ type: 'payment', id: p.paymentId }),
    url: () => '/invoices',
    variables: ['student.name', ...MONEY_VARS],
  }),
  'payment.failed': send({
    group: 'payments',
    recipients: [{ role: 'payer' }],
    channels: ['in_app', 'push', 'email'],
    critical: () => true,
    entity: (p) => ({ type: 'payment', id: p.paymentId }),
    url: (p) => (p.bookingId ? `/pay/${p.bookingId}` : '/cards'),
    variables: ['student.name', ...MONEY_VARS, 'failure'],
    required: ['link'],
  }),
  'payment.cancelled': none(
    'A pending payment withdrawn before it completed: nothing was charged or is owed.',
  ),
  'payment.refunded': send({
    group: 'payments',
    recipients: [{ role: 'payer' }],
    channels: ['in_app', 'email'],
    critical: never,
    entity: (p) => ({ type: 'payment', id: p.paymentId }),
    url: () => '/invoices',
    variables: ['student.name', ...MONEY_VARS, 'refund.destination'],
  }),
  'stripe.event_received': none(
    'A raw provider webhook, processed into payment events that have their own rules.',
  ),
  'credit.balance_changed': none(
    'A ledger movement the student sees on their credit page; running low is a CRM task for the office.',
  ),
  'payment.outstanding_changed': none(
    'A read-model figure for analytics; the fee or failed instalment behind it has its own rule.',
  ),
  'payment_plan.created': send({
    group: 'payments',
    recipients: [{ role: 'payer' }],
    channels: ['in_app', 'email'],
    critical: never,
    entity: (p) => ({ type: 'payment_plan', id: p.planId }),
    url: () => '/cards',
    variables: ['student.name', ...MONEY_VARS],
  }),
  'payment_plan.changed': send({
    group: 'payments',
    recipients: [{ role: 'payer' }],
    channels: ['in_app', 'email'],
    critical: never,
    entity: (p) => ({ type: 'payment_plan', id: p.planId }),
    url: () => '/cards',
    variables: ['student.name', 'plan.status'],
  }),
  'payment_plan.instalment_failed': send({
    group: 'payments',
    recipients: [{ role: 'payer' }],
    channels: ['in_app', 'push', 'email'],
    critical: () => true,
    entity: (p) => ({ type: 'payment_plan', id: p.planId }),
    url: () => '/cards',
    variables: ['student.name', ...MONEY_VARS, 'failure', 'attempt', 'willRetry'],
    required: ['link'],
  }),
  'payment_plan.completed': send({
    group: 'payments',
    recipients: [{ role: 'payer' }],
    channels: ['in_app', 'email'],
    critical: never,
    entity: (p) => ({ type: 'payment_plan', id: p.planId }),
    url: () => '/invoices',
    variables: ['student.name'],
  }),
  'payment_plan.defaulted': send({
    group: 'payments',
    recipients: [{ role: 'payer' }, { role: 'admins' }],
    channels: ['in_app', 'email'],
    critical: () => true,
    entity: (p) => ({ type: 'payment_plan', id: p.planId }),
    url: () => '/cards',
    variables: ['student.name'],
    required: ['link'],
  }),
};

/** Lessons: progress news to the learner (and guardians), document expiry to its holder and the office. */
export const lessonsRules: RulesFor<LessonsEvents> = {
  'lesson.recorded': send({
    group: 'progress',
    recipients: [{ role: 'student' }, { role: 'guardian' }],
    channels: ['in_app', 'push'],
    critical: never,
    entity: (p) => ({ type: 'lesson', id: p.lessonId }),
    url: () => '/progress',
    variables: ['student.name', 'instructor.name', 'lesson.entries'],
  }),
  'skill.level_changed': none(
    'Per-skill movements are summed up by lesson.recorded; one lesson moves many skills.',
  ),
  'lesson.evaluated': send({
    group: 'progress',
    recipients: [{ role: 'student' }],
    channels: ['in_app'],
    critical: never,
    entity: (p) => ({ type: 'evaluation', id: p.evaluationId }),
    url: () => '/progress',
    variables: ['student.name', 'evaluation.kind', 'evaluation.result'],
  }),
  'test.booked': send({
    group: 'progress',
    recipients: [{ role: 'student' }, { role: 'guardian' }],
    channels: ['in_app', 'email'],
    critical: never,
    entity: (p) => ({ type: 'test', id: p.testId }),
    url: () => '/progress',
    variables: ['student.name', 'test.kind', 'test.date'],
  }),
  'test.passed': send({
    group: 'progress',
    recipients: [{ role: 'student' }, { role: 'guardian' }],
    channels: ['in_app', 'push', 'email'],
    critical: never,
    entity: (p) => ({ type: 'test', id: p.testId }),
    url: () => '/progress',
    variables: ['student.name', 'test.kind', 'test.date', 'test.drivingFaults'],
  }),
  'test.failed': send({
    group: 'progress',
    recipients: [{ role: 'student' }, { role: 'guardian' }],
    channels: ['in_app', 'email'],
    critical: never,
    entity: (p) => ({ type: 'test', id: p.testId }),
    url: () => '/progress',
    variables: ['student.name', 'test.kind', 'test.date', 'test.drivingFaults'],
  }),
  'document.expiring': send({
    group: 'documents',
    recipients: [{ role: 'holder' }, { role: 'admins' }],
    channels: ['in_app', 'email'],
    critical: never,
    entity: (p) => ({ type: 'document', id: p.documentId }),
    url: () => '/documents',
    variables: ['holder.name', 'document.category', 'document.expiresOn', 'document.daysLeft'],
  }),
  'document.expired': send({
    group: 'documents',
    recipients: [{ role: 'holder' }, { role: 'admins' }],
    channels: ['in_app', 'email'],
    critical: never,
    entity: (p) => ({ type: 'document', id: p.documentId }),
    url: () => '/documents',
    variables: ['holder.name', 'document.category', 'document.expiresOn'],
  }),
  'document.expiry_changed': none(
    'Internal: restarts the document’s expiry timer (document.expiring follows).',
  ),
  'document.removed': none('Internal: stops the document’s expiry timer; the person removed it themself.'),
  'goal.reached': send({
    group: 'progress',
    recipients: [{ role: 'student' }, { role: 'guardian' }],
    channels: ['in_app', 'push'],
    critical: never,
    entity: (p) => ({ type: 'goal', id: p.goalId }),
    url: () => '/progress',
    variables: ['student.name'],
  }),
};

/** Messaging's own: a new message to the thread's other participants. */
export const messagingRules: RulesFor<MessagingEvents> = {
  'message.sent': send({
    group: 'messages',
    recipients: [{ role: 'participant', field: 'recipientIds' }],
    channels: ['in_app', 'push', 'email'],
    critical: never,
    entity: (p) => ({ type: 'message_thread', id: p.threadId }),
    url: (p) => `/messages/${p.threadId}`,
    variables: ['sender.name'],
    digest: { roles: ['participant'], noun: { one: 'new message', many: 'new messages' }, path: '/messages' },
  }),
  'notification.delivery_finished': none(
    'Delivery bookkeeping for analytics; telling someone a notice arrived would loop.',
  ),
};

/** CRM: the office's pipeline. Only a task is news for a person (its assignee); the rest is the board's. */
export const crmRules: RulesFor<CrmEvents> = {
  'crm.task_created': send({
    group: 'tasks',
    recipients: [{ role: 'participant', field: 'assigneeId' }],
    channels: ['in_app', 'email'],
    critical: never,
    entity: (p) => ({ type: 'crm_task', id: p.taskId }),
    url: () => '/crm/tasks',
    variables: ['task.kind', 'task.due'],
  }),
  'crm.contact_created': none('A new contact shows on the pipeline board; its follow-up task is announced.'),
  'crm.contact_stage_changed': none(
    'A stage move is the office’s own action, shown on the board and timeline.',
  ),
  'crm.contacts_merged': none(
    'Merging is bookkeeping done by the office member who sees the result at once.',
  ),
  'crm.slot_offered': none('The offer is a task for the office, announced by its crm.task_created.'),
};

/** The rule of every event type, by type. */
export const RULES: Readonly<Record<string, NotificationRule<Record<string, unknown>>>> = {
  ...schedulingRules,
  ...paymentsRules,
  ...lessonsRules,
  ...messagingRules,
  ...crmRules,
};

/** Every event type with a rule that sends something (what the fan-out subscribes to). */
export const notifiedEventTypes = (): string[] =>
  Object.entries(RULES)
    .filter(([, rule]) => rule.kind === 'send')
    .map(([type]) => type);

export const sendingRule = (type: string): SendingRule<Record<string, unknown>> | undefined => {
  const rule = RULES[type];
  return rule?.kind === 'send' ? rule : undefined;
};
