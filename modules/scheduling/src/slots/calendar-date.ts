import { MS_PER_DAY } from './time-units.ts';
import type { Weekday } from './types.ts';

/**
 * Local calendar dates as whole day numbers (days since 1970-01-01). Day arithmetic on plain
 * integers keeps the engine free of per-day DateTime objects; a day number times MS_PER_DAY is the
 * "local epoch" of that date's midnight, the coordinate wall-clock.ts converts to real instants.
 */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

// 1970-01-01 was a Thursday.
const WEEKDAYS: readonly Weekday[] = ['thu', 'fri', 'sat', 'sun', 'mon', 'tue', 'wed'];

/** Day number of a YYYY-MM-DD date, or undefined when the text is not a real calendar date. */
export function parseCalendarDate(text: string): number | undefined {
  const match = DATE_PATTERN.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  // Date.UTC rolls 2027-02-29 over to March 1st; a round trip catches every impossible date.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return Math.round(ms / MS_PER_DAY);
}

export function formatCalendarDate(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

export function weekdayOf(dayNumber: number): Weekday {
  return WEEKDAYS[((dayNumber % 7) + 7) % 7]!;
}

/** Index of the ISO week (Monday to Sunday) containing the day; only equality between indexes matters. */
export function isoWeekIndexOf(dayNumber: number): number {
  // Day 4 (1970-01-05) is the first Monday, so shifting by 3 puts Mondays on multiples of 7.
  return Math.floor((dayNumber + 3) / 7);
}
