import type { Actor, Tx } from '@dualcontrol/db';
import { and, asc, eq } from 'drizzle-orm';
import { instructorAvailability, WEEKDAYS } from '../schema.ts';

export type WeeklyHours = {
  day: (typeof WEEKDAYS)[number];
  start: string;
  end: string;
  validFrom?: string;
  validTo?: string;
};
export type Availability = { instructorId: string; timezone: string; weekly: WeeklyHours[] };

const dayOrder = (d: string) => WEEKDAYS.indexOf(d as (typeof WEEKDAYS)[number]);

/** Replaces an instructor's weekly hours as a whole (what an availability editor saves). */
export async function setAvailability(
  tx: Tx,
  input: { tenantId: string; actor: Actor; instructorId: string; timezone: string; weekly: WeeklyHours[] },
): Promise<Availability> {
  await tx
    .delete(instructorAvailability)
    .where(
      and(
        eq(instructorAvailability.tenantId, input.tenantId),
        eq(instructorAvailability.instructorId, input.instructorId),
      ),
    );
  if (input.weekly.length) {
    await tx.insert(instructorAvailability).values(
      input.weekly.map((w) => ({
        tenantId: input.tenantId,
        instructorId: input.instructorId,
        timezone: input.timezone,
        day: w.day,
        startTime: w.start,
        endTime: w.end,
        validFrom: w.validFrom ?? null,
        validTo: w.validTo ?? null,
      })),
    );
  }
  return getAvailability(tx, input.tenantId, input.instructorId, input.timezone);
}

export async function getAvailability(
  tx: Tx,
  tenantId: string,
  instructorId: string,
  fallbackTimezone: string,
): Promise<Availability> {
  const rows = await tx
    .select()
    .from(instructorAvailability)
    .where(
      and(
        eq(instructorAvailability.tenantId, tenantId),
        eq(instructorAvailability.instructorId, instructorId),
      ),
    )
    .orderBy(asc(instructorAvailability.startTime));
  rows.sort((a, b) => dayOrder(a.day) - dayOrder(b.day) || a.startTime.localeCompare(b.startTime));
  return {
    instructorId,
    timezone: rows[0]?.timezone ?? fallbackTimezone,
    weekly: rows.map((r) => ({
      day: r.day,
      start: r.startTime,
      end: r.endTime,
      ...(r.validFrom ? { validFrom: r.validFrom } : {}),
      ...(r.validTo ? { validTo: r.validTo } : {}),
    })),
  };
}
