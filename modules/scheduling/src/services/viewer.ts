import type { Tx } from '@dualcontrol/db';
import {
  type AuthenticatedUser,
  can,
  createViewer,
  type PermissionSource,
  type Viewer,
} from '@dualcontrol/platform';
import { profilesOf } from './people-lookup.ts';

export type { Viewer };

/** The caller as the platform's viewer: their profile ids are looked up here, once per request. */
export async function viewerOf(
  tx: Tx,
  tenantId: string,
  user: AuthenticatedUser,
  source: PermissionSource,
): Promise<Viewer> {
  return createViewer(user, await profilesOf(tx, tenantId, user.id), source);
}

/** The office sees the school's bookings; an instructor those they teach, a student those they take. */
export const canSeeBooking = (v: Viewer, b: { instructorId: string; studentId: string }) =>
  // Only the two parties: a row's other columns must never count as ownership.
  can(v, 'scheduling:booking:read:own', { instructorId: b.instructorId, studentId: b.studentId });
