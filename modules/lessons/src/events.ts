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
 * `document.expiring`/`document.expired` come from each document's expiry workflow
 * (workflows/document-expiry-workflow.ts), which `document.expiry_changed`/`document.removed` start,
 * restart and cancel.
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
  /**
   * A document's expiry notice: `notice` is the mark (30 or 7 days before), `daysLeft` the days left
   * when it went out (the same, unless the document was added or changed after the mark had passed).
   */
  'document.expiring': z.object({
    ...documentFields,
    daysLeft: z.number().int(),
    notice: z.union([z.literal(30), z.literal(7)]),
  }),
  /** The day after a document's expiry date (once per expiry date). */
  'document.expired': z.object(documentFields),
  /** A document was added with an expiry, or its expiry date changed or was removed (null). */
  'document.expiry_changed': z.object({
    documentId: z.uuid(),
    userId: z.uuid(),
    category: z.enum(DOCUMENT_CATEGORIES),
    expiresOn: day.nullable(),
    previousExpiresOn: day.nullable(),
  }),
  /** A document was removed (its expiry notices stop). */
  'document.removed': z.object({
    documentId: z.uuid(),
    userId: z.uuid(),
    category: z.enum(DOCUMENT_CATEGORIES),
  }),
  /** Every skill of a goal reached its target level (record-lesson.ts). */
  'goal.reached': z.object({ goalId: z.uuid(), studentId: z.uuid(), reachedAt: instant }),
});

export type LessonsEvents = typeof lessonsEvents;
