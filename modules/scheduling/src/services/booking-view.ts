import type { bookings } from '../schema.ts';

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
});
