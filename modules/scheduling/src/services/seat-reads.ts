import type { Tx } from '@dualcontrol/db';
import { can } from '@dualcontrol/platform';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { bookingParticipants, type bookings } from '../schema.ts';
import { type BookingView, bookingView, type SeatView } from './booking-view.ts';
import type { Viewer } from './viewer.ts';

type Booking = typeof bookings.$inferSelect;
type SeatRow = typeof bookingParticipants.$inferSelect;

const seatView = (s: SeatRow): SeatView => ({
  studentId: s.studentId,
  status: s.status,
  joinedAt: s.joinedAt.toISOString(),
  cancelledAt: s.cancelledAt?.toISOString() ?? null,
  cancellationFeeMinor: s.cancellationFeeMinor,
});

/** The seats of these bookings, in joining order (one statement, whatever the number of bookings). */
export async function seatsOf(tx: Tx, tenantId: string, bookingIds: string[]): Promise<SeatRow[]> {
  if (bookingIds.length === 0) return [];
  return tx
    .select()
    .from(bookingParticipants)
    .where(
      and(eq(bookingParticipants.tenantId, tenantId), inArray(bookingParticipants.bookingId, bookingIds)),
    )
    .orderBy(asc(bookingParticipants.joinedAt), asc(bookingParticipants.studentId));
}

/**
 * Who sees whom in a group session: the office and the session's instructor see every seat; a
 * student sees their own seat only, and of the others just how many are booked — not who took
 * them, not even a first name (students of a school have no directory of each other; the seat
 * count is what they need to decide to join).
 */
export function visibleSeats(viewer: Viewer, booking: Booking, seats: SeatRow[]): SeatRow[] {
  if (can(viewer, 'scheduling:booking:read:any') || booking.instructorId === viewer.instructorId)
    return seats;
  return seats.filter((s) => s.studentId === viewer.studentId);
}

/** A booking's read model with its seats (group sessions only) as this viewer may see them. */
export function viewWithSeats(viewer: Viewer, booking: Booking, seats: SeatRow[]): BookingView {
  const view = bookingView(booking);
  if (booking.capacity <= 1) return view;
  const own = seats.filter((s) => s.bookingId === booking.id);
  return {
    ...view,
    seats: {
      booked: own.filter((s) => s.status === 'booked' || s.status === 'attended').length,
      participants: visibleSeats(viewer, booking, own).map(seatView),
    },
  };
}

/** Read models for a page of bookings: one more statement only when the page holds a group session. */
export async function viewsWithSeats(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  rows: Booking[],
): Promise<BookingView[]> {
  const groups = rows.filter((b) => b.capacity > 1).map((b) => b.id);
  const seats = await seatsOf(tx, tenantId, groups);
  return rows.map((b) => viewWithSeats(viewer, b, seats));
}

/** Whether the viewer holds (or held) a seat in this group session: a participant sees it. */
export function holdsSeat(viewer: Viewer, seats: SeatRow[]): boolean {
  return viewer.studentId !== undefined && seats.some((s) => s.studentId === viewer.studentId);
}
