import type { Tx } from '@dualcontrol/db';
import { readBookingCharge, taughtStudents } from '@dualcontrol/scheduling';
import { earningsRecords } from '../schema.ts';
import type { PaymentsContext } from './payments-context.ts';

/** The instructor's share of a lesson price under a commission in basis points (school keeps the rounding). */
export function instructorShare(lessonMinor: number, commissionBps: number): number {
  return lessonMinor - Math.ceil((lessonMinor * commissionBps) / 10_000);
}

/**
 * Records what the instructor earned for a completed lesson (the `booking.completed` handler),
 * once per booking, under the commission in force when the lesson was taught. A group session
 * earns the seat price for every student taught (a no-show or a seat given up earns nothing here:
 * any fee it paid is the school's).
 */
export async function recordEarnings(tx: Tx, ctx: PaymentsContext, bookingId: string): Promise<void> {
  const booking = await readBookingCharge(tx, ctx.tenantId, bookingId);
  if (booking?.status !== 'completed') return;
  const seats = booking.capacity > 1 ? (await taughtStudents(tx, ctx.tenantId, booking)).length : 1;
  if (seats === 0) return;
  const lessonMinor = booking.priceMinor * seats;
  const commissionBps =
    ctx.settings.instructorCommissionBps[booking.instructorId] ?? ctx.settings.commissionBps;
  await tx
    .insert(earningsRecords)
    .values({
      tenantId: ctx.tenantId,
      instructorId: booking.instructorId,
      bookingId: booking.id,
      lessonMinor,
      commissionBps,
      earningsMinor: instructorShare(lessonMinor, commissionBps),
      currency: booking.currency,
      earnedAt: booking.endsAt,
    })
    .onConflictDoNothing();
}
