import {
  BODY_PROBLEMS,
  Id,
  IdParams,
  Instant,
  idempotency,
  jsonContent,
  PageQuerySchema,
  page,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { BookingSchema } from '../bookings/bookings.routes.ts';

const tags = ['Group sessions'];

export const GroupSessionSchema = z
  .object({
    bookingId: z.string(),
    instructorId: z.string(),
    lessonTypeId: z.string().nullable(),
    title: z.string(),
    start: z.string().openapi({ format: 'date-time' }),
    end: z.string().openapi({ format: 'date-time' }),
    status: z.enum(['pending', 'confirmed']),
    capacity: z.number().int(),
    seatsLeft: z.number().int(),
    priceMinor: z.number().int().openapi({ description: 'The price of one seat' }),
    currency: z.string(),
    joined: z.boolean().openapi({ description: 'The caller holds a seat in it' }),
  })
  .openapi('GroupSession');

export const listGroupSessions = createRoute({
  method: 'get',
  path: '/api/v1/group-sessions',
  tags,
  summary: 'Open group sessions with free seats (and those the caller is in), in start order',
  security: sessionSecurity,
  request: {
    query: PageQuerySchema.extend({
      from: Instant.optional(),
      to: Instant.optional(),
      instructorId: Id.optional(),
      lessonTypeId: Id.optional(),
    }),
  },
  responses: {
    200: jsonContent(page(GroupSessionSchema, 'GroupSessionPage'), 'A page of open group sessions'),
    ...problemResponses(400, 401, 403),
  },
});

const SeatParams = z.strictObject({ id: Id, studentId: Id });

export const takeSeat = createRoute({
  method: 'post',
  path: '/api/v1/bookings/{id}/participants',
  tags,
  summary:
    'Take a seat in a group session (a student may omit studentId: it is themselves); 409 scheduling.group_full when none is left; honours Idempotency-Key',
  security: sessionSecurity,
  middleware: [idempotency] as const,
  request: {
    params: IdParams,
    body: {
      required: false,
      content: {
        'application/json': { schema: z.strictObject({ studentId: Id.optional() }).openapi('TakeSeat') },
      },
    },
  },
  responses: {
    201: jsonContent(BookingSchema, 'The session with the seat taken'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
  },
});

export const releaseSeat = createRoute({
  method: 'delete',
  path: '/api/v1/bookings/{id}/participants/{studentId}',
  tags,
  summary:
    'Give up a seat (its student, who pays the school’s late-cancellation fee on the seat’s price; the instructor or the office, free); the last seat cancels the session',
  security: sessionSecurity,
  request: { params: SeatParams },
  responses: {
    200: jsonContent(BookingSchema, 'The session after the seat was given up'),
    ...problemResponses(400, 401, 404, 409),
  },
});

export const seatNoShow = createRoute({
  method: 'post',
  path: '/api/v1/bookings/{id}/participants/{studentId}/no-show',
  tags,
  summary:
    'Mark one participant as a no-show after the school’s grace minutes (the instructor or the office)',
  security: sessionSecurity,
  request: { params: SeatParams },
  responses: {
    200: jsonContent(BookingSchema, 'The session with the seat marked'),
    ...problemResponses(400, 401, 403, 404, 409),
  },
});
