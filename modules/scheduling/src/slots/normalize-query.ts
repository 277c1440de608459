import { parseCalendarDate } from './calendar-date.ts';
import { parseTimeOfDay } from './time-of-day.ts';
import type { TimeSpan } from './time-span.ts';
import { MINUTES_PER_DAY, MS_PER_MINUTE } from './time-units.ts';
import type { GeoPoint, Interval, SlotQuery, TravelPolicy, Weekday } from './types.ts';
import { isKnownZone } from './wall-clock.ts';

/** A weekly rule with its times in minutes from the local midnight of the day it starts on. */
export type DayRule = {
  weekday: Weekday;
  startMinute: number;
  /** After startMinute; above 1440 when the rule runs past midnight. */
  endMinute: number;
  validFromDay: number;
  validToDay: number;
};

export type Commitment = TimeSpan & {
  bufferBeforeMs: number;
  bufferAfterMs: number;
  location: GeoPoint | null;
};

export type NormalizedStudent = {
  busy: TimeSpan[];
  maxPerDay: number | undefined;
  maxPerWeek: number | undefined;
  minGapMs: number;
};

/** The query checked and converted to day numbers and epoch milliseconds. */
export type NormalizedQuery = {
  timezone: string;
  fromDay: number;
  toDay: number;
  durationMs: number;
  bufferBeforeMs: number;
  bufferAfterMs: number;
  rules: DayRule[];
  extraHours: TimeSpan[];
  /** Personal time off and school closures: both simply remove availability. */
  blocked: TimeSpan[];
  busy: Commitment[];
  now: number;
  noticeMs: number;
  horizonDays: number | undefined;
  gridStepMinutes: number;
  gridOffsetMinutes: number;
  travel: TravelPolicy;
  pickup: GeoPoint | null;
  student: NormalizedStudent | undefined;
};

/** A quarter (93 days) is the longest range a calendar view asks for; longer queries are mistakes. */
export const MAX_RANGE_DAYS = 93;

