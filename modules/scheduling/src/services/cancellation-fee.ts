import type { SchedulingPolicies } from '../settings.ts';

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
