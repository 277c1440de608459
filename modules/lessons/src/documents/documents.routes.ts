import {
  BODY_PROBLEMS,
  Id,
  IdParams,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { Day } from '../http-schemas.ts';
import { DOCUMENT_CATEGORIES } from '../schema.ts';

const tags = ['Documents'];
const Category = z.enum(DOCUMENT_CATEGORIES);
const DocumentFields = {
  id: z.string(),
  userId: z.string(),
  category: Category,
  title: z.string().nullable(),
  reference: z.string().nullable(),
  issuedOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  createdAt: z.string(),
};
const Document = z.object(DocumentFields).openapi('Document');

export const addDocument = createRoute({
  method: 'post',
  path: '/api/v1/documents',
  tags,
  summary: 'Add a document: one’s own (student, instructor) or anyone’s (office)',
  description:
    'A theory certificate given an issue date but no expiry is valid for the school’s `theoryCertificateValidityMonths` (24: the UK’s two years).',
  security: sessionSecurity,
  request: {
    body: jsonBody(
      z
        .strictObject({
          userId: Id.optional().openapi({ description: 'Whose document (default: the caller)' }),
          category: Category,
          title: z.string().trim().max(200).optional(),
          reference: z.string().trim().max(100).optional(),
          issuedOn: Day.optional(),
          expiresOn: Day.optional(),
        })
        .refine((d) => !d.issuedOn || !d.expiresOn || d.issuedOn <= d.expiresOn, {
          message: 'expiresOn is before issuedOn',
          path: ['expiresOn'],
        }),
    ),
  },
  responses: { 201: jsonContent(Document, 'Added'), ...problemResponses(...BODY_PROBLEMS, 401, 403, 404) },
});

export const listDocuments = createRoute({
  method: 'get',
  path: '/api/v1/documents',
  tags,
  summary: 'Documents: the caller’s own, or (office) anyone’s',
  security: sessionSecurity,
  request: { query: z.strictObject({ userId: Id.optional(), category: Category.optional() }) },
  responses: {
    200: jsonContent(z.object({ data: z.array(Document) }), 'Documents'),
    ...problemResponses(400, 401, 403),
  },
});

export const listExpiring = createRoute({
  method: 'get',
  path: '/api/v1/documents/expiring',
  tags,
  summary: 'Documents expiring within `days` days, or already expired, soonest first (office)',
  security: sessionSecurity,
  request: { query: z.strictObject({ days: z.coerce.number().int().min(0).max(730).default(30) }) },
  responses: {
    200: jsonContent(
      z.object({
        until: z.string(),
        data: z.array(
          z.object({
            ...DocumentFields,
            personName: z.string(),
            daysLeft: z.number().int(),
            expired: z.boolean(),
          }),
        ),
      }),
      'Expiring documents',
    ),
    ...problemResponses(400, 401, 403),
  },
});

export const verifyDocument = createRoute({
  method: 'post',
  path: '/api/v1/documents/{id}/verify',
  tags,
  summary: 'The office has seen the document and vouches for it',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(Document, 'Verified'), ...problemResponses(400, 401, 403, 404) },
});

export const updateDocument = createRoute({
  method: 'patch',
  path: '/api/v1/documents/{id}',
  tags,
  summary: 'Correct a document: one’s own, or (office) anyone’s',
  description:
    'A new `expiresOn` restarts the document’s expiry notices (`document.expiring` 30 and 7 days before, `document.expired` the day after); null stops them. Changing the reference or dates clears the office’s verification.',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z
        .strictObject({
          title: z.string().trim().max(200).nullable().optional(),
          reference: z.string().trim().max(100).nullable().optional(),
          issuedOn: Day.nullable().optional(),
          expiresOn: Day.nullable().optional(),
        })
        .refine((d) => Object.keys(d).length > 0, { message: 'name at least one change' })
        .refine((d) => !d.issuedOn || !d.expiresOn || d.issuedOn <= d.expiresOn, {
          message: 'expiresOn is before issuedOn',
          path: ['expiresOn'],
        }),
    ),
  },
  responses: { 200: jsonContent(Document, 'Changed'), ...problemResponses(...BODY_PROBLEMS, 401, 403, 404) },
});

export const removeDocument = createRoute({
  method: 'delete',
  path: '/api/v1/documents/{id}',
  tags,
  summary: 'Remove a document: one’s own, or (office) anyone’s; its expiry notices stop',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 204: { description: 'Removed' }, ...problemResponses(400, 401, 403, 404) },
});
