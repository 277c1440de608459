import {
  type AuthenticatedUser,
  can,
  createViewer,
  type PermissionSource,
  type Viewer,
} from '@dualcontrol/platform';

export type { Viewer };

/** The caller as the platform's viewer; the session check already read their profile ids. */
export const viewerFrom = (user: AuthenticatedUser, source: PermissionSource): Viewer =>
  createViewer(user, { instructorId: user.instructorId, studentId: user.studentId }, source);

/** The office sees the school's bookings; an instructor those they teach, a student those they take. */
export const canSeeBooking = (v: Viewer, b: { instructorId: string; studentId: string }) =>
  // Only the two parties: a row's other columns must never count as ownership.
  can(v, 'scheduling:booking:read:own', { instructorId: b.instructorId, studentId: b.studentId });
