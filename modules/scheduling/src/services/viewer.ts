import type { AuthenticatedUser } from '@dualcontrol/platform';

/** Who is asking, as far as bookings care: staff see the school; others see their own diary. */
export type Viewer = {
  userId: string;
  isStaff: boolean;
  instructorId: string | undefined;
  studentId: string | undefined;
};

/** The viewer from the session check, which already read the caller's profiles. */
export const viewerFrom = (user: AuthenticatedUser): Viewer => ({
  userId: user.id,
  isStaff: user.roles.includes('owner') || user.roles.includes('admin'),
  instructorId: user.instructorId ?? undefined,
  studentId: user.studentId ?? undefined,
});

export const canSeeBooking = (v: Viewer, b: { instructorId: string; studentId: string }) =>
  v.isStaff || b.instructorId === v.instructorId || b.studentId === v.studentId;
