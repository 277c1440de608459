import { DateTime } from 'luxon';
import type { AnalyticsEvent } from '../events/to-analytics-event.ts';
import type { SchoolCounter } from '../schema.ts';

/** What one event adds to a school's day and, for lessons, to its instructor's day. */
export type FactDelta = {
  day: string;
  instructorId: string | null;
  counters: Partial<Record<SchoolCounter, number>>;
};

/** The event types the facts read (the rebuild's SQL reads the same ones). */
export const FACT_EVENT_TYPES = [
  'booking.completed',
  'booking.cancelled',
  'booking.no_show',
  'payment.succeeded',
  'payment.refunded',
  'payment.outstanding_changed',
  'crm.contact_created',
  'test.passed',
  'test.failed',
] as const;

/** What a practical test's figures need to know of the student's history (read from analytics_events). */
export type StudentHistory = {
  /** Practical test results of the student before this one (by test date, then event id). */
  earlierResults: number;
  /** Lessons taught to the student on or before the test's date, and their minutes. */
  lessons: number;
  minutes: number;
};

export type FactContext = {
  timezone: string;
  lateCancellationHours: number;
  history(studentId: string, testOn: string, eventId: string): Promise<StudentHistory>;
};

const localDay = (iso: string | Date, zone: string) =>
  (typeof iso === 'string' ? DateTime.fromISO(iso) : DateTime.fromJSDate(iso)).setZone(zone).toISODate()!;
const str = (p: Record<string, unknown>, k: string) => (typeof p[k] === 'string' ? (p[k] as string) : null);
const num = (p: Record<string, unknown>, k: string) => (typeof p[k] === 'number' ? (p[k] as number) : 0);

/** Minutes between two instants, rounded as the rebuild's SQL rounds them. */
const minutesBetween = (start: string, end: string) =>
  Math.round((Date.parse(end) - Date.parse(start)) / 60_000);

/**
 * The facts an analytics event changes. Lessons count on the day they were due (the booking's
 * start on the school's calendar), money on the day it moved, enquiries on the day they came,
 * practical tests on the test's date. A cancellation is late when it came less than the school's
 * `lateCancellationHours` before the lesson's start.
 */
export async function factDeltas(event: AnalyticsEvent, ctx: FactContext): Promise<FactDelta[]> {
  const p = event.properties;
  switch (event.type) {
    case 'booking.completed':
    case 'booking.cancelled':
    case 'booking.no_show': {
      const start = str(p, 'start');
      const end = str(p, 'end');
      if (!start || !end) return [];
      const counters: FactDelta['counters'] = {};
      if (event.type === 'booking.completed') {
        counters.lessons_taught = 1;
        counters.minutes_taught = minutesBetween(start, end);
      } else if (event.type === 'booking.no_show') {
        counters.no_shows = 1;
      } else {
        counters.cancellations = 1;
        const noticeMs = Date.parse(start) - event.occurredAt.getTime();
        if (noticeMs < ctx.lateCancellationHours * 3_600_000) counters.late_cancellations = 1;
      }
      return [{ day: localDay(start, ctx.timezone), instructorId: str(p, 'instructorId'), counters }];
    }
    case 'payment.succeeded':
      // A lesson paid from credit spends money already counted when the package was bought.
      if (p.method === 'credit') return [];
      return [school(event, ctx, { revenue_minor: num(p, 'amountMinor') })];
    case 'payment.refunded':
      return [school(event, ctx, { refunded_minor: num(p, 'amountMinor') })];
    case 'payment.outstanding_changed':
      return [school(event, ctx, { outstanding_change_minor: num(p, 'changeMinor') })];
    case 'crm.contact_created':
      return [school(event, ctx, { new_enquiries: 1 })];
    case 'test.passed':
    case 'test.failed': {
      const studentId = str(p, 'studentId');
      const testOn = str(p, 'testOn');
      if (p.kind !== 'practical' || !studentId || !testOn) return [];
      const passed = event.type === 'test.passed';
      const history = await ctx.history(studentId, testOn, event.id);
      const first = history.earlierResults === 0;
      const counters: FactDelta['counters'] = { tests_taken: 1 };
      if (passed) {
        counters.tests_passed = 1;
        counters.pass_lessons = history.lessons;
        counters.pass_minutes = history.minutes;
      }
      if (first) counters.first_tests_taken = 1;
      if (first && passed) counters.first_tests_passed = 1;
      return [{ day: testOn, instructorId: null, counters }];
    }
    default:
      return [];
  }
}

function school(event: AnalyticsEvent, ctx: FactContext, counters: FactDelta['counters']): FactDelta {
  return { day: localDay(event.occurredAt, ctx.timezone), instructorId: null, counters };
}
