import {
  BODY_PROBLEMS,
  Id,
  IdParams,
  jsonBody,
  jsonContent,
  PageQuerySchema,
  page,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import {
  Contact,
  Day,
  Email,
  Interaction,
  Moment,
  Name,
  Note,
  Phone,
  Postcode,
  StageKey,
  Task,
} from '../http-schemas.ts';
import { INTERACTION_KINDS, TRANSMISSIONS } from '../schema.ts';

const tags = ['CRM'];

const ContactFields = {
  name: Name,
  email: Email.nullable().optional(),
  phone: Phone.nullable().optional(),
  studentId: Id.nullable().optional(),
  postcode: Postcode.nullable().optional(),
  transmission: z.enum(TRANSMISSIONS).nullable().optional(),
  availability: z.string().trim().max(500).nullable().optional(),
  preferredStart: Day.nullable().optional(),
};

export const createContact = createRoute({
  method: 'post',
  path: '/api/v1/crm/contacts',
  tags,
  summary: 'Add a contact (crm.contact_created); one contact per person, email or phone required',
  security: sessionSecurity,
  request: {
    body: jsonBody(
      z
        .strictObject({ ...ContactFields, stage: StageKey.optional() })
        .refine((b) => b.email || b.phone || b.studentId, {
          message: 'an email, a phone or a student is required',
          path: ['email'],
        }),
    ),
  },
  responses: { 201: jsonContent(Contact, 'Added'), ...problemResponses(...BODY_PROBLEMS, 401, 403, 409) },
});

export const listContacts = createRoute({
  method: 'get',
  path: '/api/v1/crm/contacts',
  tags,
  summary: 'Contacts, by stage or a search on name, email and phone',
  security: sessionSecurity,
  request: {
    query: PageQuerySchema.extend({
      stage: StageKey.optional(),
      q: z.string().trim().min(1).max(100).optional(),
    }),
  },
  responses: {
    200: jsonContent(page(Contact, 'CrmContactPage'), 'Contacts'),
    ...problemResponses(400, 401, 403),
  },
});

const Timeline = z
  .object({
    contact: Contact,
    interactions: z.array(Interaction),
    notes: z.array(Note),
    tasks: z.array(Task),
  })
  .openapi('CrmContactTimeline');

export const getContact = createRoute({
  method: 'get',
  path: '/api/v1/crm/contacts/{id}',
  tags,
  summary: 'A contact with its timeline: interactions, notes and tasks (newest first)',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(Timeline, 'The contact'), ...problemResponses(400, 401, 403, 404) },
});

export const updateContact = createRoute({
  method: 'patch',
  path: '/api/v1/crm/contacts/{id}',
  tags,
  summary: 'Change a contact’s details (the stage moves with POST …/stage)',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z
        .strictObject({ ...ContactFields, name: Name.optional() })
        .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' }),
    ),
  },
  responses: {
    200: jsonContent(Contact, 'Changed'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
  },
});

export const deleteContact = createRoute({
  method: 'delete',
  path: '/api/v1/crm/contacts/{id}',
  tags,
  summary: 'Delete a contact with its interactions, notes and tasks',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 401, 403, 404) },
});

export const moveStage = createRoute({
  method: 'post',
  path: '/api/v1/crm/contacts/{id}/stage',
  tags,
  summary: 'Move a contact to another stage (crm.contact_stage_changed); lost needs a reason',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(z.strictObject({ stage: StageKey, reason: z.string().trim().min(1).max(500).optional() })),
  },
  responses: { 200: jsonContent(Contact, 'Moved'), ...problemResponses(...BODY_PROBLEMS, 401, 403, 404) },
});

export const listDuplicates = createRoute({
  method: 'get',
  path: '/api/v1/crm/duplicates',
  tags,
  summary: 'Contacts sharing an email or a phone, grouped (oldest first in each group)',
  security: sessionSecurity,
  responses: {
    200: jsonContent(
      z
        .object({
          data: z.array(
            z.object({ match: z.enum(['email', 'phone']), value: z.string(), contacts: z.array(Contact) }),
          ),
        })
        .openapi('CrmDuplicates'),
      'Duplicate groups',
    ),
    ...problemResponses(401, 403),
  },
});

export const mergeContacts = createRoute({
  method: 'post',
  path: '/api/v1/crm/contacts/{id}/merge',
  tags,
  summary: 'Merge another contact into this one (crm.contacts_merged): its timeline moves here',
  security: sessionSecurity,
  request: { params: IdParams, body: jsonBody(z.strictObject({ mergedId: Id })) },
  responses: {
    200: jsonContent(Contact, 'The survivor'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
  },
});

export const logInteraction = createRoute({
  method: 'post',
  path: '/api/v1/crm/contacts/{id}/interactions',
  tags,
  summary: 'Log a call, email, message or visit with a contact',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z.strictObject({
        kind: z.enum(INTERACTION_KINDS),
        summary: z.string().trim().min(1).max(2000),
        occurredAt: Moment.optional(),
      }),
    ),
  },
  responses: {
    201: jsonContent(Interaction, 'Logged'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404),
  },
});

export const listInteractions = createRoute({
  method: 'get',
  path: '/api/v1/crm/contacts/{id}/interactions',
  tags,
  summary: 'A contact’s interactions, newest first (automatic ones name their source event)',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: {
    200: jsonContent(z.object({ data: z.array(Interaction) }), 'Interactions'),
    ...problemResponses(400, 401, 403, 404),
  },
});

export const addNote = createRoute({
  method: 'post',
  path: '/api/v1/crm/contacts/{id}/notes',
  tags,
  summary: 'Add a note to a contact',
  security: sessionSecurity,
  request: { params: IdParams, body: jsonBody(z.strictObject({ body: z.string().trim().min(1).max(5000) })) },
  responses: { 201: jsonContent(Note, 'Added'), ...problemResponses(...BODY_PROBLEMS, 401, 403, 404) },
});

export const listNotes = createRoute({
  method: 'get',
  path: '/api/v1/crm/contacts/{id}/notes',
  tags,
  summary: 'A contact’s notes, newest first',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: {
    200: jsonContent(z.object({ data: z.array(Note) }), 'Notes'),
    ...problemResponses(400, 401, 403, 404),
  },
});
