import {
  AppError,
  addDays,
  type DemoContext,
  type DemoLayer,
  type DemoLearner,
  type DemoPerson,
  localInstant,
  mondayOf,
  type Random,
  weekdayIndex,
} from '@dualcontrol/platform';
import type { SchedulingContext } from '../http-context.ts';
import type { BookingStatus } from '../schema.ts';
import type { BookingView } from '../services/booking-view.ts';
import { createBooking } from '../services/create-booking.ts';
import { loadPolicies } from '../services/load-policies.ts';
import { createSeries } from '../services/recurring-series.ts';
import { listCatalog } from '../services/school-catalog.ts';
import { type Availability, getAvailability } from '../services/set-availability.ts';
import { type BookingAction, transitionBooking } from '../services/transition-booking.ts';
import { SlotBook, type WeeklySlot, weeklySlots } from './weekly-slots.ts';

/** One booking of the simulated history, as later layers (lessons, payments) need it. */
export type DemoBookingFact = {
  bookingId: string;
  studentId: string;
  instructorId: string;
  start: Date;
  end: Date;
  status: BookingStatus;
  kind: 'lesson' | 'mock_test';
  /** When it was cancelled, taught or marked missed (null while it is still ahead or pending). */
  settledAt: Date | null;
};

/** What scheduling's demo layer leaves in the story: every booking it made (oldest first) and the school's test centres. */
export type SchedulingDemoStory = { bookings: DemoBookingFact[]; testCentreIds: string[] };

export const schedulingDemoStory = (ctx: Pick<DemoContext, 'story'>): SchedulingDemoStory =>
  (ctx.story.read('scheduling') as SchedulingDemoStory | undefined) ?? { bookings: [], testCentreIds: [] };

/**
 * When a booking event of the story happened, where the story knows it better than the payload:
 * a lesson's cancellation, completion or no-show at the time it was settled.
 */
