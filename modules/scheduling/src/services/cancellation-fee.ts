import { can } from '@dualcontrol/platform';
import type { BookingStatus } from '../schema.ts';
import type { SchedulingPolicies } from '../settings.ts';
import type { Viewer } from './viewer.ts';

/**
 * The fee for cancelling a lesson `hoursBefore` its start under the school's tiers: the tier with
 * the largest `hoursBefore` that the cancellation still meets applies (48 h → free, 24 h → 50 %,
 * less → 100 % with the default tiers). Integer minor units, rounded half up.
 */
export function cancellationFee(
  tiers: SchedulingPolicies['cancellationTiers'],
  priceMinor: number,
  hoursBefore: number,
): { feeMinor: number; feePercent: number } {
  const sorted = [...tiers].sort((a, b) => b.hoursBefore - a.hoursBefore);
  // After the start there is nothing left to save: the strictest tier applies.
  const tier = sorted.find((t) => Math.max(0, hoursBefore) >= t.hoursBefore);
  const feePercent = tier?.feePercent ?? 0;
  return { feePercent, feeMinor: Math.round((priceMinor * feePercent) / 100) };
}

/**
 * What cancelling this booking now would cost its caller: the school's tiers apply when a student
 * cancels a confirmed lesson; staff and instructor cancellations, and cancelling an unconfirmed
 * request, are free.
 */
export function cancellationFeeFor(
  viewer: Viewer,
  booking: { studentId: string; status: BookingStatus; startsAt: Date; priceMinor: number },
  tiers: SchedulingPolicies['cancellationTiers'],
  now: Date,
): { feeMinor: number; feePercent: number } {
  const byStudent = !can(viewer, 'scheduling:policies:exempt') && booking.studentId === viewer.studentId;
  if (!byStudent || booking.status !== 'confirmed') return { feeMinor: 0, feePercent: 0 };
  return cancellationFee(tiers, booking.priceMinor, (booking.startsAt.getTime() - now.getTime()) / 3_600_000);
}
