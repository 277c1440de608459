import { instructors, type Tx } from '@dualcontrol/db';
import { z } from '@hono/zod-openapi';
import { and, eq, notExists, sql } from 'drizzle-orm';
import { instructorAvailability, lessonTypes, locations, vehicles, WEEKDAYS } from './schema.ts';

const SeedSchema = z.strictObject({
  lessonTypes: z.array(
    z.strictObject({
      name: z.string(),
      durationMinutes: z.number().int(),
      priceMinor: z.number().int(),
      bufferBeforeMinutes: z.number().int().default(0),
      bufferAfterMinutes: z.number().int().default(0),
      transmission: z.enum(['manual', 'automatic', 'any']).default('any'),
      capacity: z.number().int().default(1),
    }),
  ),
  locations: z.array(
    z.strictObject({
      kind: z.enum(['pickup', 'office', 'test_centre']),
      name: z.string(),
      address: z.string(),
      lat: z.number(),
      lng: z.number(),
    }),
  ),
  vehicles: z.array(
    z.strictObject({
      registration: z.string(),
      makeModel: z.string(),
      transmission: z.enum(['manual', 'automatic']),
      dualControls: z.boolean().default(true),
      motExpiresOn: z.string().optional(),
      insuranceExpiresOn: z.string().optional(),
    }),
  ),
  /** Given to every instructor who has no hours yet (an instructor's own edits are kept). */
  availability: z.strictObject({
    timezone: z.string(),
    weekly: z.array(z.strictObject({ day: z.enum(WEEKDAYS), start: z.string(), end: z.string() })),
  }),
});

/** Demo data from `tenants/<slug>/scheduling.json`; applying it twice changes nothing. */
export async function seedScheduling({
  tx,
  tenantId,
  data,
}: {
  tx: Tx;
  tenantId: string;
  data: unknown;
}): Promise<void> {
  const seed = SeedSchema.parse(data);
  for (const t of seed.lessonTypes) {
    const [found] = await tx
      .select({ id: lessonTypes.id })
      .from(lessonTypes)
      .where(and(eq(lessonTypes.tenantId, tenantId), eq(lessonTypes.name, t.name)));
    if (!found) await tx.insert(lessonTypes).values({ tenantId, ...t });
  }
  for (const l of seed.locations) {
    const [found] = await tx
      .select({ id: locations.id })
      .from(locations)
      .where(and(eq(locations.tenantId, tenantId), eq(locations.name, l.name)));
    if (!found) await tx.insert(locations).values({ tenantId, ...l });
  }
  for (const v of seed.vehicles) {
    await tx
      .insert(vehicles)
      .values({ tenantId, ...v })
      .onConflictDoNothing();
  }
  const without = await tx
    .select({ id: instructors.id })
    .from(instructors)
    .where(
      and(
        eq(instructors.tenantId, tenantId),
        notExists(
          tx
            .select({ one: sql`1` })
            .from(instructorAvailability)
            .where(
              and(
                eq(instructorAvailability.tenantId, tenantId),
                eq(instructorAvailability.instructorId, instructors.id),
              ),
            ),
        ),
      ),
    );
  for (const { id } of without) {
    await tx.insert(instructorAvailability).values(
      seed.availability.weekly.map((w) => ({
        tenantId,
        instructorId: id,
        timezone: seed.availability.timezone,
        day: w.day,
        startTime: w.start,
        endTime: w.end,
      })),
    );
  }
}
