import { defineEvents } from '@dualcontrol/platform';
import { z } from '@hono/zod-openapi';
import { DOCUMENT_CATEGORIES, TEST_KINDS } from './schema.ts';

// Payloads are JSON: ids are UUIDs, instants ISO 8601 strings in UTC, dates YYYY-MM-DD.
const instant = z.iso.datetime();
const day = z.iso.date();
const level = z.number().int().min(1).max(5);

const testFields = {
  testId: z.uuid(),
  studentId: z.uuid(),
  kind: z.enum(TEST_KINDS),
  testOn: day,
};

const documentFields = {
  documentId: z.uuid(),
  userId: z.uuid(),
  category: z.enum(DOCUMENT_CATEGORIES),
  expiresOn: day,
};

/**
 * Everything lessons emits, declared once (messaging, crm and analytics consume them next).
 * `document.expiring`/`document.expired` are declared for the expiry timers that come with the
 * module's workflows; nothing emits them yet.
 */
export const lessonsEvents = defineEvents({
  /** A lesson was recorded, or its record edited within the edit window (record-lesson.ts). */
  'lesson.recorded': z.object({
    lessonId: z.uuid(),
    bookingId: z.uuid(),
    studentId: z.uuid(),
    instructorId: z.uuid(),
    taughtAt: instant,
    entries: z.number().int(),
    edit: z.boolean(),
  }),
  /** A student's current level of one skill moved (up or down; `from` null the first time). */
  'skill.level_changed': z.object({
    studentId: z.uuid(),
    skillId: z.uuid(),
    lessonId: z.uuid(),
    from: level.nullable(),
    to: level.nullable(),
  }),
  /** An instructor's assessment: of a lesson, a periodic evaluation or a mock test. */
  'lesson.evaluated': z.object({
    evaluationId: z.uuid(),
    studentId: z.uuid(),
    kind: z.enum(['lesson', 'periodic', 'mock_test']),
    lessonId: z.uuid().optional(),
    result: z.enum(['pass', 'fail']).optional(),
  }),
  'test.booked': z.object({ ...testFields, centreLocationId: z.uuid().nullable() }),
  'test.passed': z.object({
    ...testFields,
    drivingFaults: z.number().int(),
    seriousFaults: z.number().int(),
    dangerousFaults: z.number().int(),
  }),
  'test.failed': z.object({
    ...testFields,
    drivingFaults: z.number().int(),
    seriousFaults: z.number().int(),
    dangerousFaults: z.number().int(),
  }),
  'document.expiring': z.object({ ...documentFields, daysLeft: z.number().int() }),
  'document.expired': z.object(documentFields),
  /** Every skill of a goal reached its target level (record-lesson.ts). */
  'goal.reached': z.object({ goalId: z.uuid(), studentId: z.uuid(), reachedAt: instant }),
});

export type LessonsEvents = typeof lessonsEvents;
