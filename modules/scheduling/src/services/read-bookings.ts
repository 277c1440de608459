import type { Tx } from '@dualcontrol/db';
import { can, pageOf } from '@dualcontrol/platform';
import { and, asc, eq, gt, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import { type BookingStatus, bookingParticipants, bookings } from '../schema.ts';
import type { SchedulingPolicies } from '../settings.ts';
import type { BookingView } from './booking-view.ts';
import { cancellationFeeFor } from './cancellation-fee.ts';
import { bookingNotFound } from './scheduling-errors.ts';
import { holdsSeat, seatsOf, viewsWithSeats, viewWithSeats } from './seat-reads.ts';
import { canSeeBooking, type Viewer } from './viewer.ts';

/**
 * Staff see the school's bookings; an instructor their diary; a student their own lessons and the
 * group sessions they hold (or held) a seat in.
 */
function visibleTo(v: Viewer): SQL | undefined {
  if (can(v, 'scheduling:booking:read:any')) return undefined;
  const own = [
    v.instructorId ? eq(bookings.instructorId, v.instructorId) : undefined,
    v.studentId ? eq(bookings.studentId, v.studentId) : undefined,
    v.studentId
      ? sql`${bookings.id} in (select p.booking_id from ${bookingParticipants} p
              where p.tenant_id = ${bookings.tenantId} and p.student_id = ${v.studentId})`
      : undefined,
  ].filter((c): c is SQL => c !== undefined);
  // No profile at all: nothing is theirs.
  return own.length ? or(...own) : eq(bookings.id, '00000000-0000-0000-0000-000000000000');
}

export async function getBooking(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  bookingId: string,
): Promise<BookingView> {
  const [row] = await tx
    .select()
    .from(bookings)
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, bookingId)));
  if (!row) throw bookingNotFound();
  const seats = row.capacity > 1 ? await seatsOf(tx, tenantId, [row.id]) : [];
  // Another school's or another student's booking is simply not there for this caller.
  if (!canSeeBooking(viewer, row) && !holdsSeat(viewer, seats)) throw bookingNotFound();
  return viewWithSeats(viewer, row, seats);
}

/** Bookings in start order, then id (stable under equal starts); the cursor is the last id. */
export async function listBookings(
  tx: Tx,
  tenantId: string,
  viewer: Viewer,
  input: {
    from?: Date | undefined;
    to?: Date | undefined;
    instructorId?: string | undefined;
    status?: BookingStatus[] | undefined;
    limit: number;
    after?: string | undefined;
  },
): Promise<{ data: BookingView[]; nextCursor: string | null }> {
  let afterRow: { startsAt: Date; id: string } | undefined;
  if (input.after) {
    [afterRow] = await tx
      .select({ startsAt: bookings.startsAt, id: bookings.id })
      .from(bookings)
      .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, input.after)));
  }
  const rows = await tx
    .select()
    .from(bookings)
    .where(
      and(
        eq(bookings.tenantId, tenantId),
        visibleTo(viewer),
        input.from ? gte(bookings.startsAt, input.from) : undefined,
        input.to ? lt(bookings.startsAt, input.to) : undefined,
        input.instructorId ? eq(bookings.instructorId, input.instructorId) : undefined,
        input.status?.length ? inArray(bookings.status, input.status) : undefined,
        afterRow
          ? or(
              gt(bookings.startsAt, afterRow.startsAt),
              and(eq(bookings.startsAt, afterRow.startsAt), gt(bookings.id, afterRow.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(bookings.startsAt), asc(bookings.id))
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit);
  return { data: await viewsWithSeats(tx, tenantId, viewer, page.data), nextCursor: page.nextCursor };
}

/** The fee the caller would pay to cancel now (shown before they confirm), under the school's tiers. */
export async function cancellationQuote(
  tx: Tx,
  ctx: { tenantId: string; viewer: Viewer; policies: SchedulingPolicies; now: Date },
  bookingId: string,
) {
  const [row] = await tx
    .select()
    .from(bookings)
    .where(and(eq(bookings.tenantId, ctx.tenantId), eq(bookings.id, bookingId)));
  if (!row) throw bookingNotFound();
  const seats = row.capacity > 1 ? await seatsOf(tx, ctx.tenantId, [row.id]) : [];
  if (!canSeeBooking(ctx.viewer, row) && !holdsSeat(ctx.viewer, seats)) throw bookingNotFound();
  // In a group session a student's quote is for giving up their own seat (at the seat's price).
  const ownSeat = seats.find((s) => s.studentId === ctx.viewer.studentId);
  const cancellable =
    (row.status === 'pending' || row.status === 'confirmed') &&
    row.startsAt > ctx.now &&
    (!ownSeat || ownSeat.status === 'booked');
  const fee = cancellable
    ? cancellationFeeFor(
        ctx.viewer,
        ownSeat ? { ...row, studentId: ownSeat.studentId } : row,
        ctx.policies.cancellationTiers,
        ctx.now,
      )
    : { feeMinor: 0, feePercent: 0 };
  return { bookingId: row.id, cancellable, ...fee, currency: row.currency };
}
