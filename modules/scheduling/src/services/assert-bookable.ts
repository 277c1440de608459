import type { Tx } from '@dualcontrol/db';
import { DateTime } from 'luxon';
import type { SchedulingPolicies } from '../settings.ts';
import { computeSlots, type GeoPoint, type SlotQuery, studentRefusalAt } from '../slots/index.ts';
import { loadSlotCalendar, type SlotRequest, slotQuery } from './list-slots.ts';
import { requireInstructor, requireStudent } from './people-lookup.ts';
import { outsideAvailability, slotTaken, studentBusy, studentLimit } from './scheduling-errors.ts';

declare const partiesLocked: unique symbol;

/** The instructor and student of a lesson being written, both locked until the transaction ends. */
export type BookingParties = {
  instructor: Awaited<ReturnType<typeof requireInstructor>>;
  student: Awaited<ReturnType<typeof requireStudent>>;
  readonly [partiesLocked]: true;
};

/**
 * Reads and locks the two parties of a booking being created or moved: the instructor's diary,
 * then the student's lessons. Everything assertBookable reads after this is final until the write,
 * so neither the instructor's diary nor the student's caps can be overbooked by requests running
 * side by side. The two statements go one after the other, never pipelined in either order: every
 * transaction asks for the diary lock first, so no two can each hold the lock the other waits for.
 * `fields` name where the request gave each id, for a 404 that says which one is unknown.
 */
export async function lockBookingParties(
  tx: Tx,
  tenantId: string,
  ids: { instructorId: string; studentId: string },
  fields: { instructorId?: string; studentId?: string } = {},
): Promise<BookingParties> {
  const instructor = await requireInstructor(tx, tenantId, ids.instructorId, {
    lockDiary: true,
    field: fields.instructorId,
  });
  const student = await requireStudent(tx, tenantId, ids.studentId, {
    lockLessons: true,
    field: fields.studentId,
  });
  return { instructor, student } as BookingParties;
}

export type BookableTime = {
  start: Date;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  pickup: GeoPoint | null;
  /** The lesson being moved: it neither blocks its new time nor counts towards the student's caps. */
  excludeBookingId?: string | undefined;
};

/**
 * The one rule for writing a lesson's time, for a new booking and a moved one alike: the start must
 * be a slot the engine offers this student with this instructor (working hours, time off, closures,
 * notice and horizon, the instructor's other lessons with buffers and pickup travel, the student's
 * own lessons and caps). When it is not, the refusal names the first rule broken, from the outside
 * in: outside the bookable hours, the instructor taken, the student busy, a student limit.
 */
export async function assertBookable(
  tx: Tx,
  ctx: { tenantId: string; tenantTimezone: string; policies: SchedulingPolicies; now: Date },
  parties: BookingParties,
  time: BookableTime,
): Promise<void> {
  // Ask the slot engine about the start's own local day, in the zone the instructor's hours use.
  const zone = parties.instructor.hoursTimezone ?? ctx.tenantTimezone;
  const day = DateTime.fromJSDate(time.start, { zone }).toISODate()!;
  const request: SlotRequest = {
    tenantId: ctx.tenantId,
    tenantTimezone: ctx.tenantTimezone,
    policies: ctx.policies,
    instructorId: parties.instructor.id,
    studentId: parties.student.id,
    from: day,
    to: day,
    durationMinutes: time.durationMinutes,
    bufferBeforeMinutes: time.bufferBeforeMinutes,
    bufferAfterMinutes: time.bufferAfterMinutes,
    pickup: time.pickup,
    excludeBookingId: time.excludeBookingId,
    now: ctx.now,
  };
  const { calendar, studentBusy: lessons } = await loadSlotCalendar(tx, request);
  const query = slotQuery(request, calendar, lessons);
  const startMs = time.start.getTime();
  const offered = (q: SlotQuery) => computeSlots(q).some((slot) => slot.start.getTime() === startMs);
  if (offered(query)) return;

  // Refused: the same calendar asked again without one rule at a time says which rule it was.
  const { student: _student, ...instructorOnly } = query;
  if (!offered({ ...instructorOnly, busy: [] })) throw outsideAvailability();
  if (!offered(instructorOnly)) throw slotTaken();
  const refusal = studentRefusalAt(query, time.start);
  if (refusal === 'overlap') throw studentBusy();
  if (refusal) throw studentLimit(refusal, ctx.policies);
  throw slotTaken();
}
