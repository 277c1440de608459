import type { Tx } from '@dualcontrol/db';
import { emitEvent } from '@dualcontrol/platform';
import { and, eq } from 'drizzle-orm';
import { schedulingEvents } from '../events.ts';
import { type BookingStatus, bookingParticipants, type bookings, type SeatStatus } from '../schema.ts';

/** What a session's move does to the seats still booked in it. */
const SEAT_AFTER: Partial<Record<BookingStatus, SeatStatus>> = {
  completed: 'attended',
  no_show: 'no_show',
  cancelled: 'cancelled',
  rejected: 'cancelled',
  expired: 'cancelled',
};

/**
 * Keeps a group session's booked seats in step with the session (transition-booking.ts): taught
 * → attended (a seat marked no-show stays one), missed → no-show, called off → cancelled, each
 * cancelled seat with its own `booking.seat_released` (no fee: the school or the clock called it
 * off) so payments settles every seat on its own. Returns the students whose seats moved (on
 * completion: who attended, for `booking.completed`'s `seatStudentIds`).
 */
export async function settleSeats(
  tx: Tx,
  ctx: { tenantId: string; now: Date },
  booking: typeof bookings.$inferSelect,
  to: BookingStatus,
): Promise<string[]> {
  const seatStatus = SEAT_AFTER[to];
  if (!seatStatus) return [];
  const cancelled = seatStatus === 'cancelled';
  const moved = await tx
    .update(bookingParticipants)
    .set({ status: seatStatus, ...(cancelled ? { cancelledAt: ctx.now, cancellationFeeMinor: 0 } : {}) })
    .where(
      and(
        eq(bookingParticipants.tenantId, ctx.tenantId),
        eq(bookingParticipants.bookingId, booking.id),
        eq(bookingParticipants.status, 'booked'),
      ),
    )
    .returning({ studentId: bookingParticipants.studentId });
  if (!cancelled) return moved.map((s) => s.studentId);
  for (const seat of moved) {
    await emitEvent(tx, ctx.tenantId, schedulingEvents['booking.seat_released'], {
      bookingId: booking.id,
      instructorId: booking.instructorId,
      studentId: seat.studentId,
      start: booking.startsAt.toISOString(),
      end: booking.endsAt.toISOString(),
      feeMinor: 0,
      currency: booking.currency,
      reason: 'session_cancelled',
    });
  }
  return moved.map((s) => s.studentId);
}
