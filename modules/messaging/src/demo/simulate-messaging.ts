import {
  addDays,
  type DemoContext,
  type DemoLayer,
  type DemoPerson,
  localInstant,
  markHandled,
  readHistoryEvents,
} from '@dualcontrol/platform';
import { notifiedEventTypes } from '../rules/catalog.ts';
import type { MessagingContext } from '../threads/services/messaging-context.ts';
import { postMessage } from '../threads/services/post-message.ts';
import { startThread } from '../threads/services/start-thread.ts';
import { markRead } from '../threads/services/write-messages.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Events of the last days are left to the worker's fan-out (in-app and the development mailbox). */
export const RECENT_NOTIFICATION_DAYS = 3;

type Line = { from: 'a' | 'b'; body: string };

/** Conversations between a learner (a) and their instructor (b), a few days apart. */
const LESSON_TALK: Line[][] = [
  [
    { from: 'a', body: 'Hi! Could we practise roundabouts next time? They still make me nervous.' },
    { from: 'b', body: 'Of course — we will start on the quiet ones by the retail park and build up.' },
    { from: 'a', body: 'Perfect, thank you!' },
  ],
  [
    { from: 'b', body: 'Great drive today. Keep an eye on your speed on the approach to junctions.' },
    { from: 'a', body: 'Will do. Is it OK if I bring my theory certificate next week?' },
    { from: 'b', body: 'Yes please, the office will want a copy for your file.' },
  ],
  [
    { from: 'a', body: 'Running about five minutes late, sorry — bus is stuck in traffic.' },
    { from: 'b', body: 'No problem, I will wait at the usual pick-up point.' },
  ],
  [
    { from: 'b', body: 'Reminder: we are doing a mock test next week, same time. Get a good night’s sleep!' },
    { from: 'a', body: 'Eek. OK, I will be ready.' },
  ],
];

/** A learner (a) and the office (b). */
const OFFICE_TALK: Line[][] = [
  [
    { from: 'a', body: 'Hello, can I pay for my next hours by bank transfer?' },
    { from: 'b', body: 'Yes — use your name as the reference and we will add the credit when it arrives.' },
    { from: 'a', body: 'Done, thanks.' },
  ],
  [
    { from: 'a', body: 'Could you book my practical test for a weekday morning if possible?' },
    { from: 'b', body: 'We will look for a morning slot and let you know the date.' },
  ],
];

/** An instructor (a) and the office (b). */
const STAFF_TALK: Line[] = [
  { from: 'a', body: 'I am at a training day on the first Friday of next month — can you keep it clear?' },
  { from: 'b', body: 'Noted, we will not book anything that day.' },
  { from: 'a', body: 'Thanks. Also the car is due its service soon.' },
];

/**
 * Messaging's part of a demo school's life: conversations between each learner and their
 * instructor (one, sometimes two, spread over their months), some learners with the office, every
 * instructor with the office — each message posted through the threads services at its simulated
 * time, read by the other side some hours later (the receipt), the newest sometimes still unread.
 * And the notifications: six months of events would fan out to the development mailbox when the
 * worker starts, so the events before the last RECENT_NOTIFICATION_DAYS days are recorded as
 * handled by `messaging.notify` (their news is old); the recent ones are left to the worker, which
 * delivers them in-app and by mail after the demo commits.
 */
