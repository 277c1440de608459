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

const tags = ['Guardians'];
const Guardian = z
  .object({
    id: z.string(),
    guardianUserId: z.string(),
    name: z.string(),
    studentId: z.string(),
    relationship: z.string().nullable(),
    canPay: z.boolean(),
  })
  .openapi('Guardian');

export const linkGuardian = createRoute({
  method: 'post',
  path: '/api/v1/students/{id}/guardians',
  tags,
  summary: 'Link a guardian’s account to a learner: read-only progress, optionally the payer (office)',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z.strictObject({
        userId: Id,
        relationship: z.string().trim().max(50).optional(),
        canPay: z.boolean().optional(),
      }),
    ),
  },
  responses: {
    201: jsonContent(Guardian, 'Linked (or its details updated)'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
  },
});

export const listGuardians = createRoute({
  method: 'get',
  path: '/api/v1/students/{id}/guardians',
  tags,
  summary: 'A learner’s guardians (the office, the learner, their guardians)',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: {
    200: jsonContent(z.object({ data: z.array(Guardian) }), 'Guardians'),
    ...problemResponses(400, 401, 403, 404),
  },
});
