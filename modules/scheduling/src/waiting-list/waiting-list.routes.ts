import {
  BODY_PROBLEMS,
  IdParams,
  Instant,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { BookingSchema } from '../bookings/bookings.routes.ts';

const tags = ['Waiting list'];

const EntrySchema = z
  .object({
    id: z.string(),
    studentId: z.string(),
    instructorId: z.string().nullable(),
    windowStart: z.string(),
    windowEnd: z.string(),
    durationMinutes: z.number(),
    status: z.enum(['waiting', 'offered', 'accepted', 'expired', 'cancelled']),
    offeredStart: z.string().nullable(),
  })
  .openapi('WaitingListEntry');

export const join = createRoute({
  method: 'post',
  path: '/api/v1/waiting-list',
  tags,
  summary: 'Wait for a time to free up in a window (with one instructor, or any)',
  security: sessionSecurity,
  request: {
    body: jsonBody(
      z.strictObject({
        studentId: z.guid().optional(),
        instructorId: z.guid().optional(),
        windowStart: Instant,
        windowEnd: Instant,
        durationMinutes: z.number().int().min(15).max(600),
      }),
    ),
  },
  responses: {
    201: jsonContent(EntrySchema, 'On the list'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404),
  },
});

export const list = createRoute({
  method: 'get',
  path: '/api/v1/waiting-list',
  tags,
  summary: 'Waiting-list entries (a student sees their own)',
  security: sessionSecurity,
  responses: {
    200: jsonContent(z.object({ data: z.array(EntrySchema) }), 'Entries'),
    ...problemResponses(401, 404),
  },
});

export const leave = createRoute({
  method: 'delete',
  path: '/api/v1/waiting-list/{id}',
  tags,
  summary: 'Leave the waiting list',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 204: { description: 'Left' }, ...problemResponses(400, 401, 404) },
});

export const accept = createRoute({
  method: 'post',
  path: '/api/v1/waiting-list/{id}/accept',
  tags,
  summary: 'Take an offered slot: the first to accept gets it, others get 409',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 201: jsonContent(BookingSchema, 'Booked'), ...problemResponses(400, 401, 403, 404, 409) },
});
