import type { DemoLearner, DemoPerson, DemoStage } from './demo-context.ts';
import { addDays, daysBetween } from './local-days.ts';
import type { Random } from './random.ts';

/** The order stages are handed out in, so even a small school has every stage. */
const STAGE_CYCLE: readonly DemoStage[] = ['nearly_ready', 'passed', 'early', 'started'];

/**
 * Decides each student's journey over the six months ending `today`: their stage (handed out in
 * turn after a seeded shuffle, so every stage is present), their usual instructor (in turn), when
 * they began, how often they drive, when they sit mock, theory and practical tests, and until when
 * they have lessons (a few weeks ahead, or the day before the test they passed).
 */
export function castLearners(input: {
  students: (DemoPerson & { studentId: string })[];
  instructors: (DemoPerson & { instructorId: string })[];
  today: string;
  random: Random;
}): DemoLearner[] {
  const { today, random } = input;
  if (input.instructors.length === 0) return [];
  const students = random.shuffle([...input.students].sort((a, b) => a.email.localeCompare(b.email)));
  const instructors = [...input.instructors].sort((a, b) => a.email.localeCompare(b.email));
  const ahead = addDays(today, random.int(24, 30));
  return students.map((student, i): DemoLearner => {
    const stage = STAGE_CYCLE[i % STAGE_CYCLE.length]!;
    const instructor = instructors[i % instructors.length]!;
    const base = { student, stage, instructor };
    switch (stage) {
      case 'passed': {
        const firstLessonOn = addDays(today, -random.int(170, 182));
        const passedOn = addDays(today, -random.int(10, 24));
        // One in two passed at the second attempt, five weeks earlier.
        const failedFirst = random.chance(0.5);
        const tests = failedFirst
          ? [
              { on: addDays(passedOn, -random.int(33, 40)), result: 'failed' as const },
              { on: passedOn, result: 'passed' as const },
            ]
          : [{ on: passedOn, result: 'passed' as const }];
        const weeks = Math.floor(daysBetween(firstLessonOn, passedOn) / 7);
        return {
          ...base,
          firstLessonOn,
          lessonsUntil: addDays(passedOn, -1),
          twiceWeeklyFrom: addDays(tests[0]!.on, -35),
          mockTestWeeks: [weeks - 9, weeks - 5 - (failedFirst ? 2 : 0)].filter((w) => w > 4),
          theoryPassedOn: addDays(firstLessonOn, random.int(35, 55)),
          practicalTests: tests,
        };
      }
      case 'nearly_ready': {
        const firstLessonOn = addDays(today, -random.int(140, 165));
        const weeks = Math.floor(daysBetween(firstLessonOn, today) / 7);
        const testOn = addDays(today, random.int(15, 25));
        return {
          ...base,
          firstLessonOn,
          lessonsUntil: addDays(testOn, -1),
          twiceWeeklyFrom: addDays(today, -random.int(28, 42)),
          mockTestWeeks: [weeks - 6, weeks - 2],
          theoryPassedOn: addDays(firstLessonOn, random.int(30, 50)),
          practicalTests: [{ on: testOn, result: 'booked' }],
        };
      }
      case 'early':
        return {
          ...base,
          firstLessonOn: addDays(today, -random.int(50, 70)),
          lessonsUntil: ahead,
          twiceWeeklyFrom: null,
          mockTestWeeks: [],
          theoryPassedOn: null,
          practicalTests: [],
        };
      default: // 'started'
        return {
          ...base,
          // A week or two back: the first weekly lesson then falls at least four days ago.
          firstLessonOn: addDays(today, -random.int(10, 16)),
          lessonsUntil: ahead,
          twiceWeeklyFrom: null,
          mockTestWeeks: [],
          theoryPassedOn: null,
          practicalTests: [],
        };
    }
  });
}
