import { DateOnly, Instant } from '@dualcontrol/platform';
import { z } from '@hono/zod-openapi';
import { CONTACT_SOURCES, INTERACTION_KINDS, TASK_KINDS, TASK_STATUSES, TRANSMISSIONS } from './schema.ts';
import { phoneValid } from './services/normalise.ts';

const inRange = (iso: string) => iso.slice(0, 4) >= '1900' && iso.slice(0, 4) <= '2199';
export const Day = DateOnly.refine(inRange, 'a date between 1900 and 2199');
export const Moment = Instant.refine(inRange, 'an instant between 1900 and 2199');

export const Name = z.string().trim().min(1).max(200);
export const Email = z.string().trim().max(254).pipe(z.email('an email address'));
export const Phone = z.string().trim().max(40).refine(phoneValid, 'a phone number (5 to 15 digits)');
export const Postcode = z.string().trim().min(2).max(12);
export const StageKey = z.string().trim().min(1).max(60);

export const Contact = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    userId: z.string().nullable(),
    studentId: z.string().nullable(),
    stage: z.string(),
    lostReason: z.string().nullable(),
    stageChangedAt: z.string(),
    source: z.enum(CONTACT_SOURCES),
    postcode: z.string().nullable(),
    transmission: z.enum(TRANSMISSIONS).nullable(),
    availability: z.string().nullable(),
    preferredStart: z.string().nullable(),
    consentAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CrmContact');

export const Interaction = z
  .object({
    id: z.string(),
    contactId: z.string(),
    kind: z.enum(INTERACTION_KINDS),
    summary: z.string(),
    occurredAt: z.string(),
    staffUserId: z.string().nullable(),
    automatic: z.boolean(),
    source: z.object({ eventType: z.string(), entityId: z.string().nullable() }).nullable(),
  })
  .openapi('CrmInteraction');

export const Note = z
  .object({
    id: z.string(),
    contactId: z.string(),
    authorUserId: z.string().nullable(),
    body: z.string(),
    createdAt: z.string(),
  })
  .openapi('CrmNote');

export const Task = z
  .object({
    id: z.string(),
    contactId: z.string(),
    assigneeUserId: z.string().nullable(),
    title: z.string(),
    kind: z.enum(TASK_KINDS),
    dueOn: z.string(),
    status: z.enum(TASK_STATUSES),
    ruleKey: z.string().nullable(),
    completedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('CrmTask');
