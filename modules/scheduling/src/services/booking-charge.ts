import type { Tx } from '@dualcontrol/db';
import { and, eq, inArray } from 'drizzle-orm';
import { type BookingStatus, bookingParticipants, bookings } from '../schema.ts';

/**
 * What a module that charges for lessons needs to know about one booking, or about one seat of a
 * group session (then `studentId` is the seat's student and `priceMinor` the seat's price).
 */
export type BookingCharge = {
  id: string;
  studentId: string;
  instructorId: string;
  priceMinor: number;
  currency: string;
  status: BookingStatus;
  startsAt: Date;
  endsAt: Date;
  cancellationFeeMinor: number | null;
  /** Above 1: a group session, charged seat by seat (readSeatCharge). */
  capacity: number;
};

const chargeColumns = {
  id: bookings.id,
  studentId: bookings.studentId,
  instructorId: bookings.instructorId,
  priceMinor: bookings.priceMinor,
  currency: bookings.currency,
  status: bookings.status,
  startsAt: bookings.startsAt,
  endsAt: bookings.endsAt,
  cancellationFeeMinor: bookings.cancellationFeeMinor,
  capacity: bookings.capacity,
};

/** One booking's price and parties (under the caller's RLS), locked when the caller will act on it. */
export async function readBookingCharge(
  tx: Tx,
  tenantId: string,
  bookingId: string,
  opts: { lock?: boolean } = {},
): Promise<BookingCharge | undefined> {
  const query = tx
    .select(chargeColumns)
    .from(bookings)
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, bookingId)));
  const [row] = opts.lock ? await query.for('update') : await query;
  return row;
}

/**
 * One seat of a group session as a charge: the session's price and times, the seat's student and
 * its own cancellation fee. Undefined when the student never took a seat there. `lock` locks the
 * session's row (the lock seat changes take first, so paying for a seat and giving it up queue).
 */
export async function readSeatCharge(
  tx: Tx,
  tenantId: string,
  bookingId: string,
  studentId: string,
  opts: { lock?: boolean } = {},
): Promise<(BookingCharge & { seatStatus: string }) | undefined> {
  const query = tx
    .select({
      ...chargeColumns,
      studentId: bookingParticipants.studentId,
      cancellationFeeMinor: bookingParticipants.cancellationFeeMinor,
      seatStatus: bookingParticipants.status,
    })
    .from(bookings)
    .innerJoin(
      bookingParticipants,
      and(
        eq(bookingParticipants.tenantId, bookings.tenantId),
        eq(bookingParticipants.bookingId, bookings.id),
        eq(bookingParticipants.studentId, studentId),
      ),
    )
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, bookingId)));
  const [row] = opts.lock ? await query.for('update', { of: bookings }) : await query;
  return row;
}

/**
 * The students a taught booking made lessons for: its student, or in a group session every seat
 * booked or attended (a no-show or a seat given up made none).
 */
export async function taughtStudents(tx: Tx, tenantId: string, booking: BookingCharge): Promise<string[]> {
  if (booking.capacity <= 1) return [booking.studentId];
  const seats = await tx
    .select({ studentId: bookingParticipants.studentId })
    .from(bookingParticipants)
    .where(
      and(
        eq(bookingParticipants.tenantId, tenantId),
        eq(bookingParticipants.bookingId, booking.id),
        inArray(bookingParticipants.status, ['booked', 'attended']),
      ),
    );
  return seats.map((s) => s.studentId);
}
