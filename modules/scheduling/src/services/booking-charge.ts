import type { Tx } from '@dualcontrol/db';
import { and, eq } from 'drizzle-orm';
import { type BookingStatus, bookings } from '../schema.ts';

/** What a module that charges for lessons needs to know about one booking. */
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
};

/** One booking's price and parties (under the caller's RLS), locked when the caller will act on it. */
export async function readBookingCharge(
  tx: Tx,
  tenantId: string,
  bookingId: string,
  opts: { lock?: boolean } = {},
): Promise<BookingCharge | undefined> {
  const query = tx
    .select({
      id: bookings.id,
      studentId: bookings.studentId,
      instructorId: bookings.instructorId,
      priceMinor: bookings.priceMinor,
      currency: bookings.currency,
      status: bookings.status,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      cancellationFeeMinor: bookings.cancellationFeeMinor,
    })
    .from(bookings)
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, bookingId)));
  const [row] = opts.lock ? await query.for('update') : await query;
  return row;
}
