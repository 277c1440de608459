import { describe, expect, it } from 'vitest';
import { haversineKm, travelMinutes } from './travel-time.ts';

// Two points in London 20 km apart along a meridian (20 km / 6371.0088 km in degrees).
const here = { lat: 51.5, lng: -0.12 };
const twentyKmNorth = { lat: 51.5 + (20 / 6371.0088) * (180 / Math.PI), lng: -0.12 };

describe('travel time', () => {
  it('measures great-circle distance', () => {
    expect(haversineKm(here, twentyKmNorth)).toBeCloseTo(20, 6);
    // London to Paris is about 344 km as the crow flies.
    expect(haversineKm({ lat: 51.5074, lng: -0.1278 }, { lat: 48.8566, lng: 2.3522 })).toBeCloseTo(343.6, 0);
  });

  it('estimates 40 minutes for 20 km at 30 km/h without float noise adding a minute', () => {
    expect(travelMinutes({ mode: 'estimate', averageKmh: 30 }, here, twentyKmNorth)).toBe(40);
    expect(travelMinutes({ mode: 'estimate', averageKmh: 45 }, here, twentyKmNorth)).toBe(27); // 26.67 rounds up
  });

  it('applies the minimum to estimates but not to unknown points', () => {
    const policy = { mode: 'estimate', averageKmh: 30, minimumMinutes: 10 } as const;
    expect(travelMinutes(policy, here, here)).toBe(10);
    expect(travelMinutes(policy, here, null)).toBe(0);
    expect(travelMinutes(policy, null, twentyKmNorth)).toBe(0);
  });

  it('applies a fixed allowance between any two lessons and none without a policy', () => {
    expect(travelMinutes({ mode: 'fixed', minutes: 20 }, null, null)).toBe(20);
    expect(travelMinutes({ mode: 'none' }, here, twentyKmNorth)).toBe(0);
  });
});
