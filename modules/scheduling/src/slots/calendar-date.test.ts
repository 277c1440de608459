import { describe, expect, it } from 'vitest';
import { formatCalendarDate, isoWeekIndexOf, parseCalendarDate, weekdayOf } from './calendar-date.ts';

describe('calendar dates as day numbers', () => {
  it('round-trips real dates, including leap days', () => {
    expect(parseCalendarDate('1970-01-01')).toBe(0);
    expect(formatCalendarDate(parseCalendarDate('2028-02-29')!)).toBe('2028-02-29');
    expect(parseCalendarDate('2028-03-01')! - parseCalendarDate('2028-02-28')!).toBe(2);
  });

  it('rejects impossible and malformed dates instead of rolling them over', () => {
    for (const text of ['2027-02-29', '2026-13-01', '2026-04-31', '2026-1-05', '2026-01-05T00:00', '']) {
      expect(parseCalendarDate(text), text).toBeUndefined();
    }
  });

  it('knows weekdays (2028-02-29 is a Tuesday) and Monday-to-Sunday ISO weeks', () => {
    expect(weekdayOf(parseCalendarDate('2028-02-29')!)).toBe('tue');
    expect(weekdayOf(parseCalendarDate('2026-10-25')!)).toBe('sun');
    const monday = parseCalendarDate('2026-01-05')!;
    expect(isoWeekIndexOf(monday + 6)).toBe(isoWeekIndexOf(monday));
    expect(isoWeekIndexOf(monday - 1)).toBe(isoWeekIndexOf(monday) - 1);
    expect(isoWeekIndexOf(monday + 7)).toBe(isoWeekIndexOf(monday) + 1);
  });
});
