import type { Tx } from '@dualcontrol/db';
import { and, asc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import {
  ACTIVE_STATUSES,
  availabilityExceptions,
  bookings,
  closures,
  instructorAvailability,
  locations,
} from '../schema.ts';
import type { AvailabilityException, Busy, Interval, WeeklyRule } from '../slots/index.ts';

export type InstructorCalendar = {
  timezone: string;
  rules: WeeklyRule[];
  exceptions: AvailabilityException[];
  closures: Interval[];
  busy: Busy[];
};

/**
 * Everything the slot engine needs about one instructor over [from, to): four indexed queries,
 * whatever the range (no per-day or per-booking queries).
 */
export async function loadInstructorCalendar(
  tx: Tx,
  input: {
    tenantId: string;
    instructorId: string;
    from: Date;
    to: Date;
    fallbackTimezone: string;
    excludeBookingId?: string;
  },
): Promise<InstructorCalendar> {
  const { tenantId, instructorId, from, to } = input;
  const [ruleRows, exceptionRows, closureRows, busyRows] = await Promise.all([
    tx
      .select()
      .from(instructorAvailability)
      .where(
        and(
          eq(instructorAvailability.tenantId, tenantId),
          eq(instructorAvailability.instructorId, instructorId),
        ),
      ),
    tx
      .select()
      .from(availabilityExceptions)
      .where(
        and(
          eq(availabilityExceptions.tenantId, tenantId),
          eq(availabilityExceptions.instructorId, instructorId),
          lt(availabilityExceptions.startsAt, to),
          gt(availabilityExceptions.endsAt, from),
        ),
      ),
    tx
      .select()
      .from(closures)
      .where(and(eq(closures.tenantId, tenantId), lt(closures.startsAt, to), gt(closures.endsAt, from))),
    tx
      .select({
        id: bookings.id,
        startsAt: bookings.startsAt,
        endsAt: bookings.endsAt,
        bufferBeforeMinutes: bookings.bufferBeforeMinutes,
        bufferAfterMinutes: bookings.bufferAfterMinutes,
        lat: locations.lat,
        lng: locations.lng,
      })
      .from(bookings)
      .leftJoin(
        locations,
        and(eq(locations.tenantId, bookings.tenantId), eq(locations.id, bookings.pickupLocationId)),
      )
      .where(
        and(
          eq(bookings.tenantId, tenantId),
          eq(bookings.instructorId, instructorId),
          inArray(bookings.status, [...ACTIVE_STATUSES]),
          // A day of margin either side: neighbours matter for buffers and travel time.
          lt(bookings.startsAt, sql`${to.toISOString()}::timestamptz + interval '1 day'`),
          gt(bookings.endsAt, sql`${from.toISOString()}::timestamptz - interval '1 day'`),
          input.excludeBookingId ? sql`${bookings.id} <> ${input.excludeBookingId}` : undefined,
        ),
      )
      .orderBy(asc(bookings.startsAt)),
  ]);
  return {
    timezone: ruleRows[0]?.timezone ?? input.fallbackTimezone,
    rules: ruleRows.map((r) => ({
      day: r.day,
      start: r.startTime,
      end: r.endTime,
      ...(r.validFrom ? { validFrom: r.validFrom } : {}),
      ...(r.validTo ? { validTo: r.validTo } : {}),
    })),
    exceptions: exceptionRows.map((e) => ({ kind: e.kind, start: e.startsAt, end: e.endsAt })),
    closures: closureRows.map((c) => ({ start: c.startsAt, end: c.endsAt })),
    busy: busyRows.map((b) => ({
      start: b.startsAt,
      end: b.endsAt,
      bufferBeforeMinutes: b.bufferBeforeMinutes,
      bufferAfterMinutes: b.bufferAfterMinutes,
      location: b.lat !== null && b.lng !== null ? { lat: b.lat, lng: b.lng } : null,
    })),
  };
}

/** A student's active bookings (with any instructor) around a range: for per-student limits. */
export async function loadStudentBusy(
  tx: Tx,
  tenantId: string,
  studentId: string,
  from: Date,
  to: Date,
): Promise<Interval[]> {
  const rows = await tx
    .select({ start: bookings.startsAt, end: bookings.endsAt })
    .from(bookings)
    .where(
      and(
        eq(bookings.tenantId, tenantId),
        eq(bookings.studentId, studentId),
        inArray(bookings.status, [...ACTIVE_STATUSES]),
        // The whole ISO weeks around the range, for the weekly limit.
        lt(bookings.startsAt, sql`${to.toISOString()}::timestamptz + interval '8 days'`),
        gt(bookings.endsAt, sql`${from.toISOString()}::timestamptz - interval '8 days'`),
      ),
    );
  return rows;
}

/** The zone an instructor's hours are written in (the school's until they set hours). */
export async function instructorTimezone(
  tx: Tx,
  tenantId: string,
  instructorId: string,
  fallback: string,
): Promise<string> {
  const [row] = await tx
    .select({ timezone: instructorAvailability.timezone })
    .from(instructorAvailability)
    .where(
      and(
        eq(instructorAvailability.tenantId, tenantId),
        eq(instructorAvailability.instructorId, instructorId),
      ),
    )
    .limit(1);
  return row?.timezone ?? fallback;
}
