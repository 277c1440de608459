import { weekdayOf } from './calendar-date.ts';
import type { DayRule, NormalizedQuery } from './normalize-query.ts';
import { mergeSpans, subtractSpans, type TimeSpan } from './time-span.ts';
import { MS_PER_DAY, MS_PER_MINUTE } from './time-units.ts';
import type { Weekday } from './types.ts';
import type { WallClock } from './wall-clock.ts';

export type WindowInput = Pick<NormalizedQuery, 'rules' | 'extraHours' | 'blocked'> & {
  /** Local days whose rules apply, inclusive. */
  firstDay: number;
  lastDay: number;
};

/**
 * The instructor's bookable time as sorted, disjoint real-time spans: the weekly rules of every
 * day in range, plus extra hours, minus time off and closures.
 *
 * A rule's start resolves to the EARLIER instant of an ambiguous wall time and its end to the LATER
 * one, so the rule covers every real moment whose wall time reads between the two: 00:00–24:00 is
 * 25 hours on a fall-back day and 23 on a spring-forward day. A bound inside a spring-forward gap
 * moves to the first instant after the gap.
 */
export function buildAvailabilityWindows(input: WindowInput, clock: WallClock): TimeSpan[] {
  const rulesByWeekday = new Map<Weekday, DayRule[]>();
  for (const rule of input.rules) {
    const list = rulesByWeekday.get(rule.weekday);
    if (list) list.push(rule);
    else rulesByWeekday.set(rule.weekday, [rule]);
  }

  const open: TimeSpan[] = [...input.extraHours];
  for (let day = input.firstDay; day <= input.lastDay; day++) {
    for (const rule of rulesByWeekday.get(weekdayOf(day)) ?? []) {
      if (day < rule.validFromDay || day > rule.validToDay) continue;
      const midnight = day * MS_PER_DAY;
      open.push({
        start: clock.toInstant(midnight + rule.startMinute * MS_PER_MINUTE, 'earlier'),
        end: clock.toInstant(midnight + rule.endMinute * MS_PER_MINUTE, 'later'),
      });
    }
  }
  return subtractSpans(mergeSpans(open), mergeSpans(input.blocked));
}
