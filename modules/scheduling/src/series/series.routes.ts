import {
  BODY_PROBLEMS,
  Id,
  IdParams,
  Instant,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { BookingSchema } from '../bookings/bookings.routes.ts';

const tags = ['Bookings'];

export const createSeries = createRoute({
  method: 'post',
  path: '/api/v1/series',
  tags,
  summary: 'Book a weekly series (RRULE FREQ=WEEKLY;COUNT=n[;INTERVAL=k]); all lessons or none',
  security: sessionSecurity,
  request: {
    body: jsonBody(
      z
        .strictObject({
          instructorId: Id,
          studentId: Id.optional(),
          start: Instant,
          durationMinutes: z.number().int().min(15).max(600),
          lessonTypeId: z.guid().optional(),
          pickupLocationId: z.guid().optional(),
          rrule: z.string().max(100),
        })
        .openapi('NewSeries'),
    ),
  },
  responses: {
    201: jsonContent(
      z
        .object({ id: z.string(), rrule: z.string(), timezone: z.string(), bookings: z.array(BookingSchema) })
        .openapi('Series'),
      'Every lesson booked',
    ),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
  },
});

export const cancelRest = createRoute({
  method: 'post',
  path: '/api/v1/series/{id}/cancel-rest',
  tags,
  summary: 'Cancel every later lesson of a series (each with the school’s fee rules)',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z.strictObject({ from: Instant.optional(), reason: z.string().max(500).optional() }),
        },
      },
    },
  },
  responses: {
    200: jsonContent(z.object({ cancelled: z.array(BookingSchema) }), 'The cancelled lessons'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
  },
});
