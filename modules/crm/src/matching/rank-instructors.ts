import { instructors, type Tx, users } from '@dualcontrol/db';
import { type readPolicies, searchSlots } from '@dualcontrol/scheduling';
import { and, eq } from 'drizzle-orm';
import type { ContactRow } from '../services/contacts.ts';
import type { CrmContext } from '../services/crm-context.ts';
import { addDays, schoolDay } from '../services/school-day.ts';
import { AREA_RANK, type AreaMatch, matchArea } from './working-area.ts';

/** Weeks ahead over which free capacity is measured. */
export const CAPACITY_WEEKS = 4;

export type InstructorMatch = {
  instructorId: string;
  name: string;
  transmissions: string[];
  area: AreaMatch;
  freeHoursPerWeek: number;
};

/**
 * Free hours in a set of bookable 60-minute starts (scheduling's slot engine: availability minus
 * bookings, time off, closures, buffers and the school's notice and horizon): starts overlap on the
 * 15-minute grid, so they are counted greedily without overlap.
 */
function freeHours(starts: { start: Date; end: Date }[]): number {
  let hours = 0;
  let until = 0;
  for (const s of [...starts].sort((a, b) => a.start.getTime() - b.start.getTime())) {
    if (s.start.getTime() < until) continue;
    hours += (s.end.getTime() - s.start.getTime()) / 3_600_000;
    until = s.end.getTime();
  }
  return hours;
}

/**
 * The school's active instructors for a contact, best first: by area (district, then area, then
 * instructors who list no postcodes; those whose list leaves the contact out are dropped), then
 * by free hours a week over the next weeks; only those who teach the contact's gearbox.
 */
export async function rankInstructors(
  tx: Tx,
  ctx: CrmContext & { policies: ReturnType<typeof readPolicies> },
  contact: Pick<ContactRow, 'postcode' | 'transmission'>,
): Promise<InstructorMatch[]> {
  const rows = await tx
    .select({
      id: instructors.id,
      name: users.name,
      transmissions: instructors.transmissions,
      workingArea: instructors.workingArea,
    })
    .from(instructors)
    .innerJoin(users, and(eq(users.tenantId, instructors.tenantId), eq(users.id, instructors.userId)))
    .where(and(eq(instructors.tenantId, ctx.tenantId), eq(instructors.status, 'active')));
  const candidates = rows
    .filter((i) => !contact.transmission || i.transmissions.includes(contact.transmission))
    .map((i) => ({ ...i, area: matchArea(i.workingArea, contact.postcode) }))
    .filter((i) => i.area !== 'outside');
  if (!candidates.length) return [];
  const from = addDays(schoolDay(ctx.timezone, ctx.now), 1);
  const slots = await searchSlots(tx, {
    tenantId: ctx.tenantId,
    tenantTimezone: ctx.timezone,
    policies: ctx.policies,
    from,
    to: addDays(from, CAPACITY_WEEKS * 7 - 1),
    durationMinutes: 60,
    transmission: contact.transmission ?? undefined,
    now: ctx.now,
  });
  return candidates
    .map((i) => ({
      instructorId: i.id,
      name: i.name,
      transmissions: i.transmissions,
      area: i.area,
      freeHoursPerWeek:
        Math.round((freeHours(slots.filter((s) => s.instructorId === i.id)) / CAPACITY_WEEKS) * 10) / 10,
    }))
    .sort(
      (a, b) =>
        AREA_RANK[b.area] - AREA_RANK[a.area] ||
        b.freeHoursPerWeek - a.freeHoursPerWeek ||
        a.name.localeCompare(b.name),
    );
}
