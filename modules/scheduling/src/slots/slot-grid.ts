import { MINUTES_PER_DAY, MS_PER_DAY, MS_PER_MINUTE } from './time-units.ts';

/**
 * Start times on the wall clock: minutes since local midnight m with (m - offset) % step === 0.
 * Points are local epoch ms (see wall-clock.ts), so the grid reads 09:00, 09:15… on every day,
 * whatever the UTC offset, and restarts at each midnight when the step does not divide a day.
 */
export type GridPoints = {
  /** The first grid point at or after `local`, or Infinity when the grid has no points at all. */
  firstAtOrAfter(local: number): number;
  /** The grid point after `point` (itself a grid point). */
  after(point: number): number;
};

export function createSlotGrid(stepMinutes: number, offsetMinutes: number): GridPoints {
  const stepMs = stepMinutes * MS_PER_MINUTE;
  // The first grid minute of every day.
  const phase = ((offsetMinutes % stepMinutes) + stepMinutes) % stepMinutes;

  const firstAtOrAfter = (local: number): number => {
    if (phase >= MINUTES_PER_DAY) return Number.POSITIVE_INFINITY;
    const midnight = Math.floor(local / MS_PER_DAY) * MS_PER_DAY;
    const minute = Math.ceil((local - midnight) / MS_PER_MINUTE);
    const gridMinute = minute + ((((phase - minute) % stepMinutes) + stepMinutes) % stepMinutes);
    if (gridMinute >= MINUTES_PER_DAY) return midnight + MS_PER_DAY + phase * MS_PER_MINUTE;
    return midnight + gridMinute * MS_PER_MINUTE;
  };

  const after = (point: number): number => {
    const next = point + stepMs;
    const nextMidnight = (Math.floor(point / MS_PER_DAY) + 1) * MS_PER_DAY;
    return next < nextMidnight ? next : firstAtOrAfter(nextMidnight);
  };

  return { firstAtOrAfter, after };
}
