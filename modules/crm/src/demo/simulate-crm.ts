import {
  addDays,
  createLogger,
  type DemoLayer,
  type DemoLearner,
  localInstant,
  markHandled,
  type Random,
  readHistoryEvents,
} from '@dualcontrol/platform';
import { schedulingDemoStory, schedulingEventTimes } from '@dualcontrol/scheduling';
import { and, eq, sql } from 'drizzle-orm';
import { crmContacts, crmTasks } from '../schema.ts';
import { captureEnquiry } from '../services/capture-enquiry.ts';
import { moveStage, updateContact } from '../services/contacts.ts';
import type { CrmContext } from '../services/crm-context.ts';
import { logInteraction } from '../services/interactions.ts';
import { addNote } from '../services/notes.ts';
import { completeTask, createTask } from '../services/tasks.ts';
import { crmSubscriptions } from '../subscriptions.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** People who asked and did not (or not yet) become students: name, where, what happened. */
const PROSPECTS: {
  name: string;
  fate: 'new' | 'contacted' | 'trial' | 'lost';
  reason?: string;
  daysAgo: number;
}[] = [
  { name: 'Sophie Turner', fate: 'new', daysAgo: 0.5 },
  { name: 'Daniel Okafor', fate: 'new', daysAgo: 1.5 },
  { name: 'Chloe Bennett', fate: 'new', daysAgo: 3 },
  { name: 'Ryan Patel', fate: 'contacted', daysAgo: 6 },
  { name: 'Hannah Price', fate: 'contacted', daysAgo: 11 },
  { name: 'Liam Walsh', fate: 'trial', daysAgo: 9 },
  { name: 'Grace Kim', fate: 'lost', reason: 'Chose another school: cheaper hourly rate', daysAgo: 40 },
  { name: 'Oliver Hughes', fate: 'lost', reason: 'Moving away in the summer', daysAgo: 75 },
  {
    name: 'Mia Fernandez',
    fate: 'lost',
    reason: 'Waiting until after exams; follow up in autumn',
    daysAgo: 120,
  },
  { name: 'Jack Murphy', fate: 'lost', reason: 'No reply after three calls', daysAgo: 150 },
];
const UK = ['N7 6PG', 'N19 4DR', 'N5 1XL', 'E8 2LX', 'N4 3HF', 'N16 7UJ'];
const US = ['60614', '60657', '60640', '60618', '60625', '60613'];
const NOTES = [
  'Prefers evening lessons after college.',
  'Nervous driver: go gently on the first few lessons.',
  'Parent pays; send receipts to the family email.',
  'Works shifts: book a week ahead at most.',
  'Wants an automatic after the test; mention our refresher lessons.',
];

const email = (name: string, school: string) =>
  `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@mail.${school}.example`;

/**
 * CRM's part of a demo school's life. Every learner first came as an enquiry (the public form's
 * service), was called back and linked to their student account; then their history's events
 * (bookings, lessons, payments, tests, messages) are delivered to crm's own handlers at the time
 * each happened, so the timelines, stage moves (active learner, test booked, passed) and follow-up
 * tasks (a review request after a pass) are the ones the worker would have made then — and the
 * worker, finding each event's interaction there, makes none again. Around them: prospects in every
 * stage (new enquiries with call-back tasks due today, contacted, on a trial lesson, lost with a
 * reason), the office's calls and notes, a passed learner moved on to alumni, tasks done and due.
 */
