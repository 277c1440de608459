import {
  BODY_PROBLEMS,
  Id,
  Instant,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

const tags = ['Scheduling'];

const ExceptionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['time_off', 'extra_hours']),
    start: z.string(),
    end: z.string(),
    reason: z.string().nullable(),
  })
  .openapi('AvailabilityException');
const ClosureSchema = z
  .object({ id: z.string(), name: z.string(), start: z.string(), end: z.string() })
  .openapi('Closure');

export const addException = createRoute({
  method: 'post',
  path: '/api/v1/instructors/{id}/exceptions',
  tags,
  summary: 'Add time off or extra hours (the instructor or staff)',
  security: sessionSecurity,
  request: {
    params: z.strictObject({ id: Id }),
    body: jsonBody(
      z.strictObject({
        kind: z.enum(['time_off', 'extra_hours']),
        start: Instant,
        end: Instant,
        reason: z.string().max(300).optional(),
      }),
    ),
  },
  responses: {
    201: jsonContent(ExceptionSchema, 'Added'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404),
  },
});

export const listExceptions = createRoute({
  method: 'get',
  path: '/api/v1/instructors/{id}/exceptions',
  tags,
  summary: "An instructor's time off and extra hours overlapping [from, to)",
  security: sessionSecurity,
  request: { params: z.strictObject({ id: Id }), query: z.strictObject({ from: Instant, to: Instant }) },
  responses: {
    200: jsonContent(z.object({ data: z.array(ExceptionSchema) }), 'Exceptions'),
    ...problemResponses(400, 401, 404),
  },
});

export const removeException = createRoute({
  method: 'delete',
  path: '/api/v1/instructors/{id}/exceptions/{exceptionId}',
  tags,
  summary: 'Remove time off or extra hours',
  security: sessionSecurity,
  request: { params: z.strictObject({ id: Id, exceptionId: Id }) },
  responses: { 204: { description: 'Removed' }, ...problemResponses(400, 401, 403, 404) },
});

export const addClosure = createRoute({
  method: 'post',
  path: '/api/v1/closures',
  tags,
  summary: 'Close the school (holidays); staff only',
  security: sessionSecurity,
  request: {
    body: jsonBody(z.strictObject({ name: z.string().trim().min(1).max(120), start: Instant, end: Instant })),
  },
  responses: {
    201: jsonContent(ClosureSchema, 'Added'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404),
  },
});

export const listClosures = createRoute({
  method: 'get',
  path: '/api/v1/closures',
  tags,
  summary: 'School closures',
  security: sessionSecurity,
  responses: {
    200: jsonContent(z.object({ data: z.array(ClosureSchema) }), 'Closures'),
    ...problemResponses(401, 404),
  },
});

export const removeClosure = createRoute({
  method: 'delete',
  path: '/api/v1/closures/{id}',
  tags,
  summary: 'Remove a closure; staff only',
  security: sessionSecurity,
  request: { params: z.strictObject({ id: Id }) },
  responses: { 204: { description: 'Removed' }, ...problemResponses(400, 401, 403, 404) },
});
