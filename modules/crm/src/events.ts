import { defineEvents } from '@dualcontrol/platform';
import { z } from '@hono/zod-openapi';
import { CONTACT_SOURCES, TASK_KINDS } from './schema.ts';

/**
 * Everything crm emits, declared once (messaging notifies a task's assignee from
 * `crm.task_created`; analytics counts the funnel from the contact events). The names and fields
 * are a contract with those modules: add fields, never rename.
 */
export const crmEvents = defineEvents({
  'crm.contact_created': z.object({
    contactId: z.uuid(),
    source: z.enum(CONTACT_SOURCES),
    stage: z.string(),
  }),
  'crm.contact_stage_changed': z.object({
    contactId: z.uuid(),
    from: z.string(),
    to: z.string(),
    reason: z.string().optional(),
  }),
  'crm.task_created': z.object({
    taskId: z.uuid(),
    contactId: z.uuid(),
    assigneeId: z.uuid().nullable(),
    dueOn: z.iso.date(),
    kind: z.enum(TASK_KINDS),
  }),
  /** `mergedId` no longer exists: its interactions, notes and tasks now belong to `survivorId`. */
  'crm.contacts_merged': z.object({ survivorId: z.uuid(), mergedId: z.uuid() }),
  /** A learner passed: their weekly slot with their instructor is offered to a waiting enquiry. */
  'crm.slot_offered': z.object({
    contactId: z.uuid(),
    taskId: z.uuid(),
    instructorId: z.uuid(),
    freedByStudentId: z.uuid(),
  }),
});

export type CrmEvents = typeof crmEvents;