const WEEKDAYS = new Set<string>(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

/** Validates a SlotQuery, throwing a RangeError that names the offending field. */
export function normalizeQuery(query: SlotQuery): NormalizedQuery {
  if (typeof query.timezone !== 'string' || !isKnownZone(query.timezone)) {
    fail(`unknown time zone ${JSON.stringify(query.timezone)}`);
  }
  const fromDay = requireDate(query.from, 'from');
  const toDay = requireDate(query.to, 'to');
  if (fromDay > toDay) fail(`from (${query.from}) is after to (${query.to})`);
  if (toDay - fromDay + 1 > MAX_RANGE_DAYS) {
    fail(`the range ${query.from}..${query.to} spans more than ${MAX_RANGE_DAYS} days`);
  }
  if (!(query.durationMinutes > 0) || !Number.isFinite(query.durationMinutes)) {
    fail(`durationMinutes must be a positive number, got ${query.durationMinutes}`);
  }
  const step = query.grid?.stepMinutes ?? 15;
  const gridOffset = query.grid?.offsetMinutes ?? 0;
  if (!Number.isInteger(step) || step <= 0) fail(`grid.stepMinutes must be a positive integer, got ${step}`);
  if (!Number.isInteger(gridOffset)) fail(`grid.offsetMinutes must be an integer, got ${gridOffset}`);
  const horizonDays = query.horizonDays;
  if (horizonDays !== undefined && (!Number.isInteger(horizonDays) || horizonDays < 0)) {
    fail(`horizonDays must be a non-negative integer, got ${horizonDays}`);
  }
  if (!Array.isArray(query.rules)) fail('rules must be an array');

  return {
    timezone: query.timezone,
    fromDay,
    toDay,
    durationMs: query.durationMinutes * MS_PER_MINUTE,
    bufferBeforeMs: minutes(query.bufferBeforeMinutes, 'bufferBeforeMinutes'),
    bufferAfterMs: minutes(query.bufferAfterMinutes, 'bufferAfterMinutes'),
    rules: query.rules.map((rule, index) => normalizeRule(rule, `rules[${index}]`)),
    ...normalizeExceptions(query),
    busy: (query.busy ?? []).map((busy, index) => ({
      ...span(busy, `busy[${index}]`),
      bufferBeforeMs: minutes(busy.bufferBeforeMinutes, `busy[${index}].bufferBeforeMinutes`),
      bufferAfterMs: minutes(busy.bufferAfterMinutes, `busy[${index}].bufferAfterMinutes`),
      location: point(busy.location, `busy[${index}].location`),
    })),
    now: instant(query.now, 'now'),
    noticeMs: minutes(query.minimumNoticeMinutes, 'minimumNoticeMinutes'),
    horizonDays,
    gridStepMinutes: step,
    gridOffsetMinutes: gridOffset,
    travel: normalizeTravel(query.travel),
    pickup: point(query.pickup, 'pickup'),
    student: query.student && {
      busy: query.student.busy.map((busy, index) => span(busy, `student.busy[${index}]`)),
      maxPerDay: count(query.student.maxPerDay, 'student.maxPerDay'),
      maxPerWeek: count(query.student.maxPerWeek, 'student.maxPerWeek'),
      minGapMs: minutes(query.student.minGapMinutes, 'student.minGapMinutes'),
    },
  };
}

function normalizeExceptions(query: SlotQuery): Pick<NormalizedQuery, 'extraHours' | 'blocked'> {
  const extraHours: TimeSpan[] = [];
  const blocked: TimeSpan[] = [];
  for (const [index, exception] of (query.exceptions ?? []).entries()) {
    const label = `exceptions[${index}]`;
    if (exception.kind === 'extra_hours') extraHours.push(span(exception, label));
    else if (exception.kind === 'time_off') blocked.push(span(exception, label));
    else fail(`${label}.kind must be 'time_off' or 'extra_hours'`);
  }
  for (const [index, closure] of (query.closures ?? []).entries())
    blocked.push(span(closure, `closures[${index}]`));
  return { extraHours, blocked };
}

function normalizeRule(rule: SlotQuery['rules'][number], label: string): DayRule {
  if (!WEEKDAYS.has(rule.day)) fail(`${label}.day must be one of mon..sun, got ${JSON.stringify(rule.day)}`);
  const startMinute = parseTimeOfDay(rule.start, { allowEndOfDay: false });
  if (startMinute === undefined) fail(`${label}.start must be HH:MM, got ${JSON.stringify(rule.start)}`);
  let endMinute = parseTimeOfDay(rule.end, { allowEndOfDay: true });
  if (endMinute === undefined) fail(`${label}.end must be HH:MM or 24:00, got ${JSON.stringify(rule.end)}`);
  if (endMinute === startMinute) fail(`${label} starts and ends at ${rule.start}`);
  // An end before the start is an overnight rule (22:00–02:00) ending on the next day.
  if (endMinute < startMinute) endMinute += MINUTES_PER_DAY;
  const validFromDay =
    rule.validFrom === undefined ? -Infinity : requireDate(rule.validFrom, `${label}.validFrom`);
  const validToDay = rule.validTo === undefined ? Infinity : requireDate(rule.validTo, `${label}.validTo`);
  return { weekday: rule.day, startMinute, endMinute, validFromDay, validToDay };
}

function normalizeTravel(travel: TravelPolicy | undefined): TravelPolicy {
  if (!travel || travel.mode === 'none') return { mode: 'none' };
  if (travel.mode === 'fixed') {
    minutes(travel.minutes, 'travel.minutes');
    return travel;
  }
  if (travel.mode === 'estimate') {
    if (!(travel.averageKmh > 0) || !Number.isFinite(travel.averageKmh)) {
      fail(`travel.averageKmh must be a positive number, got ${travel.averageKmh}`);
    }
    minutes(travel.minimumMinutes, 'travel.minimumMinutes');
    return travel;
  }
  return fail(`travel.mode must be 'none', 'fixed' or 'estimate'`);
}

function requireDate(text: string, label: string): number {
  const day = typeof text === 'string' ? parseCalendarDate(text) : undefined;
  if (day === undefined) fail(`${label} must be a real date YYYY-MM-DD, got ${JSON.stringify(text)}`);
  return day;
}

function instant(value: Date, label: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) fail(`${label} must be a valid Date`);
  return ms;
}

function span(interval: Interval, label: string): TimeSpan {
  const start = instant(interval.start, `${label}.start`);
  const end = instant(interval.end, `${label}.end`);
  if (end < start) fail(`${label} ends before it starts`);
  return { start, end };
}

function minutes(value: number | undefined, label: string): number {
  if (value === undefined) return 0;
  if (!(value >= 0) || !Number.isFinite(value)) fail(`${label} must be a non-negative number, got ${value}`);
  return value * MS_PER_MINUTE;
}

function count(value: number | undefined, label: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0) fail(`${label} must be a non-negative integer, got ${value}`);
  return value;
}

function point(value: GeoPoint | null | undefined, label: string): GeoPoint | null {
  if (value === undefined || value === null) return null;
  const valid =
    Number.isFinite(value.lat) &&
    Number.isFinite(value.lng) &&
    Math.abs(value.lat) <= 90 &&
    Math.abs(value.lng) <= 180;
  if (!valid) fail(`${label} must have lat in [-90, 90] and lng in [-180, 180]`);
  return value;
}

function fail(message: string): never {
  throw new RangeError(`computeSlots: ${message}`);
}
