import { tenantIdColumn, tenantIsolationPolicy, ts } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

/**
 * Analytics tables. All are tenant tables (RLS via tenantIsolationPolicy; FORCE and grants from
 * dc_secure_tenant_tables) and none is audited (the custom migration leaves them out): they are a
 * log and read models derived from it, never edited by a person.
 *
 * They are the read side of the product (ARCHITECTURE: separate read/write models): reports read
 * here, never the modules' write tables, so a report over two years costs a few hundred rows.
 */

/**
 * One row per domain event of any module, as it left the outbox: `id` is the outbox event's id
 * (so a redelivery inserts nothing), `properties` the payload with personal data stripped.
 */
export const analyticsEvents = pgTable(
  'analytics_events',
  {
    tenantId: tenantIdColumn(),
    id: uuid('id').notNull(),
    type: text('type').notNull(),
    occurredAt: ts('occurred_at').notNull(),
    actorId: uuid('actor_id'),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull(),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('analytics_events_type_idx').on(t.tenantId, t.type, t.occurredAt),
    // A student's lessons and tests (a test result's first attempt and lessons before a pass).
    index('analytics_events_student_idx')
      .on(t.tenantId, sql`(${t.properties} ->> 'studentId')`, t.type)
      .where(sql`${t.type} in ('booking.completed', 'test.passed', 'test.failed')`),
    tenantIsolationPolicy(),
  ],
);

/** Counters both fact tables share (a day of the school's calendar). */
const lessonCounters = () => ({
  lessonsTaught: integer('lessons_taught').notNull().default(0),
  minutesTaught: integer('minutes_taught').notNull().default(0),
  cancellations: integer('cancellations').notNull().default(0),
  lateCancellations: integer('late_cancellations').notNull().default(0),
  noShows: integer('no_shows').notNull().default(0),
});

/**
 * A school's day: lessons (by the day they were due), money (by the day it moved), enquiries and
 * practical tests (by the test's date). `passLessons`/`passMinutes` add up, over the day's passes,
 * the lessons and minutes the student had been taught by then (average = sum / testsPassed).
 */
export const analyticsSchoolDays = pgTable(
  'analytics_school_days',
  {
    tenantId: tenantIdColumn(),
    day: date('day', { mode: 'string' }).notNull(),
    ...lessonCounters(),
    revenueMinor: integer('revenue_minor').notNull().default(0),
    refundedMinor: integer('refunded_minor').notNull().default(0),
    newEnquiries: integer('new_enquiries').notNull().default(0),
    testsTaken: integer('tests_taken').notNull().default(0),
    testsPassed: integer('tests_passed').notNull().default(0),
    firstTestsTaken: integer('first_tests_taken').notNull().default(0),
    firstTestsPassed: integer('first_tests_passed').notNull().default(0),
    passLessons: integer('pass_lessons').notNull().default(0),
    passMinutes: integer('pass_minutes').notNull().default(0),
    /**
     * How much what students owe moved that day (payments' `payment.outstanding_changed`): the
     * outstanding total at the end of a day is the sum of this column up to it.
     */
    outstandingChangeMinor: integer('outstanding_change_minor').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day] }), tenantIsolationPolicy()],
);

/** An instructor's day: the lesson counters only (money and tests are the school's). */
export const analyticsInstructorDays = pgTable(
  'analytics_instructor_days',
  {
    tenantId: tenantIdColumn(),
    instructorId: uuid('instructor_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    ...lessonCounters(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.instructorId, t.day] }),
    index('analytics_instructor_days_day_idx').on(t.tenantId, t.day),
    tenantIsolationPolicy(),
  ],
);

/** Used by the fact SQL (the column list of each table, in one place). */
export const SCHOOL_COUNTERS = [
  'lessons_taught',
  'minutes_taught',
  'cancellations',
  'late_cancellations',
  'no_shows',
  'revenue_minor',
  'refunded_minor',
  'new_enquiries',
  'tests_taken',
  'tests_passed',
  'first_tests_taken',
  'first_tests_passed',
  'pass_lessons',
  'pass_minutes',
  'outstanding_change_minor',
] as const;
export const INSTRUCTOR_COUNTERS = SCHOOL_COUNTERS.slice(0, 5);
export type SchoolCounter = (typeof SCHOOL_COUNTERS)[number];
