import type { Tx } from '@dualcontrol/db';
import type { AuthenticatedUser } from '@dualcontrol/platform';
import { profilesOf } from './people-lookup.ts';

/** Who is asking, as far as bookings care: staff see the school; others see their own diary. */
export type Viewer = {
  userId: string;
  isStaff: boolean;
  instructorId: string | undefined;
  studentId: string | undefined;
};

export async function viewerOf(tx: Tx, tenantId: string, user: AuthenticatedUser): Promise<Viewer> {
  const profiles = await profilesOf(tx, tenantId, user.id);
  return {
    userId: user.id,
    isStaff: user.roles.includes('owner') || user.roles.includes('admin'),
    ...profiles,
  };
}

export const canSeeBooking = (v: Viewer, b: { instructorId: string; studentId: string }) =>
  v.isStaff || b.instructorId === v.instructorId || b.studentId === v.studentId;
