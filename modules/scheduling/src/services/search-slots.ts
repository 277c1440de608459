import { instructors, type Tx } from '@dualcontrol/db';
import { and, arrayContains, eq } from 'drizzle-orm';
import type { SchedulingPolicies } from '../settings.ts';
import { computeSlots, haversineKm } from '../slots/index.ts';
import { lessonParams } from './lesson-params.ts';
import { loadCalendars } from './load-calendar.ts';

const DAY_MS = 86_400_000;

export type SearchRequest = {
  tenantId: string;
  tenantTimezone: string;
  policies: SchedulingPolicies;
  from: string;
  to: string;
  durationMinutes: number;
  lessonTypeId?: string | undefined;
  transmission?: 'manual' | 'automatic' | undefined;
  pickupLocationId?: string | undefined;
  studentId?: string | undefined;
  now: Date;
};

export type InstructorSlot = { instructorId: string; start: Date; end: Date };

type WorkingArea = { lat?: number; lng?: number; radiusKm?: number } | null;

/** Serves a pickup point when the instructor has no declared area, or the point lies inside it. */
function servesPickup(area: WorkingArea, pickup: { lat: number; lng: number } | null): boolean {
  if (!pickup || !area || area.lat === undefined || area.lng === undefined || area.radiusKm === undefined)
    return true;
  return haversineKm({ lat: area.lat, lng: area.lng }, pickup) <= area.radiusKm;
}

/**
 * "Any instructor": every active instructor who teaches the transmission and covers the pickup
 * point, with their bookable starts. A fixed number of queries however many instructors and days:
 * the lesson type and location, the instructors, then one calendar statement for all of them.
 */
export async function searchSlots(tx: Tx, req: SearchRequest): Promise<InstructorSlot[]> {
  const lesson = await lessonParams(tx, req.tenantId, req, 'query.duration');
  const transmission = req.transmission ?? (lesson.transmission === 'any' ? undefined : lesson.transmission);
  const candidates = await tx
    .select({ id: instructors.id, workingArea: instructors.workingArea })
    .from(instructors)
    .where(
      and(
        eq(instructors.tenantId, req.tenantId),
        eq(instructors.status, 'active'),
        transmission ? arrayContains(instructors.transmissions, [transmission]) : undefined,
      ),
    );
  const eligible = candidates.filter((i) => servesPickup(i.workingArea as WorkingArea, lesson.pickup));
  const rangeFrom = new Date(Date.parse(`${req.from}T00:00:00Z`) - 2 * DAY_MS);
  const rangeTo = new Date(Date.parse(`${req.to}T00:00:00Z`) + 3 * DAY_MS);
  const { calendars, studentBusy } = await loadCalendars(tx, {
    tenantId: req.tenantId,
    instructorIds: eligible.map((i) => i.id),
    from: rangeFrom,
    to: rangeTo,
    fallbackTimezone: req.tenantTimezone,
    studentId: req.studentId,
  });
  const { policies } = req;
  const out: InstructorSlot[] = [];
  for (const [instructorId, cal] of calendars) {
    const slots = computeSlots({
      timezone: cal.timezone,
      from: req.from,
      to: req.to,
      durationMinutes: lesson.durationMinutes,
      bufferBeforeMinutes: lesson.bufferBeforeMinutes,
      bufferAfterMinutes: lesson.bufferAfterMinutes,
      rules: cal.rules,
      exceptions: cal.exceptions,
      closures: cal.closures,
      busy: cal.busy,
      now: req.now,
      minimumNoticeMinutes: policies.minimumNoticeHours * 60,
      horizonDays: policies.bookingHorizonDays,
      grid: { stepMinutes: policies.slotStepMinutes },
      travel: policies.travel,
      pickup: lesson.pickup,
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
    });
    for (const s of slots) out.push({ instructorId, start: s.start, end: s.end });
  }
  return out.sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.instructorId.localeCompare(b.instructorId),
  );
}
