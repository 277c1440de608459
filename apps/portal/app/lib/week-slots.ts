import type { Slot } from './types.ts';

/**
 * The free times a week page shows: each start time once, in order (when any instructor will do,
 * the first one free takes it). Nothing is cut: a cap over the whole week used to hide its last
 * days for a busy school.
 */
export function weekSlots<S extends Slot>(slots: S[]): S[] {
  const seen = new Set<string>();
  return [...slots]
    .sort((a, b) => a.start.localeCompare(b.start))
    .filter((s) => !seen.has(s.start) && Boolean(seen.add(s.start)));
}
