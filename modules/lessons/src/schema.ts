import {
  createdAt,
  idColumn,
  instructors,
  sameTenant,
  students,
  tenantIdColumn,
  tenantIsolationPolicy,
  ts,
  updatedAt,
  users,
} from '@dualcontrol/db';
import { bookings } from '@dualcontrol/scheduling';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Lessons tables. Every one is a tenant table (RLS via tenantIsolationPolicy; FORCE, grants and
 * the audit trigger come from dc_secure_tenant_tables) with composite keys into its tenant. The
 * one reference into scheduling that is not a booking — a test's centre, a `locations` row — is a
 * composite foreign key written in the lessons custom migration (scheduling publishes `bookings`
 * only), together with the trigger that holds it to locations of kind test_centre.
 */

/**
 * A skill's level, 1..5: introduced → helped (under full instruction) → prompted → independent →
 * reflection (can assess their own driving of it). A learner moves down as well as up.
 */
export const SKILL_LEVELS = ['introduced', 'helped', 'prompted', 'independent', 'reflection'] as const;
export type SkillLevelName = (typeof SKILL_LEVELS)[number];
/** "Independent or above" counts towards test readiness. */
export const INDEPENDENT_LEVEL = 4;

export const EVALUATION_KINDS = ['periodic', 'mock_test'] as const;
export const TEST_KINDS = ['theory', 'practical'] as const;
export const TEST_STATUSES = ['booked', 'passed', 'failed', 'cancelled'] as const;
export const DOCUMENT_CATEGORIES = [
  'licence',
  'theory_certificate',
  'eyesight',
  'id',
  'instructor_badge',
  'background_check',
  'insurance',
] as const;
export type DocumentCategory = (typeof DOCUMENT_CATEGORIES)[number];
export const MATERIAL_KINDS = ['link', 'file', 'reading'] as const;
export const ATTACHMENT_KINDS = ['photo', 'video', 'document'] as const;

/** Faults per skill on a mock or real test, as an examiner marks them. */
export type SkillFaults = { skillId: string; driving: number; serious: number; dangerous: number };

/** A school's syllabus groups ("Junctions", "Manoeuvres"); `templateKey` when installed from a template. */
export const skillCategories = pgTable(
  'skill_categories',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    templateKey: text('template_key'),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('skill_categories_template_key').on(t.tenantId, t.templateKey),
    tenantIsolationPolicy(),
  ],
);

/**
 * The skills a school teaches. Renaming keeps the id, so progress recorded under the old name
 * stays attached; a skill is retired (hidden from new records), never deleted while recorded.
 */
export const skills = pgTable(
  'skills',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    categoryId: uuid('category_id').notNull(),
    /** `<template>/<skill>` for a template's skill (what makes installing idempotent); null for a school's own. */
    templateKey: text('template_key'),
    name: text('name').notNull(),
    description: text('description'),
    position: integer('position').notNull().default(0),
    retiredAt: ts('retired_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('skills_template_key').on(t.tenantId, t.templateKey),
    index('skills_category_idx').on(t.tenantId, t.categoryId, t.position),
    sameTenant(
      'skills_category_fk',
      [t.tenantId, t.categoryId],
      [skillCategories.tenantId, skillCategories.id],
    ),
    tenantIsolationPolicy(),
  ],
);

/**
 * One taught lesson per booking and student (a group lesson gives each participant their own).
 * Created when the booking completes; recorded by its instructor afterwards, editable until
 * `editableUntil` (first recording + the school's edit window), then locked.
 */
