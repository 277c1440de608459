import type { bookings, SeatStatus } from '../schema.ts';

/** One seat of a group session as its reader may see it (group-seats.ts decides who sees which). */
export type SeatView = {
  studentId: string;
  status: SeatStatus;
  joinedAt: string;
  cancelledAt: string | null;
  cancellationFeeMinor: number | null;
};

export type BookingView = {
  id: string;
  status: (typeof bookings.$inferSelect)['status'];
  instructorId: string;
  studentId: string;
  start: string;
  end: string;
  lessonTypeId: string | null;
  vehicleId: string | null;
  pickupLocationId: string | null;
  priceMinor: number;
  currency: string;
  cancellationFeeMinor: number | null;
  createdAt: string;
  /** Seats: 1 for a lesson, more for a group session. */
  capacity: number;
  /**
   * A group session's seats: how many are booked, and the seats the caller may see (the office and
   * the session's instructor every seat; a student only their own). Absent for a one-student lesson.
   */
  seats?: { booked: number; participants: SeatView[] };
};

export const bookingView = (b: typeof bookings.$inferSelect): BookingView => ({
  id: b.id,
  status: b.status,
  instructorId: b.instructorId,
  studentId: b.studentId,
  start: b.startsAt.toISOString(),
  end: b.endsAt.toISOString(),
  lessonTypeId: b.lessonTypeId,
  vehicleId: b.vehicleId,
  pickupLocationId: b.pickupLocationId,
  priceMinor: b.priceMinor,
  currency: b.currency,
  cancellationFeeMinor: b.cancellationFeeMinor,
  createdAt: b.createdAt.toISOString(),
  capacity: b.capacity,
});
