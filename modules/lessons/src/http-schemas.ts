import { DateOnly, Instant } from '@dualcontrol/platform';

/**
 * The dates and instants lessons stores, bounded to years a driving school deals in. PostgreSQL
 * has no year 0 and rejects what it cannot store with a 500, and validity arithmetic (a theory
 * pass + 2 years) must stay inside what a `date` holds, so the API refuses the rest with a 400.
 */
const inRange = (iso: string) => iso.slice(0, 4) >= '1900' && iso.slice(0, 4) <= '2199';

export const Day = DateOnly.refine(inRange, 'a date between 1900 and 2199');
export const Moment = Instant.refine(inRange, 'an instant between 1900 and 2199');
