import { isoWeekIndexOf } from './calendar-date.ts';
import type { NormalizedStudent } from './normalize-query.ts';
import { mergeSpans, overlapsAny } from './time-span.ts';
import { MS_PER_DAY } from './time-units.ts';
import type { WallClock } from './wall-clock.ts';

/** Which of the student's own rules rules a lesson out. */
export type StudentRefusal = 'overlap' | 'minimum_gap' | 'max_per_day' | 'max_per_week';

/**
 * Whether the student may take a lesson [start, end) starting on local day `localDay`: it must not
 * overlap or come within minGap of their other lessons, and their lessons already booked that day
 * and that ISO week must stay under the caps. Days and weeks are the instructor's, the zone the
 * whole query lives in.
 */
export function createStudentCheck(
  student: NormalizedStudent,
  clock: WallClock,
): (start: number, end: number, localDay: number) => boolean {
  const refusal = createStudentRefusal(student, clock);
  return (start, end, localDay) => refusal(start, end, localDay) === undefined;
}

/** The same rules as createStudentCheck, naming the first one a lesson breaks (undefined: none). */
export function createStudentRefusal(
  student: NormalizedStudent,
  clock: WallClock,
): (start: number, end: number, localDay: number) => StudentRefusal | undefined {
  const { maxPerDay, maxPerWeek, minGapMs } = student;
  const lessons = mergeSpans(student.busy);
  // Widening the student's lessons by the gap, rather than the candidate, keeps the gap around a
  // zero-length entry too (an empty span would vanish in mergeSpans).
  const blocked = mergeSpans(
    student.busy.map((lesson) => ({ start: lesson.start - minGapMs, end: lesson.end + minGapMs })),
  );
  const perDay = new Map<number, number>();
  const perWeek = new Map<number, number>();
  for (const lesson of student.busy) {
    const day = Math.floor(clock.toLocal(lesson.start) / MS_PER_DAY);
    const week = isoWeekIndexOf(day);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
    perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
  }

  return (start, end, localDay) => {
    if (overlapsAny(blocked, start, end)) return overlapsAny(lessons, start, end) ? 'overlap' : 'minimum_gap';
    if (maxPerDay !== undefined && (perDay.get(localDay) ?? 0) >= maxPerDay) return 'max_per_day';
    if (maxPerWeek !== undefined && (perWeek.get(isoWeekIndexOf(localDay)) ?? 0) >= maxPerWeek)
      return 'max_per_week';
    return undefined;
  };
}
