import type { Tx } from '@dualcontrol/db';
import type { SchedulingPolicies } from '../settings.ts';
import { computeSlots, type GeoPoint, type Interval, type Slot, type SlotQuery } from '../slots/index.ts';
import { type InstructorCalendar, loadCalendars } from './load-calendar.ts';

const DAY_MS = 86_400_000;

export type SlotRequest = {
  tenantId: string;
  tenantTimezone: string;
  policies: SchedulingPolicies;
  instructorId: string;
  from: string;
  to: string;
  durationMinutes: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  pickup?: GeoPoint | null;
  /** Apply this student's limits (their own bookings, per-day/week caps, minimum gap). */
  studentId?: string | undefined;
  /** Leave one booking out (rescheduling it must not collide with itself). */
  excludeBookingId?: string;
  now: Date;
};

/** The instructor's bookable starts between two local dates, under the school's policies. */
export async function listSlots(tx: Tx, req: SlotRequest): Promise<{ timezone: string; slots: Slot[] }> {
  const { calendar, studentBusy } = await loadSlotCalendar(tx, req);
  // Client input is validated at the edge; a RangeError here means stored data is inconsistent,
  // which is our fault (500 with the details in the log), not the caller's.
  return { timezone: calendar.timezone, slots: computeSlots(slotQuery(req, calendar, studentBusy)) };
}

/** What the slot engine needs about the instructor (and the student, when named), in one statement. */
export async function loadSlotCalendar(
  tx: Tx,
  req: SlotRequest,
): Promise<{ calendar: InstructorCalendar; studentBusy: Interval[] | undefined }> {
  // Wide enough for any zone offset (±14 h) plus neighbours on either side.
  const rangeFrom = new Date(Date.parse(`${req.from}T00:00:00Z`) - 2 * DAY_MS);
  const rangeTo = new Date(Date.parse(`${req.to}T00:00:00Z`) + 3 * DAY_MS);
  const { calendars, studentBusy } = await loadCalendars(tx, {
    tenantId: req.tenantId,
    instructorIds: [req.instructorId],
    from: rangeFrom,
    to: rangeTo,
    fallbackTimezone: req.tenantTimezone,
    excludeBookingId: req.excludeBookingId,
    studentId: req.studentId,
  });
  return { calendar: calendars.get(req.instructorId)!, studentBusy };
}

/** The slot engine's query for a request, from its loaded calendar. */
export function slotQuery(
  req: SlotRequest,
  calendar: InstructorCalendar,
  studentBusy: Interval[] | undefined,
): SlotQuery {
  const { policies } = req;
  return {
    timezone: calendar.timezone,
    from: req.from,
    to: req.to,
    durationMinutes: req.durationMinutes,
    bufferBeforeMinutes: req.bufferBeforeMinutes ?? 0,
    bufferAfterMinutes: req.bufferAfterMinutes ?? 0,
    rules: calendar.rules,
    exceptions: calendar.exceptions,
    closures: calendar.closures,
    busy: calendar.busy,
    now: req.now,
    minimumNoticeMinutes: policies.minimumNoticeHours * 60,
    horizonDays: policies.bookingHorizonDays,
    grid: { stepMinutes: policies.slotStepMinutes },
    travel: policies.travel,
    pickup: req.pickup ?? null,
    ...(studentBusy
      ? {
          student: {
            busy: studentBusy,
            maxPerDay: policies.studentMaxPerDay,
            maxPerWeek: policies.studentMaxPerWeek,
            minGapMinutes: policies.studentMinGapMinutes,
          },
        }
      : {}),
  };
}