export const messagingDemo: DemoLayer = async (ctx) => {
  const { tx, school, startOfToday, clock, office } = ctx;
  const as = (who: DemoPerson, now: Date): MessagingContext => ({
    tenantId: school.tenantId,
    viewer: who.viewer,
    now,
    keyring: ctx.keyring,
  });
  const tally = { threads: 0, messages: 0, 'read receipts': 0, 'left unread': 0 };

  /** One conversation: a starts it at `first`, the lines follow hours apart, each read by the other. */
  async function talk(
    a: DemoPerson,
    b: DemoPerson,
    start: { office?: true; subject: string },
    lines: Line[],
    first: Date,
  ) {
    let at = first;
    let threadId: string | null = null;
    const random = ctx.random.fork(`thread:${a.email}:${start.subject}`);
    for (const [i, line] of lines.entries()) {
      if (at >= startOfToday) break;
      const sender = line.from === 'a' ? a : b;
      const reader = line.from === 'a' ? b : a;
      const when = at;
      if (threadId === null) {
        const started = await clock.stamp(when, () =>
          startThread(tx, as(sender, when), {
            ...(start.office ? { office: true } : { recipientUserId: reader.userId }),
            subject: start.subject,
            message: { body: line.body },
          }),
        );
        threadId = started.thread.id;
        tally.threads += 1;
      } else {
        const id = threadId;
        await clock.stamp(when, () => postMessage(tx, as(sender, when), id, { body: line.body }));
      }
      tally.messages += 1;
      const readAt = new Date(when.getTime() + random.int(10, 300) * MINUTE);
      const last = i === lines.length - 1;
      if (readAt < startOfToday && !(last && random.chance(0.3))) {
        const id = threadId;
        await markRead(tx, as(reader, readAt), id);
        tally['read receipts'] += 1;
      } else tally['left unread'] += 1;
      at = new Date(readAt.getTime() + random.int(5, 90) * MINUTE);
    }
  }

  const evening = (day: string, random: { int(a: number, b: number): number }) =>
    localInstant(day, `${random.int(18, 21)}:${String(random.int(0, 59)).padStart(2, '0')}`, school.timezone);

  for (const [i, learner] of ctx.learners.entries()) {
    const random = ctx.random.fork(`learner:${learner.student.email}`);
    const { student, instructor } = learner;
    const firstDay = addDays(learner.firstLessonOn, random.int(1, 6));
    await talk(
      student,
      instructor,
      { subject: 'Our lessons' },
      LESSON_TALK[i % LESSON_TALK.length]!,
      evening(firstDay, random),
    );
    // A second conversation later on for those who have been learning a while.
    if (learner.stage === 'nearly_ready' || learner.stage === 'passed') {
      const later = addDays(learner.twiceWeeklyFrom ?? learner.firstLessonOn, random.int(2, 10));
      await talk(
        student,
        instructor,
        { subject: 'Test preparation' },
        LESSON_TALK[3]!,
        evening(later, random),
      );
    }
    if (i % 2 === 0) {
      const day = addDays(learner.firstLessonOn, random.int(10, 40));
      await talk(
        student,
        office,
        { office: true, subject: 'Payments and tests' },
        OFFICE_TALK[i % 4 === 0 ? 0 : 1]!,
        evening(day, random),
      );
    }
  }
  for (const instructor of ctx.people.instructors) {
    const random = ctx.random.fork(`staff:${instructor.email}`);
    const day = addDays(ctx.today, -random.int(4, 20));
    await talk(
      instructor,
      office,
      { office: true, subject: 'Diary and car' },
      STAFF_TALK,
      localInstant(day, `${String(random.int(8, 16)).padStart(2, '0')}:15`, school.timezone),
    );
  }

  ctx.afterAll('notifications', () => settleNotifications(ctx));
  return tally;
};

/** Old news recorded as handled by the fan-out; the last days' events left for the worker to deliver. */
async function settleNotifications(ctx: DemoContext): Promise<Record<string, number>> {
  const notified = new Set(notifiedEventTypes());
  const cutoff = ctx.startOfToday.getTime() - RECENT_NOTIFICATION_DAYS * 24 * HOUR;
  const events = (await readHistoryEvents(ctx)).filter((e) => notified.has(e.type));
  const old = events.filter((e) => !e.known || e.occurredAt.getTime() < cutoff);
  await markHandled(
    ctx,
    'messaging.notify',
    old.map((e) => e.id),
  );
  return {
    'events left to notify at start': events.length - old.length,
    'older events not notified': old.length,
  };
}