export function schedulingEventTimes(story: SchedulingDemoStory) {
  const settled = new Map(story.bookings.map((b) => [b.bookingId, b.settledAt]));
  return (type: string, payload: Record<string, unknown>): Date | null =>
    ['booking.cancelled', 'booking.completed', 'booking.no_show'].includes(type)
      ? (settled.get(String(payload.bookingId)) ?? null)
      : null;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const SERIES_WEEKS = 6;
const STUDENT_REASONS = [
  'College exam that morning',
  'Feeling unwell',
  'Work shift changed',
  'Family commitment',
  'Away that weekend',
];

/** The days from `from` to `until` (inclusive) that fall on the slot's weekday. */
function weeklyDays(slot: WeeklySlot, from: string, until: string): string[] {
  const days: string[] = [];
  for (let d = addDays(from, (slot.weekday - weekdayIndex(from) + 7) % 7); d <= until; d = addDays(d, 7))
    days.push(d);
  return days;
}

/**
 * Scheduling's part of a demo school's life, in two passes (everything booked, then what became of
 * each lesson): each learner's weekly lessons booked by the student in
 * series of up to six weeks a few days ahead (`createSeries`; single bookings when a series is
 * refused), confirmed by the instructor where the school confirms by hand, then — for lessons whose
 * time has passed — taught, missed (no-show) or cancelled by either side with the policy's fee; mock
 * tests booked by the instructor on a free slot of their week. Every step goes through the module's
 * services with the simulated time as `now`, so the slot engine, notice, horizon, caps, exclusion
 * constraints, fees and events all apply. The coming weeks' lessons stay booked (a few still
 * awaiting the instructor, one or two cancelled).
 */
export const schedulingDemo: DemoLayer = async (ctx) => {
  const { tx, school, random, startOfToday, today } = ctx;
  const tenantId = school.tenantId;
  const policies = await loadPolicies(tx, tenantId);
  const types = (await listCatalog(tx, tenantId, 'lessonTypes')).filter((t) => t.active);
  const weeklyType = types.find((t) => t.durationMinutes === 60) ?? types[0];
  if (!weeklyType) return { bookings: 0 };
  const mockType = types.find((t) => t.id !== weeklyType.id && /mock|test/i.test(t.name)) ?? weeklyType;
  const span = (t: typeof weeklyType) => t.bufferBeforeMinutes + t.durationMinutes + t.bufferAfterMinutes;
  const longest = Math.max(span(weeklyType), span(mockType));
  const spacing = Math.ceil(longest / 30) * 30;
  const locations = (await listCatalog(tx, tenantId, 'locations')).filter((l) => l.active);
  const pickups = locations.filter((l) => l.kind === 'pickup');
  const testCentreIds = locations.filter((l) => l.kind === 'test_centre').map((l) => l.id);
  const cars = (await listCatalog(tx, tenantId, 'vehicles')).filter(
    (v) =>
      v.status === 'active' &&
      (weeklyType.transmission === 'any' || v.transmission === weeklyType.transmission),
  );
  const carOf = new Map(ctx.people.instructors.map((p, i) => [p.instructorId, cars[i]?.id]));

  const as = (who: DemoPerson, now: Date): SchedulingContext => ({
    tenantId,
    tenantTimezone: school.timezone,
    currency: school.currency,
    actor: who.actor,
    viewer: who.viewer,
    policies,
    paymentsEnabled: ctx.modules.includes('payments'),
    now,
  });
  const availabilities = new Map<string, Availability>();
  const availabilityOf = async (instructorId: string) => {
    let a = availabilities.get(instructorId);
    if (!a) {
      a = await getAvailability(tx, tenantId, instructorId, school.timezone);
      availabilities.set(instructorId, a);
    }
    return a;
  };
  const slotBook = new SlotBook();
  const facts: DemoBookingFact[] = [];
  /** What was booked in one request, waiting for its confirmation and its fate. */
  const blocks: {
    learner: DemoLearner;
    booked: BookingView[];
    requestedAt: Date;
    kind: DemoBookingFact['kind'];
  }[] = [];
  const tally = {
    bookings: 0,
    series: 0,
    taught: 0,
    'mock tests': 0,
    cancelled: 0,
    'no-shows': 0,
    upcoming: 0,
    'awaiting confirmation': 0,
    refused: 0,
  };

  /** A service call that may be refused by a rule: in a savepoint, so a refusal costs only itself. */
  async function attempt<T>(fn: (sp: typeof tx) => Promise<T>): Promise<T | null> {
    try {
      return await tx.transaction(fn);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) {
        tally.refused += 1;
        return null;
      }
      throw error;
    }
  }
  const move = (who: DemoPerson, at: Date, bookingId: string, action: BookingAction, reason?: string) =>
    transitionBooking(tx, as(who, at), { bookingId, action, reason });

  /** Confirmation by the instructor some hours after the request, unless that is still to come. */
  async function confirm(
    learner: DemoLearner,
    booked: BookingView[],
    requestedAt: Date,
    rnd: Random,
  ): Promise<Date | null> {
    if (booked.every((b) => b.status !== 'pending')) return requestedAt;
    const at = new Date(requestedAt.getTime() + rnd.int(1, 20) * HOUR + rnd.int(0, 59) * MINUTE);
    if (at >= startOfToday) {
      tally['awaiting confirmation'] += booked.length;
      return null;
    }
    for (const b of booked) Object.assign(b, await move(learner.instructor, at, b.id, 'confirm'));
    return at;
  }

  /** What became of a lesson: taught, missed or cancelled when its time has passed; mostly still on when ahead. */
  async function live(
    learner: DemoLearner,
    b: BookingView,
    decidedAt: Date,
    kind: DemoBookingFact['kind'],
    rnd: Random,
  ) {
    const start = new Date(b.start);
    const end = new Date(b.end);
    const { student, instructor } = learner;
    let status: BookingStatus = b.status;
    let settledAt: Date | null = null;
    const settle = (at: Date) => {
      settledAt = at;
      return at;
    };
    const cancelAt = (hoursBefore: number) =>
      new Date(Math.max(start.getTime() - hoursBefore * HOUR, decidedAt.getTime() + 30 * MINUTE));
    if (status === 'pending') {
      // awaiting the instructor's answer
    } else if (start >= startOfToday) {
      if (kind === 'lesson' && rnd.chance(0.05)) {
        const at = new Date(startOfToday.getTime() - rnd.int(1, 5) * HOUR);
        if (at > decidedAt)
          status = (await move(student, settle(at), b.id, 'cancel', rnd.pick(STUDENT_REASONS))).status;
      }
    } else {
      // A learner's first lesson is always taught: a history must start somewhere.
      const begun = facts.some((f) => f.studentId === student.studentId && f.status === 'completed');
      const r = kind === 'mock_test' || !begun ? 1 : rnd.next();
      if (r < 0.05) {
        status = (
          await move(student, settle(cancelAt(rnd.int(3, 120))), b.id, 'cancel', rnd.pick(STUDENT_REASONS))
        ).status;
      } else if (r < 0.075) {
        status = (
          await move(instructor, settle(cancelAt(rnd.int(3, 30))), b.id, 'cancel', 'Instructor unwell')
        ).status;
      } else if (
        r < 0.115 &&
        facts.some((f) => f.studentId === student.studentId && f.status === 'completed')
      ) {
        status = (await move(instructor, settle(new Date(start.getTime() + 20 * MINUTE)), b.id, 'no_show'))
          .status;
      } else {
        const at = new Date(end.getTime() + rnd.int(2, 40) * MINUTE);
        status = (await move(instructor, settle(at), b.id, 'complete')).status;
      }
    }
    if (status === 'completed') tally[kind === 'mock_test' ? 'mock tests' : 'taught'] += 1;
    else if (status === 'cancelled') tally.cancelled += 1;
    else if (status === 'no_show') tally['no-shows'] += 1;
    else if (start >= startOfToday && status === 'confirmed') tally.upcoming += 1;
    facts.push({
      bookingId: b.id,
      studentId: b.studentId,
      instructorId: b.instructorId,
      start,
      end,
      status,
      kind,
      settledAt,
    });
  }

  /** The evening, a few days before `firstDay`, that a student books; never later than yesterday evening. */
  function requestTime(firstDay: string, zone: string): Date {
    const at = localInstant(
      addDays(firstDay, -random.int(2, 6)),
      `${random.int(18, 21)}:${random.pick(['05', '20', '40'])}`,
      zone,
    );
    const latest = startOfToday.getTime() - 5 * HOUR;
    return at.getTime() < latest ? at : new Date(latest - random.int(0, 60) * MINUTE);
  }

  async function bookWeekly(
    learner: DemoLearner,
    slot: WeeklySlot,
    days: string[],
    zone: string,
    pickupId?: string,
  ) {
    for (let i = 0; i < days.length; i += SERIES_WEEKS) {
      const block = days.slice(i, i + SERIES_WEEKS);
      const requestedAt = requestTime(block[0]!, zone);
      const base = {
        instructorId: learner.instructor.instructorId,
        studentId: learner.student.studentId,
        durationMinutes: weeklyType!.durationMinutes,
        lessonTypeId: weeklyType!.id,
        vehicleId: carOf.get(learner.instructor.instructorId),
        pickupLocationId: pickupId,
      };
      const as0 = as(learner.student, requestedAt);
      let booked: BookingView[] = [];
      const series = await attempt((sp) =>
        createSeries(sp, as0, {
          ...base,
          start: localInstant(block[0]!, slot.time, zone),
          rrule: `FREQ=WEEKLY;COUNT=${block.length}`,
        }),
      );
      if (series) {
        tally.series += 1;
        booked = series.bookings;
      } else {
        // A series is all or nothing; booked one by one, each week stands or falls alone.
        for (const day of block) {
          const one = await attempt((sp) =>
            createBooking(sp, as0, { ...base, start: localInstant(day, slot.time, zone) }),
          );
          if (one) booked.push(one);
        }
      }
      tally.bookings += booked.length;
      blocks.push({ learner, booked, requestedAt, kind: 'lesson' });
    }
  }

  async function bookMockTest(
    learner: DemoLearner,
    week: number,
    slots: WeeklySlot[],
    usual: number[],
    zone: string,
  ) {
    const monday = addDays(mondayOf(learner.firstLessonOn), week * 7);
    const { instructor, student } = learner;
    for (const slot of random.shuffle(slots)) {
      if (usual.includes(slot.weekday) || slotBook.isWeekly(instructor.instructorId, slot)) continue;
      const day = addDays(monday, slot.weekday);
      if (day < learner.firstLessonOn || day >= today || day > learner.lessonsUntil) continue;
      if (!slotBook.claimOnce(instructor.instructorId, day, slot.time)) continue;
      const start = localInstant(day, slot.time, zone);
      const requestedAt = localInstant(addDays(day, -7), '18:30', zone);
      const b = await attempt((sp) =>
        createBooking(sp, as(instructor, requestedAt), {
          instructorId: instructor.instructorId,
          studentId: student.studentId,
          start,
          durationMinutes: mockType!.durationMinutes,
          lessonTypeId: mockType!.id,
          vehicleId: carOf.get(instructor.instructorId),
          notes: 'Mock test: marked like the real one',
        }),
      );
      if (!b) continue;
      tally.bookings += 1;
      blocks.push({ learner, booked: [b], requestedAt, kind: 'mock_test' });
      return;
    }
  }

  for (const learner of ctx.learners) {
    const instructorId = learner.instructor.instructorId;
    const availability = await availabilityOf(instructorId);
    const zone = availability.timezone;
    const slots = weeklySlots(availability, spacing, longest);
    const usual = slotBook.claimWeekly(instructorId, slots, random.pick);
    if (!usual) continue;
    const pickupId = pickups.length ? random.pick(pickups).id : undefined;
    await bookWeekly(
      learner,
      usual,
      weeklyDays(usual, learner.firstLessonOn, learner.lessonsUntil),
      zone,
      pickupId,
    );
    const usualDays = [usual.weekday];
    if (learner.twiceWeeklyFrom) {
      const extra = slotBook.claimWeekly(instructorId, slots, random.pick, usualDays);
      if (extra) {
        usualDays.push(extra.weekday);
        await bookWeekly(
          learner,
          extra,
          weeklyDays(extra, learner.twiceWeeklyFrom, learner.lessonsUntil),
          zone,
          pickupId,
        );
      }
    }
    for (const week of learner.mockTestWeeks) await bookMockTest(learner, week, slots, usualDays, zone);
  }

  // Then what became of it, each learner's lessons in order. Learners run side by side on the
  // school's transaction (postgres.js pipelines their statements: the layer is bound by round trips),
  // each drawing from their own stream so the interleaving cannot change the history. No savepoint
  // is taken from here on (a savepoint's release would cut across another learner's statements).
  await Promise.all(
    ctx.learners.map(async (learner) => {
      const rnd = random.fork(`fates:${learner.student.email}`);
      for (const block of blocks.filter((x) => x.learner === learner)) {
        const decidedAt = await confirm(learner, block.booked, block.requestedAt, rnd);
        for (const b of block.booked) await live(learner, b, decidedAt ?? block.requestedAt, block.kind, rnd);
      }
    }),
  );
  facts.sort((a, b) => a.start.getTime() - b.start.getTime());
  ctx.story.publish('scheduling', { bookings: facts, testCentreIds } satisfies SchedulingDemoStory);
  return tally;
};
