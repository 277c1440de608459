import { describe, expect, it } from 'vitest';
import { SchedulingPoliciesSchema } from '../settings.ts';
import { cancellationFee } from './cancellation-fee.ts';

const { cancellationTiers } = SchedulingPoliciesSchema.parse({});

describe('cancellationFee (default tiers: free ≥ 48 h, 50 % ≥ 24 h, else 100 %)', () => {
  it.each([
    [72, 0, 0],
    [48, 0, 0],
    [47.9, 50, 2250],
    [24, 50, 2250],
    [23.99, 100, 4500],
    [0.5, 100, 4500],
    [-1, 100, 4500],
  ])('%s hours before → %s %% (%s minor units of 4500)', (hours, percent, fee) => {
    expect(cancellationFee(cancellationTiers, 4500, hours)).toEqual({ feePercent: percent, feeMinor: fee });
  });

  it('rounds half up in minor units and accepts tiers in any order', () => {
    const tiers = [
      { hoursBefore: 0, feePercent: 100 },
      { hoursBefore: 12, feePercent: 33 },
    ];
    expect(cancellationFee(tiers, 1001, 13)).toEqual({ feePercent: 33, feeMinor: 330 });
    expect(cancellationFee(tiers, 1001, 1)).toEqual({ feePercent: 100, feeMinor: 1001 });
  });
});