export const crmDemo: DemoLayer = async (ctx) => {
  const { tx, school, startOfToday, clock, office } = ctx;
  const tenantId = school.tenantId;
  const as = (now: Date, userId: string | null = office.userId): CrmContext => ({
    tenantId,
    userId,
    timezone: school.timezone,
    now,
  });
  const past = (d: Date) => (d < startOfToday ? d : new Date(startOfToday.getTime() - HOUR));
  const at = (day: string, time: string) => localInstant(day, time, school.timezone);
  const postcodes = school.currency === 'GBP' ? UK : US;
  const tally = {
    contacts: 0,
    enquiries: 0,
    'office calls': 0,
    notes: 0,
    'tasks done': 0,
    'tasks due today': 0,
    'automatic interactions': 0,
  };

  /** An enquiry through the public form's service, at `when`; the contact's id. */
  async function enquire(random: Random, name: string, mail: string, when: Date) {
    const { contactId } = await clock.stamp(when, () =>
      captureEnquiry(tx, as(when, null), {
        name,
        email: mail,
        postcode: random.pick(postcodes),
        transmission: random.chance(0.7) ? 'manual' : 'automatic',
        availability: random.pick(['weekday evenings', 'weekends', 'mornings', 'anytime']),
        message: 'Hi, I would like to start driving lessons. What are your prices?',
      }),
    );
    tally.enquiries += 1;
    return contactId;
  }

  /** The office calls back (logged), closes the call-back task and moves the contact on. */
  async function callBack(
    contactId: string,
    when: Date,
    summary: string,
    stage = 'contacted',
    reason?: string,
  ) {
    const w = past(when);
    await logInteraction(tx, as(w), contactId, { kind: 'call', summary });
    tally['office calls'] += 1;
    const [task] = await tx
      .select({ id: crmTasks.id })
      .from(crmTasks)
      .where(
        and(eq(crmTasks.tenantId, tenantId), eq(crmTasks.contactId, contactId), eq(crmTasks.status, 'open')),
      );
    if (task) {
      await completeTask(tx, as(w), task.id);
      tally['tasks done'] += 1;
    }
    await clock.stamp(w, () => moveStage(tx, as(w), contactId, stage, reason));
  }

  // Learners: an enquiry a few weeks before their first lesson, called back, linked to their account.
  const learnerContacts = new Map<DemoLearner, string>();
  for (const [i, learner] of ctx.learners.entries()) {
    const random = ctx.random.fork(`learner:${learner.student.email}`);
    const asked = at(
      addDays(learner.firstLessonOn, -random.int(14, 30)),
      `${String(random.int(9, 21)).padStart(2, '0')}:10`,
    );
    const contactId = await enquire(random, learner.student.name, learner.student.email, asked);
    learnerContacts.set(learner, contactId);
    const called = new Date(asked.getTime() + random.int(2, 26) * HOUR);
    await callBack(
      contactId,
      called,
      'Called back: explained prices and packages, keen to start',
      'trial_lesson',
    );
    await updateContact(tx, as(past(called)), contactId, { studentId: learner.student.studentId });
    if (i % 2 === 0) {
      await addNote(tx, as(past(new Date(called.getTime() + HOUR))), contactId, NOTES[i % NOTES.length]!);
      tally.notes += 1;
    }
  }

  // Prospects in every open stage, and those lost (with the reason).
  for (const [i, p] of PROSPECTS.entries()) {
    const random = ctx.random.fork(`prospect:${p.name}`);
    const asked = new Date(startOfToday.getTime() - p.daysAgo * DAY - random.int(1, 5) * HOUR);
    const contactId = await enquire(random, p.name, email(p.name, school.slug), asked);
    if (p.fate === 'new') continue; // its call-back task is open, due the day it came
    const called = new Date(asked.getTime() + random.int(3, 20) * HOUR);
    if (p.fate === 'lost') {
      await callBack(contactId, called, 'Called back: sent prices', 'contacted');
      await clock.stamp(past(new Date(called.getTime() + 9 * DAY)), () =>
        moveStage(tx, as(past(new Date(called.getTime() + 9 * DAY))), contactId, 'lost', p.reason),
      );
      continue;
    }
    await callBack(contactId, called, 'Called back: talked through availability and the first lesson');
    if (p.fate === 'trial') {
      await clock.stamp(past(new Date(called.getTime() + DAY)), () =>
        moveStage(tx, as(past(new Date(called.getTime() + DAY))), contactId, 'trial_lesson'),
      );
    }
    // A follow-up call due today (the office's list for the day).
    await createTask(tx, as(past(called)), {
      contactId,
      title: i % 2 ? `Call ${p.name} about a start date` : `Send ${p.name} the package prices`,
      kind: i % 2 ? 'call' : 'email',
      dueOn: ctx.today,
      assigneeUserId: office.userId,
    });
    tally['tasks due today'] += 1;
    await addNote(tx, as(past(new Date(called.getTime() + HOUR))), contactId, NOTES[(i + 2) % NOTES.length]!);
    tally.notes += 1;
  }

  // The history's events through crm's own handlers, each at its time, oldest first.
  const story = schedulingDemoStory(ctx);
  const events = (await readHistoryEvents(ctx, schedulingEventTimes(story))).sort(
    (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : 1),
  );
  const handlers = crmSubscriptions(undefined, { now: (e) => e.createdAt, timezone: school.timezone });
  const log = createLogger('silent');
  const byHandler = new Map<string, string[]>();
  // A lesson's request is on the timeline only when it was not confirmed too: its confirmation says
  // the same a moment later, and the demo's time budget is better spent elsewhere.
  const confirmed = new Set(
    events.filter((e) => e.type === 'booking.confirmed').map((e) => String(e.payload.bookingId)),
  );
  for (const e of events) {
    const skip = e.type === 'booking.requested' && confirmed.has(String(e.payload.bookingId));
    for (const h of handlers) {
      if (!h.events.includes(e.type)) continue;
      if (skip) {
        byHandler.set(h.id, [...(byHandler.get(h.id) ?? []), e.id]);
        continue;
      }
      await clock.stamp(e.occurredAt, () =>
        h.handle(
          { id: e.id, tenantId, type: e.type, payload: e.payload, createdAt: e.occurredAt },
          { tx, log },
        ),
      );
      const ids = byHandler.get(h.id) ?? [];
      ids.push(e.id);
      byHandler.set(h.id, ids);
    }
  }
  for (const [handler, ids] of byHandler) await markHandled(ctx, handler, ids);

  // Where the story says each learner is, whatever the events could tell (a second test booked…).
  const target = {
    started: 'active_learner',
    early: 'active_learner',
    nearly_ready: 'test_booked',
    passed: 'passed',
  };
  let alumni = false;
  for (const [learner, contactId] of learnerContacts) {
    const [row] = await tx
      .select({ stage: crmContacts.stage })
      .from(crmContacts)
      .where(and(eq(crmContacts.tenantId, tenantId), eq(crmContacts.id, contactId)));
    const when = past(at(addDays(ctx.today, -1), '17:00'));
    let stage = target[learner.stage];
    if (learner.stage === 'passed' && !alumni) {
      stage = 'alumni';
      alumni = true;
    }
    if (row && row.stage !== stage) await clock.stamp(when, () => moveStage(tx, as(when), contactId, stage));
  }

  // Review requests after a pass: the older one done, any from the last days still open.
  const reviews = await tx
    .select()
    .from(crmTasks)
    .where(
      and(eq(crmTasks.tenantId, tenantId), eq(crmTasks.kind, 'review_request'), eq(crmTasks.status, 'open')),
    );
  for (const task of reviews) {
    const due = at(task.dueOn, '12:00');
    if (due.getTime() < startOfToday.getTime() - 3 * DAY) {
      await completeTask(tx, as(due), task.id);
      tally['tasks done'] += 1;
    }
  }

  const [counts] = await tx
    .select({
      contacts: sql<number>`count(*)::int`,
      automatic: sql<number>`(select count(*)::int from crm_interactions i where i.tenant_id = ${tenantId} and i.automatic)`,
      open: sql<number>`(select count(*)::int from crm_tasks t where t.tenant_id = ${tenantId} and t.status = 'open' and t.due_on <= ${ctx.today})`,
      stages: sql<number>`count(distinct ${crmContacts.stage})::int`,
    })
    .from(crmContacts)
    .where(eq(crmContacts.tenantId, tenantId));
  return {
    ...tally,
    contacts: counts?.contacts ?? 0,
    'pipeline stages used': counts?.stages ?? 0,
    'automatic interactions': counts?.automatic ?? 0,
    'tasks due today': counts?.open ?? 0,
  };
};
