import type { Tx } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import {
  ACTIVE_STATUSES,
  availabilityExceptions,
  bookingParticipants,
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

type RuleRow = WeeklyRule & { instructorId: string; timezone: string };
type ExceptionRow = { instructorId: string; kind: AvailabilityException['kind']; start: string; end: string };
type BusyRow = {
  instructorId: string;
  start: string;
  end: string;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  lat: number | null;
  lng: number | null;
};
type Span = { start: string; end: string };

const ACTIVE = sql.raw(`(${ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ')})`);
const uuidArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;
const instant = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const span = (s: Span): Interval => ({ start: new Date(s.start), end: new Date(s.end) });

type CalendarInput = {
  tenantId: string;
  instructorIds: string[];
  from: Date;
  to: Date;
  fallbackTimezone: string;
  excludeBookingId?: string | undefined;
  studentId?: string | undefined;
};

type CalendarRow = {
  rules: RuleRow[];
  exceptions: ExceptionRow[];
  closures: Span[];
  busy: BusyRow[];
  student_busy: Span[] | null;
};

/** The one statement of loadCalendars (exported so the bench can EXPLAIN it). */
export function calendarStatement(input: CalendarInput) {
  const { tenantId, instructorIds, from, to, studentId } = input;
  const ids = uuidArray(instructorIds);
  return sql`select
    (select coalesce(json_agg(json_build_object('instructorId', a.instructor_id, 'timezone', a.timezone,
              'day', a.day, 'start', a.start_time, 'end', a.end_time, 'validFrom', a.valid_from,
              'validTo', a.valid_to)), '[]')
       from ${instructorAvailability} a where a.tenant_id = ${tenantId} and a.instructor_id = any(${ids})) as rules,
    (select coalesce(json_agg(json_build_object('instructorId', e.instructor_id, 'kind', e.kind,
              'start', e.starts_at, 'end', e.ends_at)), '[]')
       from ${availabilityExceptions} e where e.tenant_id = ${tenantId} and e.instructor_id = any(${ids})
        and e.starts_at < ${instant(to)} and e.ends_at > ${instant(from)}) as exceptions,
    (select coalesce(json_agg(json_build_object('start', c.starts_at, 'end', c.ends_at)), '[]')
       from ${closures} c where c.tenant_id = ${tenantId}
        and c.starts_at < ${instant(to)} and c.ends_at > ${instant(from)}) as closures,
    (select coalesce(json_agg(json_build_object('instructorId', b.instructor_id, 'start', b.starts_at,
              'end', b.ends_at, 'bufferBeforeMinutes', b.buffer_before_minutes,
              'bufferAfterMinutes', b.buffer_after_minutes, 'lat', l.lat, 'lng', l.lng) order by b.starts_at), '[]')
       from ${bookings} b left join ${locations} l on l.tenant_id = b.tenant_id and l.id = b.pickup_location_id
      where b.tenant_id = ${tenantId} and b.instructor_id = any(${ids}) and b.status in ${ACTIVE}
        -- A day of margin either side: neighbours matter for buffers and travel time.
        and b.starts_at < ${instant(to)} + interval '1 day' and b.ends_at > ${instant(from)} - interval '1 day'
        ${input.excludeBookingId ? sql`and b.id <> ${input.excludeBookingId}` : sql``}) as busy,
    ${
      studentId
        ? sql`(select coalesce(json_agg(json_build_object('start', s.starts_at, 'end', s.ends_at)), '[]')
       from ${bookings} s where s.tenant_id = ${tenantId} and s.status in ${ACTIVE}
        -- Their lessons (and the group sessions they lead), and the seats they hold in other group
        -- sessions: a seat counts like a lesson. Two indexed reads, not an OR the planner scans.
        and s.id in (select l.id from ${bookings} l where l.tenant_id = ${tenantId} and l.student_id = ${studentId}
                       and l.starts_at < ${instant(to)} + interval '8 days' and l.ends_at > ${instant(from)} - interval '8 days'
                     union
                     select p.booking_id from ${bookingParticipants} p
                      where p.tenant_id = ${tenantId} and p.student_id = ${studentId} and p.status = 'booked')
        -- The whole ISO weeks around the range, for the weekly limit.
        and s.starts_at < ${instant(to)} + interval '8 days' and s.ends_at > ${instant(from)} - interval '8 days'
        -- A lesson being moved counts neither against its own new time nor towards the caps.
        ${input.excludeBookingId ? sql`and s.id <> ${input.excludeBookingId}` : sql``})`
        : sql`null::json`
    } as student_busy`;
}

/**
 * Everything the slot engine needs about a set of instructors over [from, to) — and, when asked,
 * a student's own lessons for their limits — in ONE statement, whatever the number of instructors
 * or days (no N+1; each part is an indexed read aggregated to JSON), grouped per instructor.
 */
export async function loadCalendars(
  tx: Tx,
  input: CalendarInput,
): Promise<{ calendars: Map<string, InstructorCalendar>; studentBusy: Interval[] | undefined }> {
  const [row] = await tx.execute<CalendarRow>(calendarStatement(input));
  const closed = row!.closures.map(span);
  const calendars = new Map<string, InstructorCalendar>();
  for (const id of input.instructorIds) {
    calendars.set(id, {
      timezone: input.fallbackTimezone,
      rules: [],
      exceptions: [],
      closures: closed,
      busy: [],
    });
  }
  for (const r of row!.rules) {
    const cal = calendars.get(r.instructorId)!;
    cal.timezone = r.timezone;
    cal.rules.push({
      day: r.day,
      start: r.start,
      end: r.end,
      ...(r.validFrom ? { validFrom: r.validFrom } : {}),
      ...(r.validTo ? { validTo: r.validTo } : {}),
    });
  }
  for (const e of row!.exceptions) {
    calendars.get(e.instructorId)!.exceptions.push({ kind: e.kind, ...span(e) });
  }
  for (const b of row!.busy) {
    calendars.get(b.instructorId)!.busy.push({
      ...span(b),
      bufferBeforeMinutes: b.bufferBeforeMinutes,
      bufferAfterMinutes: b.bufferAfterMinutes,
      location: b.lat !== null && b.lng !== null ? { lat: b.lat, lng: b.lng } : null,
    });
  }
  return { calendars, studentBusy: row!.student_busy?.map(span) };
}
