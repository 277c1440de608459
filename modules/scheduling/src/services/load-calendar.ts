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
 * Everything the slot engine needs about a set of instructors over [from, to): four indexed
 * queries whatever the number of instructors or days (no N+1), grouped per instructor.
 */
export async function loadInstructorCalendars(
  tx: Tx,
  input: {
    tenantId: string;
    instructorIds: string[];
    from: Date;
    to: Date;
    fallbackTimezone: string;
    excludeBookingId?: string;
  },
): Promise<Map<string, InstructorCalendar>> {
  const { tenantId, instructorIds, from, to } = input;
  const calendars = new Map<string, InstructorCalendar>();
  if (!instructorIds.length) return calendars;
  const [ruleRows, exceptionRows, closureRows, busyRows] = await Promise.all([
    tx
      .select()
      .from(instructorAvailability)
      .where(
        and(
          eq(instructorAvailability.tenantId, tenantId),
          inArray(instructorAvailability.instructorId, instructorIds),
        ),
      ),
    tx
      .select()
      .from(availabilityExceptions)
      .where(
        and(
          eq(availabilityExceptions.tenantId, tenantId),
          inArray(availabilityExceptions.instructorId, instructorIds),
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
        instructorId: bookings.instructorId,
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
          inArray(bookings.instructorId, instructorIds),
          inArray(bookings.status, [...ACTIVE_STATUSES]),
          // A day of margin either side: neighbours matter for buffers and travel time.
          lt(bookings.startsAt, sql`${to.toISOString()}::timestamptz + interval '1 day'`),
          gt(bookings.endsAt, sql`${from.toISOString()}::timestamptz - interval '1 day'`),
          input.excludeBookingId ? sql`${bookings.id} <> ${input.excludeBookingId}` : undefined,
        ),
      )
      .orderBy(asc(bookings.startsAt)),
  ]);
  const closed = closureRows.map((c) => ({ start: c.startsAt, end: c.endsAt }));
  for (const id of instructorIds) {
    calendars.set(id, {
      timezone: input.fallbackTimezone,
      rules: [],
      exceptions: [],
      closures: closed,
      busy: [],
    });
  }
  for (const r of ruleRows) {
    const cal = calendars.get(r.instructorId)!;
    cal.timezone = r.timezone;
    cal.rules.push({
      day: r.day,
      start: r.startTime,
      end: r.endTime,
      ...(r.validFrom ? { validFrom: r.validFrom } : {}),
      ...(r.validTo ? { validTo: r.validTo } : {}),
    });
  }
  for (const e of exceptionRows) {
    calendars.get(e.instructorId)!.exceptions.push({ kind: e.kind, start: e.startsAt, end: e.endsAt });
  }
  for (const b of busyRows) {
    calendars.get(b.instructorId)!.busy.push({
      start: b.startsAt,
      end: b.endsAt,
      bufferBeforeMinutes: b.bufferBeforeMinutes,
      bufferAfterMinutes: b.bufferAfterMinutes,
      location: b.lat !== null && b.lng !== null ? { lat: b.lat, lng: b.lng } : null,
    });
  }
  return calendars;
}

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
  const { instructorId, ...rest } = input;
  const calendars = await loadInstructorCalendars(tx, { ...rest, instructorIds: [instructorId] });
  return calendars.get(instructorId)!;
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
