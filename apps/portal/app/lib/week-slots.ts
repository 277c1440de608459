import { addDays, dateIn } from './format.ts';
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

/**
 * The slots API takes dates in the instructor's (the school's) zone; a viewer in another zone sees
 * a week of their own dates. So ask for a day more each side, then keep the starts that fall in the
 * viewer's week.
 */
export function weekQuery(week: string): { from: string; to: string } {
  return { from: addDays(week, -1), to: addDays(week, 7) };
}

export function inWeek<S extends Slot>(slots: S[], week: string, zone: string): S[] {
  const last = addDays(week, 6);
  return slots.filter((s) => {
    const day = dateIn(new Date(s.start), zone);
    return day >= week && day <= last;
  });
}
