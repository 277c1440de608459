import {
  BODY_PROBLEMS,
  IdParams,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

const tags = ['People'];
const Assignments = z
  .object({ data: z.array(z.object({ instructorId: z.string(), isPrimary: z.boolean() })) })
  .openapi('StudentInstructors');

export const getAssignments = createRoute({
  method: 'get',
  path: '/api/v1/students/{id}/instructors',
  tags,
  summary: "A student's instructors (one may be primary)",
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(Assignments, 'Assignments'), ...problemResponses(400, 401, 403, 404) },
});

export const putAssignments = createRoute({
  method: 'put',
  path: '/api/v1/students/{id}/instructors',
  tags,
  summary: "Set a student's instructors and the primary one (owner/admin)",
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z.strictObject({ instructorIds: z.array(z.guid()).max(20), primaryInstructorId: z.guid().optional() }),
    ),
  },
  responses: {
    200: jsonContent(Assignments, 'Assignments'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404),
  },
});
