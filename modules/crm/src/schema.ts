import {
  createdAt,
  idColumn,
  instructors,
  referencesUser,
  sameTenant,
  students,
  tenantIdColumn,
  tenantIsolationPolicy,
  ts,
  updatedAt,
} from '@dualcontrol/db';
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
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * CRM tables. Every one is a tenant table (RLS via tenantIsolationPolicy; FORCE, grants and the
 * audit trigger come from dc_secure_tenant_tables after each migration run) with composite keys
 * into its tenant. Pipeline stages and follow-up rules are per-school data with defaults written
 * by the module the first time a school needs them (services/crm-defaults.ts).
 */

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
/** The default pipeline, in board order; `lost` is the one stage that needs a reason. */
export const DEFAULT_STAGES = [
  { key: 'enquiry', label: 'Enquiry', kind: 'open' },
  { key: 'contacted', label: 'Contacted', kind: 'open' },
  { key: 'trial_lesson', label: 'Trial lesson', kind: 'open' },
  { key: 'active_learner', label: 'Active learner', kind: 'open' },
  { key: 'test_booked', label: 'Test booked', kind: 'open' },
  { key: 'passed', label: 'Passed', kind: 'won' },
  { key: 'alumni', label: 'Alumni', kind: 'won' },
  { key: 'lost', label: 'Lost', kind: 'lost' },
] as const;

export const CONTACT_SOURCES = ['enquiry', 'manual', 'signup'] as const;
export const TRANSMISSIONS = ['manual', 'automatic'] as const;
export const INTERACTION_KINDS = [
  'call',
  'email',
  'message',
  'visit',
  'booking',
  'lesson',
  'payment',
  'test',
  'other',
] as const;
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export const TASK_KINDS = [
  'call',
  'email',
  'follow_up',
  'enquiry',
  'review_request',
  'credit_low',
  'document',
  'instalment',
  'no_lesson',
  'slot_offer',
  'other',
] as const;

/** A school's pipeline columns, keyed by a stable `key` (contacts reference it). */
export const crmPipelineStages = pgTable(
  'crm_pipeline_stages',
  {
    tenantId: tenantIdColumn(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    position: integer('position').notNull(),
    kind: text('kind', { enum: STAGE_KINDS }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] }), tenantIsolationPolicy()],
);

/**
 * An enquiry or a person the school deals with. One contact per person: a user (and so a student)
 * has at most one contact. Email is stored lower-cased and trimmed, phone as digits with a leading
 * + (services/normalise.ts); duplicates are contacts sharing either.
 */
export const crmContacts = pgTable(
  'crm_contacts',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    userId: uuid('user_id'),
    studentId: uuid('student_id'),
    /** A learner's instructor, from their latest confirmed booking (whose slot a pass frees). */
    instructorId: uuid('instructor_id'),
    stage: text('stage').notNull(),
    lostReason: text('lost_reason'),
    stageChangedAt: ts('stage_changed_at').notNull().defaultNow(),
    source: text('source', { enum: CONTACT_SOURCES }).notNull(),
    postcode: text('postcode'),
    transmission: text('transmission', { enum: TRANSMISSIONS }),
    availability: text('availability'),
    preferredStart: date('preferred_start'),
    consentAt: ts('consent_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('crm_contacts_user_key').on(t.tenantId, t.userId),
    uniqueIndex('crm_contacts_student_key').on(t.tenantId, t.studentId),
    index('crm_contacts_stage_idx').on(t.tenantId, t.stage, t.id),
    index('crm_contacts_email_idx').on(t.tenantId, t.email),
    index('crm_contacts_phone_idx').on(t.tenantId, t.phone),
    sameTenant(
      'crm_contacts_stage_fk',
      [t.tenantId, t.stage],
      [crmPipelineStages.tenantId, crmPipelineStages.key],
    ),
    sameTenant('crm_contacts_student_fk', [t.tenantId, t.studentId], [students.tenantId, students.id]),
    sameTenant(
      'crm_contacts_instructor_fk',
      [t.tenantId, t.instructorId],
      [instructors.tenantId, instructors.id],
    ),
    referencesUser('crm_contacts_user_fk', t.tenantId, t.userId),
    check('crm_contacts_lost_reason', sql`(${t.stage} = 'lost') = (${t.lostReason} is not null)`),
    check(
      'crm_contacts_reachable',
      sql`${t.email} is not null or ${t.phone} is not null or ${t.userId} is not null`,
    ),
    tenantIsolationPolicy(),
  ],
);

