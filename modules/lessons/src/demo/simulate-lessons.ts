import {
  addDays,
  type DemoLayer,
  type DemoLearner,
  type DemoPerson,
  localInstant,
  type Random,
  readModuleSettings,
} from '@dualcontrol/platform';
import { type DemoBookingFact, schedulingDemoStory } from '@dualcontrol/scheduling';
import { and, eq, sql } from 'drizzle-orm';
import { lessons, type SkillFaults, studentGoals } from '../schema.ts';
import { bookTest, recordMockTest, recordTestResult } from '../services/assessments.ts';
import { createLessonsForBooking } from '../services/create-lessons.ts';
import { addDocument, verifyDocument } from '../services/documents.ts';
import { evaluateLesson } from '../services/evaluate-lesson.ts';
import { createGoal } from '../services/goals.ts';
import type { LessonsContext } from '../services/lessons-context.ts';
import { recordLesson } from '../services/record-lesson.ts';
import { ensureSyllabus, readSyllabus } from '../services/syllabus.ts';
import { lessonSettings } from '../settings.ts';
import { skillCurve } from './skill-curve.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;

const LESSON_NOTES = [
  'Good session; keep the observations coming earlier.',
  'Calmer today. Work on planning ahead at roundabouts.',
  'Steady progress, more confident in traffic.',
  'Tired towards the end; shorter focus next time.',
  'Really pleased with this one.',
  'Needed more prompting than last week — revisit next lesson.',
];
const WEAK_NOTES = ['Late on the mirrors', 'Needs prompting on speed', 'Hesitant; talk it through next time'];

/**
 * Lessons' part of a demo school's life, over scheduling's bookings: every lesson taught becomes a
 * lesson row (as the `booking.completed` subscription makes it) and is recorded by its instructor
 * a few hours later with skill levels that rise over the months (skillCurve), some evaluated;
 * mock-test lessons are marked like the real test; the office books theory and practical tests and
 * records the results; students add their licence and theory certificate, the office verifies
 * them; instructors' badges and checks are on file (one badge expiring soon); goals are set and
 * some reached. All through the module's services, each with the simulated time as `now`.
 */
