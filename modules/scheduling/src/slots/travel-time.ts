import type { GeoPoint, TravelPolicy } from './types.ts';

const EARTH_RADIUS_KM = 6_371.0088;

// Float noise must not turn an exact 40.000000000001 minutes into 41.
const ROUNDING_TOLERANCE_MINUTES = 1e-9;

/** Great-circle distance; road distance is longer, which averageKmh is expected to absorb. */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const toRadians = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRadians;
  const dLng = (b.lng - a.lng) * toRadians;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * toRadians) * Math.cos(b.lat * toRadians) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Minutes the instructor needs between two consecutive lessons. A fixed allowance applies to every
 * pair of lessons, known points or not; an estimate needs both points, since guessing a distance
 * would block slots on missing data.
 */
export function travelMinutes(policy: TravelPolicy, from: GeoPoint | null, to: GeoPoint | null): number {
  switch (policy.mode) {
    case 'none':
      return 0;
    case 'fixed':
      return policy.minutes;
    case 'estimate': {
      if (!from || !to) return 0;
      const minutes = Math.ceil(
        (haversineKm(from, to) / policy.averageKmh) * 60 - ROUNDING_TOLERANCE_MINUTES,
      );
      return Math.max(minutes, policy.minimumMinutes ?? 0);
    }
  }
}
