import { prepareQuery } from './prepare-query.ts';
import type { Interval, SlotQuery } from './types.ts';

/**
 * The availability windows computeSlots works from (rules, extra hours, time off and closures;
 * bookings are not subtracted), sorted and disjoint. They are not clipped to [from, to]: they
 * include the neighbouring days' rules that a lesson near midnight may need.
 */
export function computeAvailabilityWindows(query: SlotQuery): Interval[] {
  return prepareQuery(query).windows.map((window) => ({
    start: new Date(window.start),
    end: new Date(window.end),
  }));
}
