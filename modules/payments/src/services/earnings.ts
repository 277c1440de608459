import type { Tx } from '@dualcontrol/db';
import { readBookingCharge } from '@dualcontrol/scheduling';
import { earningsRecords } from '../schema.ts';
import type { PaymentsContext } from './payments-context.ts';

/** The instructor's share of a lesson price under a commission in basis points (school keeps the rounding). */
export function instructorShare(lessonMinor: number, commissionBps: number): number {
  return lessonMinor - Math.ceil((lessonMinor * commissionBps) / 10_000);
}

/**
 * Records what the instructor earned for a completed lesson (the `booking.completed` handler),
 * once per booking, under the commission in force when the lesson was taught.
 */
export async function recordEarnings(tx: Tx, ctx: PaymentsContext, bookingId: string): Promise<void> {
  const booking = await readBookingCharge(tx, ctx.tenantId, bookingId);
  if (booking?.status !== 'completed') return;
  const commissionBps =
    ctx.settings.instructorCommissionBps[booking.instructorId] ?? ctx.settings.commissionBps;
  await tx
    .insert(earningsRecords)
    .values({
      tenantId: ctx.tenantId,
      instructorId: booking.instructorId,
      bookingId: booking.id,
      lessonMinor: booking.priceMinor,
      commissionBps,
      earningsMinor: instructorShare(booking.priceMinor, commissionBps),
      currency: booking.currency,
      earnedAt: booking.endsAt,
    })
    .onConflictDoNothing();
}
