import type { Tx } from '@dualcontrol/db';
import { AppError, badRequest, can, notFound, requireCan } from '@dualcontrol/platform';
import { and, eq, gte, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { SchedulingContext } from '../http-context.ts';
import { ACTIVE_STATUSES, bookings, recurringSeries } from '../schema.ts';
import type { BookingView } from './booking-view.ts';
import { type CreateBookingInput, createBooking } from './create-booking.ts';
import { requireInstructor, requireStudent } from './people-lookup.ts';
import { transitionBooking } from './transition-booking.ts';

/** The subset of RFC 5545 RRULE a lesson series needs: weekly, every INTERVAL weeks, COUNT times. */
export function parseWeeklyRule(rrule: string): { interval: number; count: number } {
  const parts = new Map(rrule.split(';').map((p) => p.split('=') as [string, string]));
  const count = Number(parts.get('COUNT'));
  const interval = Number(parts.get('INTERVAL') ?? '1');
  const known = [...parts.keys()].every((k) => ['FREQ', 'COUNT', 'INTERVAL'].includes(k));
  if (
    parts.get('FREQ') !== 'WEEKLY' ||
    !known ||
    !Number.isInteger(count) ||
    count < 1 ||
    count > 52 ||
    !Number.isInteger(interval) ||
    interval < 1 ||
    interval > 4
  ) {
    throw badRequest(
      'scheduling.unsupported_rrule',
      'Use FREQ=WEEKLY;COUNT=1–52 with an optional INTERVAL=1–4.',
      [{ path: 'body.rrule', message: 'supported: FREQ=WEEKLY;COUNT=n[;INTERVAL=k]' }],
    );
  }
  return { interval, count };
}

/**
 * Each occurrence keeps the first lesson's local wall-clock time (10:00 stays 10:00 across a
 * daylight-saving change), computed in the instructor's zone.
 */
export function occurrenceStarts(
  first: Date,
  zone: string,
  rule: { interval: number; count: number },
): Date[] {
  const local = DateTime.fromJSDate(first, { zone });
  return Array.from({ length: rule.count }, (_, i) => local.plus({ weeks: i * rule.interval }).toJSDate());
}

export type SeriesView = { id: string; rrule: string; timezone: string; bookings: BookingView[] };

/**
 * Books every occurrence of a weekly series, all or nothing: if any occurrence is not bookable
 * the whole request is refused with the dates at fault (409), and nothing is written.
 */
export async function createSeries(
  tx: Tx,
  ctx: SchedulingContext,
  input: Omit<CreateBookingInput, 'seriesId'> & { rrule: string },
): Promise<SeriesView> {
  const rule = parseWeeklyRule(input.rrule);
  const studentId = input.studentId ?? ctx.viewer.studentId;
  if (!studentId)
    throw badRequest('scheduling.student_required', 'Say which student the lessons are for.', [
      { path: 'body.studentId', message: 'required' },
    ]);
  // The same rule as each occurrence's, asked once up front: a student booking a series for
  // someone else is a 403, not a series whose every occurrence is refused.
  requireCan(ctx.viewer, 'scheduling:booking:create:own', {
    resource: { studentId, instructorId: input.instructorId },
    detail: 'You can only book your own lessons.',
  });
  // Checked before the series row is written: an unknown id must be the caller's 404 naming the
  // field, not a foreign-key failure of the insert.
  const instructor = await requireInstructor(tx, ctx.tenantId, input.instructorId, {
    field: 'body.instructorId',
  });
  await requireStudent(tx, ctx.tenantId, studentId, { field: 'body.studentId' });
  const zone = instructor.hoursTimezone ?? ctx.tenantTimezone;
  const [series] = await tx
    .insert(recurringSeries)
    .values({
      tenantId: ctx.tenantId,
      instructorId: instructor.id,
      studentId,
      lessonTypeId: input.lessonTypeId ?? null,
      rrule: input.rrule,
      timezone: zone,
      firstStartsAt: input.start,
      durationMinutes: input.durationMinutes,
    })
    .returning();
  const created: BookingView[] = [];
  const refused: { start: string; reason: string }[] = [];
  for (const start of occurrenceStarts(input.start, zone, rule)) {
    try {
      // A savepoint per occurrence, so one refusal does not poison the transaction before we report all.
      created.push(
        await tx.transaction((sp) =>
          createBooking(sp, ctx, { ...input, studentId, start, seriesId: series!.id }),
        ),
      );
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      refused.push({ start: start.toISOString(), reason: error.detail ?? error.title });
    }
  }
  if (refused.length) {
    throw new AppError('scheduling.series_conflict', {
      status: 409,
      title: 'Conflict',
      detail: `${refused.length} of ${rule.count} lessons cannot be booked; nothing was booked.`,
      extra: { refused },
    });
  }
  return { id: series!.id, rrule: input.rrule, timezone: zone, bookings: created };
}

/** "Cancel the rest": every later active occurrence of the series, each with its own policy fee. */
export async function cancelRestOfSeries(
  tx: Tx,
  ctx: SchedulingContext,
  input: { seriesId: string; from?: Date | undefined; reason?: string | undefined },
): Promise<BookingView[]> {
  const [series] = await tx
    .select()
    .from(recurringSeries)
    .where(and(eq(recurringSeries.tenantId, ctx.tenantId), eq(recurringSeries.id, input.seriesId)));
  const visible =
    series &&
    can(ctx.viewer, 'scheduling:booking:read:own', {
      studentId: series.studentId,
      instructorId: series.instructorId,
    });
  if (!visible) throw notFound('scheduling.series_not_found', 'No such lesson series.');
  const from = input.from && input.from > ctx.now ? input.from : ctx.now;
  const later = await tx
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(
        eq(bookings.tenantId, ctx.tenantId),
        eq(bookings.seriesId, series.id),
        gte(bookings.startsAt, from),
        inArray(
          bookings.status,
          ACTIVE_STATUSES.filter((s) => s !== 'in_progress'),
        ),
      ),
    );
  const cancelled: BookingView[] = [];
  for (const { id } of later)
    cancelled.push(
      await transitionBooking(tx, ctx, { bookingId: id, action: 'cancel', reason: input.reason }),
    );
  await tx
    .update(recurringSeries)
    .set({ status: 'cancelled' })
    .where(and(eq(recurringSeries.tenantId, ctx.tenantId), eq(recurringSeries.id, series.id)));
  return cancelled;
}
