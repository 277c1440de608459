import { type Database, instructors, users } from '@dualcontrol/db';
import { and, eq } from 'drizzle-orm';
import { notFound } from '../errors/app-error.ts';
import { requireCan } from '../rbac/can.ts';
import type { Viewer } from '../rbac/viewer.ts';

export type InstructorProfile = {
  id: string;
  userId: string;
  name: string;
  bio: string | null;
  photoUrl: string | null;
  transmissions: ('manual' | 'automatic')[];
  languages: string[];
  workingArea: { lat: number; lng: number; radiusKm: number } | null;
  hourlyRateMinor: number | null;
};

export type ProfileChanges = Partial<Omit<InstructorProfile, 'id' | 'userId' | 'name'>>;

/** An instructor edits their own profile; owners and admins edit anyone's. */
export async function updateInstructorProfile(
  db: Database,
  tenantId: string,
  viewer: Viewer,
  instructorId: string,
  changes: ProfileChanges,
): Promise<InstructorProfile> {
  return db.withTenant(tenantId, { kind: 'user', id: viewer.userId }, async (tx) => {
    const [row] = await tx
      .select({ userId: instructors.userId })
      .from(instructors)
      .where(and(eq(instructors.tenantId, tenantId), eq(instructors.id, instructorId)));
    if (!row) throw notFound('people.instructor_not_found', 'No such instructor at this school.');
    requireCan(viewer, 'instructors:update:own', {
      resource: { userId: row.userId },
      detail: 'You can only change your own profile.',
    });
    if (Object.keys(changes).length) {
      await tx
        .update(instructors)
        .set(changes)
        .where(and(eq(instructors.tenantId, tenantId), eq(instructors.id, instructorId)));
    }
    const [profile] = await tx
      .select({
        id: instructors.id,
        userId: instructors.userId,
        name: users.name,
        bio: instructors.bio,
        photoUrl: instructors.photoUrl,
        transmissions: instructors.transmissions,
        languages: instructors.languages,
        workingArea: instructors.workingArea,
        hourlyRateMinor: instructors.hourlyRateMinor,
      })
      .from(instructors)
      .innerJoin(users, and(eq(users.tenantId, instructors.tenantId), eq(users.id, instructors.userId)))
      .where(and(eq(instructors.tenantId, tenantId), eq(instructors.id, instructorId)));
    return profile as InstructorProfile;
  });
}