/**
 * Something that happened with a contact: logged by staff, or automatically from a domain event
 * (`automatic`, with the event's type, its entity and the event id: the unique event id makes a
 * redelivered event a no-op).
 */
export const crmInteractions = pgTable(
  'crm_interactions',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    contactId: uuid('contact_id').notNull(),
    kind: text('kind', { enum: INTERACTION_KINDS }).notNull(),
    summary: text('summary').notNull(),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
    staffUserId: uuid('staff_user_id'),
    automatic: boolean('automatic').notNull().default(false),
    sourceEventType: text('source_event_type'),
    sourceEntityId: uuid('source_entity_id'),
    sourceEventId: uuid('source_event_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('crm_interactions_contact_idx').on(t.tenantId, t.contactId, t.occurredAt),
    uniqueIndex('crm_interactions_source_event_key').on(t.tenantId, t.sourceEventId),
    sameTenant(
      'crm_interactions_contact_fk',
      [t.tenantId, t.contactId],
      [crmContacts.tenantId, crmContacts.id],
    ),
    referencesUser('crm_interactions_staff_fk', t.tenantId, t.staffUserId),
    check(
      'crm_interactions_source',
      sql`${t.automatic} = (${t.sourceEventType} is not null and ${t.sourceEventId} is not null)`,
    ),
    tenantIsolationPolicy(),
  ],
);

export const crmNotes = pgTable(
  'crm_notes',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    contactId: uuid('contact_id').notNull(),
    authorUserId: uuid('author_user_id'),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('crm_notes_contact_idx').on(t.tenantId, t.contactId, t.createdAt),
    sameTenant('crm_notes_contact_fk', [t.tenantId, t.contactId], [crmContacts.tenantId, crmContacts.id]),
    referencesUser('crm_notes_author_fk', t.tenantId, t.authorUserId),
    tenantIsolationPolicy(),
  ],
);

/**
 * Work for the office on a contact. `ruleKey` names the follow-up rule that made it: one open
 * task per (contact, rule) at a time, held by a partial unique index.
 */
export const crmTasks = pgTable(
  'crm_tasks',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    contactId: uuid('contact_id').notNull(),
    assigneeUserId: uuid('assignee_user_id'),
    title: text('title').notNull(),
    kind: text('kind', { enum: TASK_KINDS }).notNull(),
    dueOn: date('due_on').notNull(),
    status: text('status', { enum: TASK_STATUSES }).notNull().default('open'),
    ruleKey: text('rule_key'),
    createdByUserId: uuid('created_by_user_id'),
    completedAt: ts('completed_at'),
    completedByUserId: uuid('completed_by_user_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('crm_tasks_assignee_idx').on(t.tenantId, t.assigneeUserId, t.status, t.dueOn),
    index('crm_tasks_contact_idx').on(t.tenantId, t.contactId),
    uniqueIndex('crm_tasks_open_rule_key')
      .on(t.tenantId, t.contactId, t.ruleKey)
      .where(sql`${t.status} = 'open' and ${t.ruleKey} is not null`),
    sameTenant('crm_tasks_contact_fk', [t.tenantId, t.contactId], [crmContacts.tenantId, crmContacts.id]),
    referencesUser('crm_tasks_assignee_fk', t.tenantId, t.assigneeUserId),
    referencesUser('crm_tasks_creator_fk', t.tenantId, t.createdByUserId),
    referencesUser('crm_tasks_completer_fk', t.tenantId, t.completedByUserId),
    check('crm_tasks_done', sql`(${t.status} = 'open') = (${t.completedAt} is null)`),
    tenantIsolationPolicy(),
  ],
);

/** A school's follow-up rules: on/off and thresholds (defaults in followups/rules.ts). */
export const crmFollowupRules = pgTable(
  'crm_followup_rules',
  {
    tenantId: tenantIdColumn(),
    key: text('key').notNull(),
    enabled: boolean('enabled').notNull(),
    thresholds: jsonb('thresholds').$type<Record<string, number>>().notNull().default({}),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] }), tenantIsolationPolicy()],
);