export const lessonsDemo: DemoLayer = async (ctx) => {
  const { tx, school, startOfToday, today } = ctx;
  const tenantId = school.tenantId;
  await ensureSyllabus(tx, tenantId);
  const syllabus = await readSyllabus(tx, tenantId);
  const skills = syllabus.flatMap((c) => c.skills.filter((s) => s.retiredAt === null));
  if (skills.length === 0) return { 'lessons recorded': 0 };
  const settings = await readModuleSettings({ tx, tenantId, settings: lessonSettings });
  const as = (who: DemoPerson, now: Date): LessonsContext => ({
    tenantId,
    school: { timezone: school.timezone, currency: school.currency, locale: school.locale },
    actor: who.actor,
    viewer: who.viewer,
    settings,
    now,
    keyring: ctx.keyring,
  });
  const at = (day: string, time: string) => localInstant(day, time, school.timezone);
  /** Before today began: the history never runs into the day it is generated on. */
  const past = (d: Date) => (d < startOfToday ? d : new Date(startOfToday.getTime() - 20 * MINUTE));
  const tally = {
    'lessons recorded': 0,
    'skill entries': 0,
    'left to record': 0,
    evaluations: 0,
    'mock tests': 0,
    'theory passes': 0,
    'practical tests': 0,
    documents: 0,
    goals: 0,
    'goals reached': 0,
  };
  const story = schedulingDemoStory(ctx);
  const bookings = story.bookings;
  const office = ctx.office;

  async function addDoc(
    random: Random,
    owner: DemoPerson,
    by: DemoPerson,
    when: Date,
    input: Parameters<typeof addDocument>[2],
    verify = true,
  ) {
    const doc = await addDocument(tx, as(by, when), { ...input, userId: owner.userId });
    tally.documents += 1;
    if (verify)
      await verifyDocument(tx, as(office, past(new Date(when.getTime() + random.int(2, 48) * HOUR))), doc.id);
  }
  const reference = (random: Random, person: DemoPerson, prefix: string) =>
    `${prefix}${person.name
      .replace(/[^A-Za-z]/g, '')
      .slice(-5)
      .toUpperCase()}${random.int(100000, 999999)}`;

  async function lessonOf(b: DemoBookingFact): Promise<string> {
    await createLessonsForBooking(tx, tenantId, b.bookingId);
    const [row] = await tx
      .select({ id: lessons.id })
      .from(lessons)
      .where(and(eq(lessons.tenantId, tenantId), eq(lessons.bookingId, b.bookingId)));
    return row!.id;
  }

  async function live(learner: DemoLearner) {
    // Each learner draws from their own stream: learners run side by side (below).
    const random = ctx.random.fork(`learner:${learner.student.email}`);
    const { student, instructor } = learner;
    const mine = bookings.filter((b) => b.studentId === student.studentId && b.status === 'completed');
    const taught = mine.filter((b) => b.kind === 'lesson');
    const curve = skillCurve({
      stage: learner.stage,
      lessons: taught.length,
      skillCount: skills.length,
      random,
    });
    const firstDay = learner.firstLessonOn;

    // Paperwork first: the provisional licence, added by the student and checked by the office.
    const licenceIssued = addDays(firstDay, -random.int(40, 300));
    await addDoc(random, student, student, at(addDays(firstDay, -random.int(3, 10)), '20:15'), {
      category: 'licence',
      title: 'Provisional driving licence',
      reference: reference(random, student, 'P'),
      issuedOn: licenceIssued,
      expiresOn: addDays(licenceIssued, 3652),
    });

    // Goals: the controls early on (reached when they are mastered), and the test once it is in sight.
    const controls = skills.filter((s) => s.categoryId === syllabus[0]!.id).map((s) => s.id);
    const goalAt = past(at(addDays(firstDay, 1), '19:00'));
    await createGoal(tx, as(student, goalAt), student.studentId, {
      title: `Confident with ${syllabus[0]!.name.toLowerCase()}`,
      skillIds: controls,
      targetLevel: 4,
      weeklyLessons: 1,
    });
    tally.goals += 1;
    const practical = learner.practicalTests.at(-1);
    if (practical && learner.twiceWeeklyFrom) {
      const lastGroup = syllabus.at(-2) ?? syllabus.at(-1)!;
      await createGoal(tx, as(student, past(at(learner.twiceWeeklyFrom, '21:00'))), student.studentId, {
        title: 'Pass the practical test',
        targetTestOn: practical.on,
        weeklyLessons: 2,
        skillIds: skills.filter((s) => s.categoryId === lastGroup.id).map((s) => s.id),
        targetLevel: 4,
      });
      tally.goals += 1;
    }

    // The theory test, booked a few weeks ahead and passed; its certificate uploaded that evening.
    if (learner.theoryPassedOn) {
      const test = await bookTest(
        tx,
        as(office, at(addDays(learner.theoryPassedOn, -random.int(18, 30)), '11:00')),
        student.studentId,
        {
          kind: 'theory',
          testOn: learner.theoryPassedOn,
        },
      );
      await recordTestResult(tx, as(office, at(learner.theoryPassedOn, '17:30')), test.id, {
        result: 'passed',
      });
      tally['theory passes'] += 1;
      await addDoc(random, student, student, at(learner.theoryPassedOn, '20:40'), {
        category: 'theory_certificate',
        title: 'Theory test pass certificate',
        reference: reference(random, student, 'T'),
        issuedOn: learner.theoryPassedOn,
      });
    }

    // Lessons in the order they were taught, practical tests slotted in on their days.
    const events = [
      ...mine.map((b) => ({ at: b.start, b })),
      ...learner.practicalTests.map((t) => ({ at: at(t.on, '09:40'), t })),
    ].sort((x, y) => x.at.getTime() - y.at.getTime());
    let lessonIndex = -1;
    let mocks = 0;
    for (const e of events) {
      if ('t' in e) {
        const test = e.t;
        const bookedAt = past(at(addDays(test.on, -random.int(35, 55)), '10:15'));
        const centre = story.testCentreIds[0];
        const booked = await bookTest(tx, as(office, bookedAt), student.studentId, {
          kind: 'practical',
          testOn: test.on,
          ...(centre ? { centreLocationId: centre } : {}),
        });
        tally['practical tests'] += 1;
        if (test.result !== 'booked') {
          const faults = examinerFaults(Math.max(lessonIndex, 0), test.result === 'passed' ? 0 : 1);
          await recordTestResult(tx, as(office, at(test.on, '15:00')), booked.id, {
            result: test.result,
            faults,
            notes:
              test.result === 'passed' ? 'Passed — congratulations!' : 'One serious fault at a junction.',
          });
        }
        continue;
      }
      const b = e.b;
      const lessonId = await lessonOf(b);
      if (b.kind === 'mock_test') {
        // The first mock of two finds a serious fault; the last is a pass with a handful of minors.
        const last = mocks === learner.mockTestWeeks.length - 1;
        mocks += 1;
        await recordMockTest(
          tx,
          as(instructor, past(new Date(b.end.getTime() + 20 * MINUTE))),
          student.studentId,
          {
            takenAt: b.start.toISOString(),
            faults: examinerFaults(Math.max(lessonIndex, 0), last ? 0 : 1),
            summary: last
              ? 'Test standard: keep it up.'
              : 'A serious fault at a roundabout; otherwise close.',
          },
        );
        tally['mock tests'] += 1;
        await record(lessonId, b, Math.max(lessonIndex, 0), 'Mock test, marked as the examiner would.');
        continue;
      }
      lessonIndex += 1;
      // The latest lesson sometimes waits for its record (the instructor records it after the weekend).
      const isLatest = b === taught.at(-1);
      if (isLatest && b.end.getTime() > startOfToday.getTime() - 2 * 24 * HOUR && random.chance(0.5)) {
        tally['left to record'] += 1;
        continue;
      }
      await record(lessonId, b, lessonIndex, random.pick(LESSON_NOTES));
      if (random.chance(0.35)) {
        await evaluateLesson(tx, as(instructor, past(new Date(b.end.getTime() + 3 * HOUR))), lessonId, {
          rating: Math.min(
            5,
            Math.max(2, Math.round(2.5 + curve.progressAt(lessonIndex) * 2.5 + random.next() - 0.5)),
          ),
          summary: random.pick(LESSON_NOTES),
        });
        tally.evaluations += 1;
      }
    }

    async function record(lessonId: string, b: DemoBookingFact, i: number, notes: string) {
      const entries = curve.entries(i).map((e) => ({
        skillId: skills[e.skill]!.id,
        level: e.level,
        ...(e.level <= 2 && random.chance(0.3) ? { note: random.pick(WEAK_NOTES) } : {}),
      }));
      const recordedAt = past(
        new Date(b.end.getTime() + random.int(1, 30) * HOUR + random.int(0, 59) * MINUTE),
      );
      await recordLesson(tx, as(instructor, recordedAt), lessonId, { entries, notes });
      tally['lessons recorded'] += 1;
      tally['skill entries'] += entries.length;
    }

    /** Faults as an examiner marks them: minors on the weaker skills, `serious` serious ones. */
    function examinerFaults(i: number, serious: number): SkillFaults[] {
      const reached = skills
        .map((s, k) => ({ s, level: curve.levelAt(k, i) }))
        .sort((x, y) => x.level - y.level);
      const weak = reached.slice(0, 8);
      const faults = new Map<string, SkillFaults>();
      const add = (skillId: string, kind: 'driving' | 'serious') => {
        const f = faults.get(skillId) ?? { skillId, driving: 0, serious: 0, dangerous: 0 };
        f[kind] += 1;
        faults.set(skillId, f);
      };
      for (let n = random.int(3, 9); n > 0; n -= 1) add(random.pick(weak).s.id, 'driving');
      for (let n = serious; n > 0; n -= 1) add(random.pick(weak).s.id, 'serious');
      return [...faults.values()];
    }
  }

  // Learners side by side on the school's transaction: postgres.js pipelines their statements (the
  // layer is bound by round trips), and none of these services takes a savepoint that could cut
  // across another learner's statements.
  await Promise.all(ctx.learners.map(live));
  const random = ctx.random.fork('instructors');

  // The instructors' papers: badge and background check, one badge due for renewal in the coming days.
  for (const [i, instructor] of ctx.people.instructors.entries()) {
    const badgeExpires = i === 0 ? addDays(today, random.int(9, 20)) : addDays(today, random.int(200, 900));
    await addDoc(random, instructor, office, at(addDays(today, -random.int(150, 180)), '10:00'), {
      category: 'instructor_badge',
      title: 'Instructor badge',
      reference: reference(random, instructor, 'ADI'),
      issuedOn: addDays(badgeExpires, -4 * 365),
      expiresOn: badgeExpires,
    });
    await addDoc(random, instructor, office, at(addDays(today, -random.int(150, 180)), '10:20'), {
      category: 'background_check',
      title: 'Enhanced background check',
      reference: reference(random, instructor, 'DBS'),
      issuedOn: addDays(today, -random.int(300, 600)),
    });
  }

  const [reached] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(studentGoals)
    .where(and(eq(studentGoals.tenantId, tenantId), eq(studentGoals.status, 'reached')));
  tally['goals reached'] = reached?.n ?? 0;
  return tally;
};
