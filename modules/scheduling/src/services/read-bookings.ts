import type { Tx } from '@dualcontrol/db';
import { can, pageOf } from '@dualcontrol/platform';
import { and, asc, eq, gt, gte, inArray, lt, or, type SQL } from 'drizzle-orm';
import { type BookingStatus, bookings } from '../schema.ts';
import type { SchedulingPolicies } from '../settings.ts';
import { type BookingView, bookingView } from './booking-view.ts';
import { cancellationFeeFor } from './cancellation-fee.ts';
import { bookingNotFound } from './scheduling-errors.ts';
import { canSeeBooking, type Viewer } from './viewer.ts';

/** Staff see the school's bookings; an instructor their diary; a student their own lessons. */
function visibleTo(v: Viewer): SQL | undefined {
  if (can(v, 'scheduling:booking:read:any')) return undefined;
  const own = [
    v.instructorId ? eq(bookings.instructorId, v.instructorId) : undefined,
    v.studentId ? eq(bookings.studentId, v.studentId) : undefined,
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
  // Another school's or another student's booking is simply not there for this caller.
  if (!row || !canSeeBooking(viewer, row)) throw bookingNotFound();
  return bookingView(row);
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
  return { data: page.data.map(bookingView), nextCursor: page.nextCursor };
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
  if (!row || !canSeeBooking(ctx.viewer, row)) throw bookingNotFound();
  const cancellable = (row.status === 'pending' || row.status === 'confirmed') && row.startsAt > ctx.now;
  const fee = cancellable
    ? cancellationFeeFor(ctx.viewer, row, ctx.policies.cancellationTiers, ctx.now)
    : { feeMinor: 0, feePercent: 0 };
  return { bookingId: row.id, cancellable, ...fee, currency: row.currency };
}
