import { instructors, type Tx, users } from '@dualcontrol/db';
import { badRequest, requireCan } from '@dualcontrol/platform';
import { and, asc, eq, gt, inArray, lt } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { bookings } from '../schema.ts';
import { computeAvailabilityWindows, type Interval } from '../slots/index.ts';
import { loadCalendars } from './load-calendar.ts';
import type { Viewer } from './viewer.ts';

/** Bookings that take an instructor's time: asked for, agreed, under way or taught. */
const TIME_TAKING = ['pending', 'confirmed', 'in_progress', 'completed'] as const;
const MAX_DAYS = 366;
const MS_PER_MINUTE = 60_000;

type Figures = { availableMinutes: number; bookedMinutes: number; lessons: number };
export type InstructorUtilisation = Figures & {
  instructorId: string;
  name: string;
  utilisation: number | null;
};
export type UtilisationReport = {
  timezone: string;
  from: string;
  to: string;
  instructors: InstructorUtilisation[];
  days: (Figures & { date: string })[];
  total: Figures & { utilisation: number | null };
};

/** Minutes of `spans` inside [start, end). */
function minutesWithin(spans: Interval[], start: number, end: number): number {
  let ms = 0;
  for (const s of spans)
    ms += Math.max(0, Math.min(s.end.getTime(), end) - Math.max(s.start.getTime(), start));
  return Math.round(ms / MS_PER_MINUTE);
}

// Four decimals: enough for a percentage with two, without float noise in the answer.
const ratio = (f: Figures) =>
  f.availableMinutes > 0 ? Math.round((f.bookedMinutes / f.availableMinutes) * 10_000) / 10_000 : null;

/**
 * Booked hours against available hours per instructor and per day between two dates of the
 * school's calendar (inclusive). Available is the weekly hours plus extra hours, less time off and
 * closures (the slot engine's windows, so the two can never disagree); booked counts every booking
 * that takes the instructor's time, clipped to the range.
 */
export async function instructorUtilisation(
  tx: Tx,
  input: { tenantId: string; timezone: string; viewer: Viewer; from: string; to: string },
): Promise<UtilisationReport> {
  requireCan(input.viewer, 'scheduling:reports:read', {
    detail: 'Only the school’s owner or admins can see utilisation.',
  });
  const first = DateTime.fromISO(input.from, { zone: input.timezone }).startOf('day');
  const afterLast = DateTime.fromISO(input.to, { zone: input.timezone }).plus({ days: 1 }).startOf('day');
  const dayCount = Math.round(afterLast.diff(first, 'days').days);
  if (dayCount < 1)
    throw badRequest('scheduling.invalid_range', 'The end date must not be before the start date.', [
      { path: 'query.to', message: 'must be on or after from' },
    ]);
  if (dayCount > MAX_DAYS)
    throw badRequest('scheduling.invalid_range', `At most ${MAX_DAYS} days at a time.`, [
      { path: 'query.to', message: `at most ${MAX_DAYS} days after from` },
    ]);
  const start = first.toMillis();
  const end = afterLast.toMillis();
  const dayBounds = Array.from({ length: dayCount }, (_, i) => ({
    date: first.plus({ days: i }).toISODate()!,
    start: first.plus({ days: i }).toMillis(),
    end: first.plus({ days: i + 1 }).toMillis(),
  }));

  const people = await tx
    .select({ id: instructors.id, name: users.name })
    .from(instructors)
    .innerJoin(users, and(eq(users.tenantId, instructors.tenantId), eq(users.id, instructors.userId)))
    .where(and(eq(instructors.tenantId, input.tenantId), eq(instructors.status, 'active')))
    .orderBy(asc(users.name));
  const ids = people.map((p) => p.id);
  const [{ calendars }, booked] = await Promise.all([
    loadCalendars(tx, {
      tenantId: input.tenantId,
      instructorIds: ids,
      from: new Date(start - 2 * 86_400_000),
      to: new Date(end + 2 * 86_400_000),
      fallbackTimezone: input.timezone,
    }),
    ids.length
      ? tx
          .select({ instructorId: bookings.instructorId, start: bookings.startsAt, end: bookings.endsAt })
          .from(bookings)
          .where(
            and(
              eq(bookings.tenantId, input.tenantId),
              inArray(bookings.instructorId, ids),
              inArray(bookings.status, [...TIME_TAKING]),
              lt(bookings.startsAt, new Date(end)),
              gt(bookings.endsAt, new Date(start)),
            ),
          )
      : [],
  ]);

  const days = dayBounds.map((d) => ({ date: d.date, availableMinutes: 0, bookedMinutes: 0, lessons: 0 }));
  const rows = people.map((person) => {
    const calendar = calendars.get(person.id)!;
    // The instructor's hours may be written in another zone than the school's: a day either side
    // covers every rule that can reach into the school's range.
    const windows = computeAvailabilityWindows({
      timezone: calendar.timezone,
      from: first.minus({ days: 1 }).toISODate()!,
      to: afterLast.toISODate()!,
      durationMinutes: 15,
      rules: calendar.rules,
      exceptions: calendar.exceptions,
      closures: calendar.closures,
      now: new Date(start),
    });
    const own = booked.filter((b) => b.instructorId === person.id);
    dayBounds.forEach((d, i) => {
      const day = days[i]!;
      day.availableMinutes += minutesWithin(windows, d.start, d.end);
      day.bookedMinutes += minutesWithin(own, d.start, d.end);
      day.lessons += own.filter((b) => b.start.getTime() >= d.start && b.start.getTime() < d.end).length;
    });
    const figures: Figures = {
      availableMinutes: minutesWithin(windows, start, end),
      bookedMinutes: minutesWithin(own, start, end),
      lessons: own.filter((b) => b.start.getTime() >= start).length,
    };
    return { instructorId: person.id, name: person.name, ...figures, utilisation: ratio(figures) };
  });
  const total: Figures = {
    availableMinutes: rows.reduce((s, r) => s + r.availableMinutes, 0),
    bookedMinutes: rows.reduce((s, r) => s + r.bookedMinutes, 0),
    lessons: rows.reduce((s, r) => s + r.lessons, 0),
  };
  return {
    timezone: input.timezone,
    from: input.from,
    to: input.to,
    instructors: rows,
    days,
    total: { ...total, utilisation: ratio(total) },
  };
}