export const lessons = pgTable(
  'lessons',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    bookingId: uuid('booking_id').notNull(),
    studentId: uuid('student_id').notNull(),
    instructorId: uuid('instructor_id').notNull(),
    taughtAt: ts('taught_at').notNull(),
    minutes: integer('minutes').notNull(),
    nightMinutes: integer('night_minutes').notNull().default(0),
    notes: text('notes'),
    /** First recording; null until the instructor records the lesson. */
    recordedAt: ts('recorded_at'),
    lastEditedAt: ts('last_edited_at'),
    /** The end of the edit window, set at the first recording. */
    editableUntil: ts('editable_until'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('lessons_booking_student_key').on(t.tenantId, t.bookingId, t.studentId),
    index('lessons_student_idx').on(t.tenantId, t.studentId, t.taughtAt),
    index('lessons_instructor_idx').on(t.tenantId, t.instructorId, t.taughtAt),
    check(
      'lessons_minutes',
      sql`${t.minutes} between 0 and 1440 and ${t.nightMinutes} between 0 and ${t.minutes}`,
    ),
    sameTenant('lessons_booking_fk', [t.tenantId, t.bookingId], [bookings.tenantId, bookings.id]),
    sameTenant('lessons_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant('lessons_instructor_fk', [t.tenantId, t.instructorId], [instructors.tenantId, instructors.id]),
    tenantIsolationPolicy(),
  ],
);

/**
 * What a lesson covered: one row per skill practised, at the level shown. The lesson's student and
 * time are copied in (a lesson's time never changes once taught), so a student's latest entries of
 * a skill are an index range: the read model is refreshed without reading their whole history.
 */
export const lessonProgress = pgTable(
  'lesson_progress',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    lessonId: uuid('lesson_id').notNull(),
    studentId: uuid('student_id').notNull(),
    skillId: uuid('skill_id').notNull(),
    taughtAt: ts('taught_at').notNull(),
    level: smallint('level').notNull(),
    note: text('note'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('lesson_progress_lesson_skill_key').on(t.tenantId, t.lessonId, t.skillId),
    index('lesson_progress_student_skill_idx').on(t.tenantId, t.studentId, t.skillId, t.taughtAt, t.lessonId),
    check('lesson_progress_level', sql`${t.level} between 1 and 5`),
    sameTenant('lesson_progress_lesson_fk', [t.tenantId, t.lessonId], [lessons.tenantId, lessons.id]),
    sameTenant('lesson_progress_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant('lesson_progress_skill_fk', [t.tenantId, t.skillId], [skills.tenantId, skills.id]),
    tenantIsolationPolicy(),
  ],
);

/**
 * Read model: each student's current level per skill (from their latest lesson that practised it),
 * the level before it, when last practised and how often. Rewritten from lesson_progress in the
 * transaction that records a lesson, so it is never behind.
 */
export const studentProgress = pgTable(
  'student_progress',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    studentId: uuid('student_id').notNull(),
    skillId: uuid('skill_id').notNull(),
    level: smallint('level').notNull(),
    previousLevel: smallint('previous_level'),
    lastPractisedAt: ts('last_practised_at').notNull(),
    lastLessonId: uuid('last_lesson_id').notNull(),
    timesPractised: integer('times_practised').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('student_progress_student_skill_key').on(t.tenantId, t.studentId, t.skillId),
    check(
      'student_progress_levels',
      sql`${t.level} between 1 and 5 and (${t.previousLevel} is null or ${t.previousLevel} between 1 and 5)`,
    ),
    sameTenant('student_progress_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant('student_progress_skill_fk', [t.tenantId, t.skillId], [skills.tenantId, skills.id]),
    sameTenant('student_progress_lesson_fk', [t.tenantId, t.lastLessonId], [lessons.tenantId, lessons.id]),
    tenantIsolationPolicy(),
  ],
);

/** What a student aims for: a test date, lessons a week, skills to bring to a level. */
export const studentGoals = pgTable(
  'student_goals',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    studentId: uuid('student_id').notNull(),
    title: text('title').notNull(),
    targetTestOn: date('target_test_on', { mode: 'string' }),
    weeklyLessons: smallint('weekly_lessons'),
    skillIds: uuid('skill_ids').array().notNull().default(sql`'{}'::uuid[]`),
    targetLevel: smallint('target_level').notNull().default(INDEPENDENT_LEVEL),
    status: text('status', { enum: ['active', 'reached', 'abandoned'] })
      .notNull()
      .default('active'),
    reachedAt: ts('reached_at'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('student_goals_student_idx').on(t.tenantId, t.studentId),
    check(
      'student_goals_values',
      sql`${t.targetLevel} between 1 and 5 and (${t.weeklyLessons} is null or ${t.weeklyLessons} between 1 and 14)`,
    ),
    sameTenant('student_goals_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant('student_goals_created_by_fk', [t.tenantId, t.createdBy], [users.tenantId, users.id]),
    tenantIsolationPolicy(),
  ],
);

/** The instructor's overall assessment of one lesson. */
export const lessonEvaluations = pgTable(
  'lesson_evaluations',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    lessonId: uuid('lesson_id').notNull(),
    studentId: uuid('student_id').notNull(),
    instructorId: uuid('instructor_id').notNull(),
    rating: smallint('rating').notNull(),
    summary: text('summary'),
    strengths: text('strengths'),
    improvements: text('improvements'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('lesson_evaluations_lesson_key').on(t.tenantId, t.lessonId),
    check('lesson_evaluations_rating', sql`${t.rating} between 1 and 5`),
    sameTenant('lesson_evaluations_lesson_fk', [t.tenantId, t.lessonId], [lessons.tenantId, lessons.id]),
    sameTenant('lesson_evaluations_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant(
      'lesson_evaluations_instructor_fk',
      [t.tenantId, t.instructorId],
      [instructors.tenantId, instructors.id],
    ),
    tenantIsolationPolicy(),
  ],
);

/**
 * Periodic evaluations and mock tests. A mock test is marked like the real one: `faults` per
 * skill, the totals after the school's upgrade rule, and the result.
 */
export const studentEvaluations = pgTable(
  'student_evaluations',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    studentId: uuid('student_id').notNull(),
    instructorId: uuid('instructor_id'),
    kind: text('kind', { enum: EVALUATION_KINDS }).notNull(),
    takenAt: ts('taken_at').notNull(),
    faults: jsonb('faults').$type<SkillFaults[]>().notNull().default([]),
    drivingFaults: integer('driving_faults').notNull().default(0),
    seriousFaults: integer('serious_faults').notNull().default(0),
    dangerousFaults: integer('dangerous_faults').notNull().default(0),
    /** Serious faults that come from the school's repeated-driving-fault rule (included in seriousFaults). */
    upgradedFaults: integer('upgraded_faults').notNull().default(0),
    result: text('result', { enum: ['pass', 'fail'] }),
    summary: text('summary'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('student_evaluations_student_idx').on(t.tenantId, t.studentId, t.takenAt),
    check(
      'student_evaluations_mock_result',
      sql`(${t.kind} = 'mock_test') = (${t.result} is not null) and ${t.drivingFaults} >= 0 and ${t.seriousFaults} >= 0 and ${t.dangerousFaults} >= 0`,
    ),
    sameTenant('student_evaluations_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant(
      'student_evaluations_instructor_fk',
      [t.tenantId, t.instructorId],
      [instructors.tenantId, instructors.id],
    ),
    sameTenant('student_evaluations_created_by_fk', [t.tenantId, t.createdBy], [users.tenantId, users.id]),
    tenantIsolationPolicy(),
  ],
);

/** Links, files and assigned reading, for one lesson or one student. */
export const lessonMaterials = pgTable(
  'lesson_materials',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    lessonId: uuid('lesson_id'),
    studentId: uuid('student_id'),
    kind: text('kind', { enum: MATERIAL_KINDS }).notNull(),
    title: text('title').notNull(),
    url: text('url'),
    description: text('description'),
    assignedBy: uuid('assigned_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('lesson_materials_student_idx').on(t.tenantId, t.studentId),
    index('lesson_materials_lesson_idx').on(t.tenantId, t.lessonId),
    sameTenant('lesson_materials_lesson_fk', [t.tenantId, t.lessonId], [lessons.tenantId, lessons.id]),
    sameTenant('lesson_materials_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant('lesson_materials_assigned_by_fk', [t.tenantId, t.assignedBy], [users.tenantId, users.id]),
    tenantIsolationPolicy(),
  ],
);

/** Photos and videos of a lesson: metadata here, the bytes behind `storageKey` (storage driver: later). */
export const lessonAttachments = pgTable(
  'lesson_attachments',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    lessonId: uuid('lesson_id').notNull(),
    kind: text('kind', { enum: ATTACHMENT_KINDS }).notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    storageKey: text('storage_key').notNull(),
    originalName: text('original_name'),
    uploadedBy: uuid('uploaded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('lesson_attachments_storage_key').on(t.tenantId, t.storageKey),
    index('lesson_attachments_lesson_idx').on(t.tenantId, t.lessonId),
    check('lesson_attachments_size', sql`${t.sizeBytes} >= 0`),
    sameTenant('lesson_attachments_lesson_fk', [t.tenantId, t.lessonId], [lessons.tenantId, lessons.id]),
    sameTenant('lesson_attachments_uploaded_by_fk', [t.tenantId, t.uploadedBy], [users.tenantId, users.id]),
    tenantIsolationPolicy(),
  ],
);

/**
 * Theory and practical tests: booked, then passed or failed with the examiner's faults. The
 * centre is a scheduling `locations` row of kind test_centre (foreign key and kind check in the
 * custom migration).
 */
export const testRecords = pgTable(
  'test_records',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    studentId: uuid('student_id').notNull(),
    kind: text('kind', { enum: TEST_KINDS }).notNull(),
    testOn: date('test_on', { mode: 'string' }).notNull(),
    centreLocationId: uuid('centre_location_id'),
    status: text('status', { enum: TEST_STATUSES }).notNull().default('booked'),
    faults: jsonb('faults').$type<SkillFaults[]>().notNull().default([]),
    drivingFaults: integer('driving_faults'),
    seriousFaults: integer('serious_faults'),
    dangerousFaults: integer('dangerous_faults'),
    notes: text('notes'),
    resultRecordedAt: ts('result_recorded_at'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('test_records_student_idx').on(t.tenantId, t.studentId, t.testOn),
    index('test_records_centre_idx').on(t.tenantId, t.centreLocationId),
    sameTenant('test_records_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant('test_records_created_by_fk', [t.tenantId, t.createdBy], [users.tenantId, users.id]),
    tenantIsolationPolicy(),
  ],
);

/**
 * A person's documents (a student's licence and theory certificate, an instructor's badge and
 * background check, the school's insurance), with expiry and who verified them.
 */
export const documents = pgTable(
  'documents',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    userId: uuid('user_id').notNull(),
    category: text('category', { enum: DOCUMENT_CATEGORIES }).notNull(),
    title: text('title'),
    /**
     * The certificate or licence number, encrypted (encryption.ts, context
     * `documents:<tenant>:<id>:reference`): shown to the office and the document's owner only.
     */
    referenceEnc: text('reference_enc'),
    issuedOn: date('issued_on', { mode: 'string' }),
    expiresOn: date('expires_on', { mode: 'string' }),
    storageKey: text('storage_key'),
    verifiedBy: uuid('verified_by'),
    verifiedAt: ts('verified_at'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('documents_user_idx').on(t.tenantId, t.userId, t.category),
    index('documents_expiry_idx').on(t.tenantId, t.expiresOn),
    check(
      'documents_dates',
      sql`${t.issuedOn} is null or ${t.expiresOn} is null or ${t.issuedOn} <= ${t.expiresOn}`,
    ),
    check('documents_verified', sql`(${t.verifiedBy} is null) = (${t.verifiedAt} is null)`),
    sameTenant('documents_user_fk', [t.tenantId, t.userId], [users.tenantId, users.id]),
    sameTenant('documents_verified_by_fk', [t.tenantId, t.verifiedBy], [users.tenantId, users.id]),
    sameTenant('documents_created_by_fk', [t.tenantId, t.createdBy], [users.tenantId, users.id]),
    tenantIsolationPolicy(),
  ],
);

export const DOCUMENT_NOTICES = ['expiring_30', 'expiring_7', 'expired'] as const;
export type DocumentNotice = (typeof DOCUMENT_NOTICES)[number];

/**
 * The expiry notices a document has had (`document.expiring` 30 and 7 days before, `document.expired`),
 * one row per notice and expiry date: what makes the expiry workflow's activity idempotent across
 * retries and restarts. A new expiry date starts a fresh set; removing the document removes them.
 */
export const documentExpiryNotices = pgTable(
  'document_expiry_notices',
  {
    tenantId: tenantIdColumn(),
    documentId: uuid('document_id').notNull(),
    notice: text('notice', { enum: DOCUMENT_NOTICES }).notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    /** The outbox event that carried it. */
    eventId: uuid('event_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.documentId, t.expiresOn, t.notice] }),
    sameTenant(
      'document_expiry_notices_document_fk',
      [t.tenantId, t.documentId],
      [documents.tenantId, documents.id],
    ).onDelete('cascade'),
    tenantIsolationPolicy(),
  ],
);

/** A parent or guardian's account linked to a learner: read-only progress and lessons, optionally the payer. */
export const guardians = pgTable(
  'guardians',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    guardianUserId: uuid('guardian_user_id').notNull(),
    studentId: uuid('student_id').notNull(),
    relationship: text('relationship'),
    canPay: boolean('can_pay').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('guardians_pair_key').on(t.tenantId, t.guardianUserId, t.studentId),
    index('guardians_student_idx').on(t.tenantId, t.studentId),
    sameTenant('guardians_user_fk', [t.tenantId, t.guardianUserId], [users.tenantId, users.id]),
    sameTenant('guardians_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    tenantIsolationPolicy(),
  ],
);

export const PRACTICE_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export type PracticeStatus = (typeof PRACTICE_STATUSES)[number];

/**
 * Private practice for the logbook: a drive the student made with a supervising guardian, which
 * the student submits and the named guardian (or the office) confirms. Only confirmed entries
 * count. The date and start are wall-clock at the school (its time zone), as a paper logbook has
 * them; one entry per student, date and start.
 */
export const practiceEntries = pgTable(
  'practice_entries',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    studentId: uuid('student_id').notNull(),
    supervisorUserId: uuid('supervisor_user_id').notNull(),
    drivenOn: date('driven_on', { mode: 'string' }).notNull(),
    /** 'HH:MM', the school's wall clock. */
    startTime: text('start_time').notNull(),
    minutes: integer('minutes').notNull(),
    nightMinutes: integer('night_minutes').notNull().default(0),
    notes: text('notes'),
    status: text('status', { enum: PRACTICE_STATUSES }).notNull().default('pending'),
    submittedBy: uuid('submitted_by'),
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('practice_entries_start_key').on(t.tenantId, t.studentId, t.drivenOn, t.startTime),
    index('practice_entries_supervisor_idx').on(t.tenantId, t.supervisorUserId, t.status),
    check(
      'practice_entries_values',
      sql`${t.minutes} between 1 and 720 and ${t.nightMinutes} between 0 and ${t.minutes} and ${t.startTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`,
    ),
    check('practice_entries_decided', sql`(${t.status} = 'pending') = (${t.decidedAt} is null)`),
    sameTenant('practice_entries_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant(
      'practice_entries_supervisor_fk',
      [t.tenantId, t.supervisorUserId],
      [users.tenantId, users.id],
    ),
    sameTenant('practice_entries_submitted_by_fk', [t.tenantId, t.submittedBy], [users.tenantId, users.id]),
    sameTenant('practice_entries_decided_by_fk', [t.tenantId, t.decidedBy], [users.tenantId, users.id]),
    tenantIsolationPolicy(),
  ],
);

/**
 * An invitation to follow a learner as their guardian, mailed by the office or the learner. Only
 * the SHA-256 of the link's token is kept; the invitation works once and until `expiresAt`.
 */
export const guardianInvitations = pgTable(
  'guardian_invitations',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    studentId: uuid('student_id').notNull(),
    email: text('email').notNull(),
    relationship: text('relationship'),
    canPay: boolean('can_pay').notNull().default(false),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by'),
    expiresAt: ts('expires_at').notNull(),
    acceptedAt: ts('accepted_at'),
    acceptedBy: uuid('accepted_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('guardian_invitations_token_key').on(t.tenantId, t.tokenHash),
    index('guardian_invitations_student_idx').on(t.tenantId, t.studentId),
    check('guardian_invitations_accepted', sql`(${t.acceptedAt} is null) = (${t.acceptedBy} is null)`),
    sameTenant(
      'guardian_invitations_student_fk',
      [t.tenantId, t.studentId],
      [students.tenantId, students.id],
    ),
    sameTenant('guardian_invitations_invited_by_fk', [t.tenantId, t.invitedBy], [users.tenantId, users.id]),
    sameTenant('guardian_invitations_accepted_by_fk', [t.tenantId, t.acceptedBy], [users.tenantId, users.id]),
    tenantIsolationPolicy(),
  ],
);
