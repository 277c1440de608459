import type { Tx } from '@dualcontrol/db';
import type { OnboardingFacts } from '@dualcontrol/platform';
import { and, eq, gt, sql } from 'drizzle-orm';
import { instructorAvailability, lessonTypes, locations } from '../schema.ts';

/**
 * Scheduling's part of a new school's setup checklist (RLS keeps it to one school): an instructor
 * with weekly hours (so there is something to book), a lesson type on sale at a price, and a
 * place to meet.
 */
export async function schedulingOnboarding(tx: Tx): Promise<OnboardingFacts> {
  const any = sql<boolean>`count(*) > 0`;
  const [hours] = await tx.select({ any }).from(instructorAvailability);
  const [priced] = await tx
    .select({ any })
    .from(lessonTypes)
    .where(and(eq(lessonTypes.active, true), gt(lessonTypes.priceMinor, 0)));
  const [places] = await tx.select({ any }).from(locations).where(eq(locations.active, true));
  return {
    instructor_hours: Boolean(hours?.any),
    lesson_types: Boolean(priced?.any),
    locations: Boolean(places?.any),
  };
}
