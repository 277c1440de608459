import { buildAvailabilityWindows } from './availability-windows.ts';
import { type NormalizedQuery, normalizeQuery } from './normalize-query.ts';
import type { TimeSpan } from './time-span.ts';
import { MS_PER_DAY, MS_PER_HOUR } from './time-units.ts';
import type { SlotQuery } from './types.ts';
import { createWallClock, type WallClock } from './wall-clock.ts';

export type PreparedQuery = { normalized: NormalizedQuery; clock: WallClock; windows: TimeSpan[] };

/** Validation, the zone's offsets over the range, and the availability windows: the per-query setup. */
export function prepareQuery(query: SlotQuery): PreparedQuery {
  const normalized = normalizeQuery(query);
  const { fromDay, toDay, durationMs } = normalized;
  // Rules of the day after `to` (and later ones for lessons over a day long) can hold the end of a
  // lesson that starts late on `to`.
  const lastRuleDay = toDay + 1 + Math.floor(durationMs / MS_PER_DAY);
  // Instants lie at most 14 hours from their local times; the margin keeps every conversion the
  // query needs inside the precomputed offsets.
  const clock = createWallClock(
    normalized.timezone,
    (fromDay - 1) * MS_PER_DAY - 16 * MS_PER_HOUR,
    (lastRuleDay + 2) * MS_PER_DAY + 16 * MS_PER_HOUR,
  );
  const windows = buildAvailabilityWindows(
    { ...normalized, firstDay: fromDay - 1, lastDay: lastRuleDay },
    clock,
  );
  return { normalized, clock, windows };
}
