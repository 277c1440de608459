/**
 * Which of a vehicle's documents (MOT, insurance) need attention. Shared by the instructor's
 * vehicles page and the admin vehicles page so both flag the same cars.
 */

/** A document expiring within this many days is flagged "soon" (same rule as the API's `warnings`). */
export const WARN_WITHIN_DAYS = 30;

export type VehicleWarning = {
  kind: 'mot' | 'insurance';
  state: 'expired' | 'soon';
  /**
   * Whole days from `today` to the expiry date: 0 = expires today (still valid today),
   * 10 = expires in 10 days. Negative when expired: -3 = expired 3 days ago.
   */
  days: number;
};

type Dated = { motExpiresOn: string | null; insuranceExpiresOn: string | null };

const DAY_MS = 86_400_000;

/** Days between two calendar dates (YYYY-MM-DD), counted at UTC noon so no zone shift can creep in. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / DAY_MS);
}

/**
 * `today` is the calendar date (YYYY-MM-DD) in the SCHOOL's zone — get it with
 * `dateIn(new Date(), school.timezone)` from `format.ts` — because a document dated the 3rd
 * is valid until the 3rd ends where the school is, not where the server runs.
 */
export function vehicleWarnings(vehicle: Dated, today: string): VehicleWarning[] {
  const out: VehicleWarning[] = [];
  for (const [kind, date] of [
    ['mot', vehicle.motExpiresOn],
    ['insurance', vehicle.insuranceExpiresOn],
  ] as const) {
    if (!date) continue;
    const days = daysBetween(today, date);
    if (days < 0) out.push({ kind, state: 'expired', days });
    else if (days <= WARN_WITHIN_DAYS) out.push({ kind, state: 'soon', days });
  }
  return out;
}
