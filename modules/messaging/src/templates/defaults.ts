import type { Channel } from '../notifications/schema.ts';

/** The locales the portal ships (PORTAL_LOCALES); other locales fall back to en-GB. */
export const TEMPLATE_LOCALES = ['en-GB', 'en-US'] as const;
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number];
export const templateLocale = (locale: string | null | undefined): TemplateLocale =>
  (TEMPLATE_LOCALES as readonly string[]).includes(locale ?? '') ? (locale as TemplateLocale) : 'en-GB';

/** One event's words: a title (subject, push title, in-app title) and a short body. */
type Words = { subject: string; body: string };

/**
 * The shipped wording of every sending rule, in en-GB. Channels are derived from it (defaultTemplate):
 * email adds the link, SMS and WhatsApp prefix the school's name, push and in-app use it as is.
 */
const EN_GB: Record<string, Words> = {
  'booking.requested': {
    subject: 'New lesson request from {{ student.name }}',
    body: '{{ student.name }} asked for a lesson on {{ booking.start }}. Confirm or decline it in your diary.',
  },
  'booking.confirmed': {
    subject: 'Lesson confirmed: {{ booking.date }} at {{ booking.time }}',
    body: 'Your lesson with {{ instructor.name }} on {{ booking.start }} is confirmed.',
  },
  'booking.rejected': {
    subject: 'Lesson request declined',
    body: '{{ instructor.name }} could not take the lesson on {{ booking.start }}.{% if reason != "" %} Reason: {{ reason }}.{% endif %} Pick another time.',
  },
  'booking.cancelled': {
    subject: 'Lesson cancelled: {{ booking.date }} at {{ booking.time }}',
    body: 'The lesson of {{ student.name }} with {{ instructor.name }} on {{ booking.start }} is cancelled.{% if reason != "" %} Reason: {{ reason }}.{% endif %}{% if fee != "" %} A cancellation fee of {{ fee }} applies.{% endif %}',
  },
  'booking.expired': {
    subject: 'Lesson request not answered',
    body: 'Your request for {{ booking.start }} was not confirmed in time, so the slot is free again. Pick another time.',
  },
  'booking.no_show': {
    subject: 'Missed lesson on {{ booking.date }}',
    body: '{{ student.name }} was marked as not attending the lesson on {{ booking.start }}.{% if fee != "" %} A fee of {{ fee }} applies.{% endif %}',
  },
  'booking.rescheduled': {
    subject: 'Lesson moved to {{ booking.date }} at {{ booking.time }}',
    body: 'The lesson of {{ student.name }} with {{ instructor.name }} moved from {{ booking.previousStart }} to {{ booking.start }}.',
  },
  'booking.seat_taken': {
    subject: '{{ student.name }} joined a group lesson',
    body: '{{ student.name }} took a seat in the group lesson on {{ booking.start }}.',
  },
  'booking.seat_released': {
    subject: 'Group lesson seat given up',
    body: 'The seat of {{ student.name }} in the group lesson on {{ booking.start }} was given up.{% if fee != "" %} A fee of {{ fee }} applies.{% endif %}',
  },
  'booking.payment_due': {
    subject: 'Pay {{ amount }} to keep your lesson',
    body: 'Your lesson with {{ instructor.name }} is held for you until {{ dueBy }}. Pay {{ amount }} here: {{ link }}',
  },
  'booking.reminder_due': {
    subject: 'Reminder: lesson {{ reminder.when }} at {{ booking.time }}',
    body: 'Your lesson with {{ instructor.name }} starts {{ reminder.when }}: {{ booking.start }} to {{ booking.end }}.',
  },
  'waiting_list.slot_offered': {
    subject: 'A lesson time is free: {{ booking.date }} at {{ booking.time }}',
    body: 'A slot with {{ instructor.name }} on {{ booking.start }} has opened up. Book it before someone else does.',
  },
  'payment.succeeded': {
    subject: 'Payment received: {{ amount }}',
    body: 'Thank you: we received {{ amount }} for {{ student.name }}.',
  },
  'payment.failed': {
    subject: 'Payment of {{ amount }} failed',
    body: 'The payment of {{ amount }} for {{ student.name }} did not go through ({{ failure }}). Pay here: {{ link }}',
  },
  'payment.refunded': {
    subject: 'Refund of {{ amount }}',
    body: 'We refunded {{ amount }} to {{ refund.destination }}.',
  },
  'payment_plan.created': {
    subject: 'Your payment plan of {{ amount }}',
    body: 'A payment plan of {{ amount }} for {{ student.name }} is set up; instalments are taken from your saved card.',
  },
  'payment_plan.changed': {
    subject: 'Payment plan {{ plan.status }}',
    body: 'The payment plan for {{ student.name }} is now {{ plan.status }}.',
  },
  'payment_plan.instalment_failed': {
    subject: 'Instalment of {{ amount }} failed',
    body: 'The instalment of {{ amount }} for {{ student.name }} failed ({{ failure }}).{% if willRetry %} We will try again; update your card to avoid another failure:{% else %} Please pay now:{% endif %} {{ link }}',
  },
  'payment_plan.completed': {
    subject: 'Payment plan complete',
    body: 'Every instalment of the plan for {{ student.name }} is paid. Thank you.',
  },
  'payment_plan.defaulted': {
    subject: 'Payment plan in default',
    body: 'The payment plan for {{ student.name }} has defaulted after failed instalments. Settle it here: {{ link }}',
  },
  'lesson.recorded': {
    subject: 'Your lesson record is ready',
    body: '{{ instructor.name }} recorded {{ lesson.entries }} skills from the lesson of {{ student.name }}. See the progress.',
  },
  'lesson.evaluated': {
    subject: 'New assessment: {{ evaluation.kind }}',
    body: 'Your instructor recorded a {{ evaluation.kind }} assessment{% if evaluation.result != "" %}: {{ evaluation.result }}{% endif %}.',
  },
  'test.booked': {
    subject: '{{ test.kind | capitalize }} test booked for {{ test.date }}',
    body: 'The {{ test.kind }} test of {{ student.name }} is booked for {{ test.date }}. Good luck!',
  },
  'test.passed': {
    subject: '{{ student.name }} passed the {{ test.kind }} test',
    body: 'Congratulations: {{ student.name }} passed the {{ test.kind }} test on {{ test.date }} with {{ test.drivingFaults }} driving faults.',
  },
  'test.failed': {
    subject: '{{ test.kind | capitalize }} test result',
    body: '{{ student.name }} did not pass the {{ test.kind }} test on {{ test.date }} this time. Your instructor will plan what to practise next.',
  },
  'document.expiring': {
    subject: '{{ document.category | capitalize }} expires in {{ document.daysLeft }} days',
    body: 'The {{ document.category }} of {{ holder.name }} expires on {{ document.expiresOn }}. Upload the renewed one before then.',
  },
  'document.expired': {
    subject: '{{ document.category | capitalize }} has expired',
    body: 'The {{ document.category }} of {{ holder.name }} expired on {{ document.expiresOn }}.',
  },
  'goal.reached': {
    subject: 'Goal reached!',
    body: '{{ student.name }} brought every skill of a goal to its target level.',
  },
  'message.sent': {
    subject: 'New message from {{ sender.name }}',
    body: '{{ sender.name }} sent you a message.',
  },
  'crm.task_created': {
    subject: 'New task: {{ task.kind }}',
    body: 'A follow-up task ({{ task.kind }}) is yours, due {{ task.due }}.',
  },
};

/** Where en-US schools speak differently (the driving test is the road test). */
const EN_US: Record<string, Partial<Words>> = {
  'test.booked': {
    subject: '{{ test.kind | capitalize }} road test booked for {{ test.date }}',
    body: 'The {{ test.kind }} road test of {{ student.name }} is booked for {{ test.date }}. Good luck!',
  },
  'test.passed': {
    subject: '{{ student.name }} passed the {{ test.kind }} road test',
    body: 'Congratulations: {{ student.name }} passed the {{ test.kind }} road test on {{ test.date }}.',
  },
  'test.failed': {
    subject: '{{ test.kind | capitalize }} road test result',
    body: '{{ student.name }} did not pass the {{ test.kind }} road test on {{ test.date }} this time. Your instructor will plan what to practice next.',
  },
  'document.expiring': {
    subject: '{{ document.category | capitalize }} expires in {{ document.daysLeft }} days',
    body: 'The {{ document.category }} of {{ holder.name }} expires {{ document.expiresOn }}. Upload the renewed one before then.',
  },
};

/** A template as stored or shipped: Liquid sources of the subject, text body and (email) HTML. */
export type TemplateSource = { subject: string; body: string; html: string | null };

export const hasDefaultWords = (eventType: string) => eventType in EN_GB;

/** The shipped template of an event on a channel in a locale (throws for an event with no words). */
export function defaultTemplate(eventType: string, channel: Channel, locale: string): TemplateSource {
  const base = EN_GB[eventType];
  if (!base) throw new Error(`no default words for ${eventType}`);
  const words = { ...base, ...(templateLocale(locale) === 'en-US' ? EN_US[eventType] : undefined) };
  switch (channel) {
    case 'email':
      // The HTML part is the text inside the school's branded layout (layout.ts) with a button.
      return { subject: words.subject, body: `${words.body}\n\n{{ link }}`, html: null };
    case 'sms':
    case 'whatsapp':
      return { subject: words.subject, body: `{{ school.name }}: ${words.body}`, html: null };
    case 'push':
    case 'in_app':
      return { subject: words.subject, body: words.body, html: null };
  }
}

/** The digest's words (not per event: it is one delivery for several). */
export const DIGEST_TEMPLATE: TemplateSource = {
  subject: '{{ count }} {{ noun }}',
  body: '{% for item in items %}- {{ item.title }}\n{% endfor %}\n{{ link }}',
  html: null,
};
