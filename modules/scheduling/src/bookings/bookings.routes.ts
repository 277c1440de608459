import {
  BODY_PROBLEMS,
  Id,
  IdParams,
  Instant,
  idempotency,
  jsonBody,
  jsonContent,
  PageQuerySchema,
  page,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { BOOKING_STATUSES, SEAT_STATUSES } from '../schema.ts';

const tags = ['Bookings'];

export const SeatSchema = z
  .object({
    studentId: z.string(),
    status: z.enum(SEAT_STATUSES),
    joinedAt: z.string().openapi({ format: 'date-time' }),
    cancelledAt: z.string().nullable(),
    cancellationFeeMinor: z.number().int().nullable(),
  })
  .openapi('Seat');

export const BookingSchema = z
  .object({
    id: z.string(),
    status: z.enum(BOOKING_STATUSES),
    instructorId: z.string(),
    studentId: z.string(),
    start: z.string().openapi({ format: 'date-time' }),
    end: z.string().openapi({ format: 'date-time' }),
    lessonTypeId: z.string().nullable(),
    vehicleId: z.string().nullable(),
    pickupLocationId: z.string().nullable(),
    priceMinor: z.number().int(),
    currency: z.string(),
    cancellationFeeMinor: z.number().int().nullable(),
    createdAt: z.string(),
    capacity: z.number().int().openapi({ description: 'Seats: 1 for a lesson, more for a group session' }),
    seats: z
      .object({
        booked: z.number().int(),
        participants: z.array(SeatSchema),
      })
      .optional()
      .openapi({
        description:
          'A group session’s seats: the office and its instructor see every seat, a student only their own',
      }),
  })
  .openapi('Booking');

export const createBooking = createRoute({
  method: 'post',
  path: '/api/v1/bookings',
  tags,
  summary: 'Request a lesson (a student may omit studentId); honours Idempotency-Key',
  security: sessionSecurity,
  middleware: [idempotency] as const,
  request: {
    body: jsonBody(
      z
        .strictObject({
          instructorId: Id,
          studentId: Id.optional(),
          start: Instant,
          durationMinutes: z.number().int().min(15).max(600),
          lessonTypeId: z.guid().optional(),
          vehicleId: z.guid().optional(),
          pickupLocationId: z.guid().optional(),
          notes: z.string().max(2000).optional(),
        })
        .openapi('NewBooking'),
    ),
  },
  responses: {
    201: jsonContent(
      BookingSchema,
      'Requested (pending), or confirmed at once where the school confirms instantly',
    ),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409, 422),
  },
});

export const getBooking = createRoute({
  method: 'get',
  path: '/api/v1/bookings/{id}',
  tags,
  summary: 'One booking (404 when the caller may not see it)',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(BookingSchema, 'The booking'), ...problemResponses(400, 401, 404) },
});

export const listBookings = createRoute({
  method: 'get',
  path: '/api/v1/bookings',
  tags,
  summary: 'Bookings the caller may see, in start order',
  security: sessionSecurity,
  request: {
    query: PageQuerySchema.extend({
      from: Instant.optional(),
      to: Instant.optional(),
      instructorId: Id.optional().openapi({ description: 'Only this instructor’s lessons' }),
      status: z
        .string()
        .regex(
          new RegExp(`^(${BOOKING_STATUSES.join('|')})(,(${BOOKING_STATUSES.join('|')}))*$`),
          `comma-separated: ${BOOKING_STATUSES.join(', ')}`,
        )
        .optional(),
    }),
  },
  responses: {
    200: jsonContent(page(BookingSchema, 'BookingPage'), 'A page of bookings'),
    ...problemResponses(400, 401, 404),
  },
});

const transition = (action: 'confirm' | 'reject' | 'cancel' | 'complete' | 'no-show', summary: string) =>
  createRoute({
    method: 'post',
    path: `/api/v1/bookings/{id}/${action}`,
    tags,
    summary,
    security: sessionSecurity,
    request: {
      params: IdParams,
      body: {
        required: false,
        content: {
          'application/json': { schema: z.strictObject({ reason: z.string().max(500).optional() }) },
        },
      },
    },
    responses: {
      200: jsonContent(BookingSchema, 'The booking after the change'),
      ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
    },
  });

export const confirmBooking = transition(
  'confirm',
  'Confirm a requested lesson (its instructor or an admin)',
);
export const rejectBooking = transition('reject', 'Reject a requested lesson (its instructor or an admin)');
export const cancelBooking = transition(
  'cancel',
  "Cancel a lesson; a student pays the school's fee for late cancellation",
);

export const completeBooking = transition('complete', 'Mark a lesson as taught (its instructor or an admin)');
export const noShowBooking = transition(
  'no-show',
  'Mark a no-show after the school’s grace minutes (its instructor or an admin)',
);

export const rescheduleBooking = createRoute({
  method: 'post',
  path: '/api/v1/bookings/{id}/reschedule',
  tags,
  summary: 'Move a lesson to another free start of the same instructor (within the school’s limit)',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z.strictObject({ start: Instant, reason: z.string().max(500).optional() }).openapi('Reschedule'),
    ),
  },
  responses: {
    200: jsonContent(BookingSchema, 'The moved booking'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409),
  },
});

export const cancellationQuote = createRoute({
  method: 'get',
  path: '/api/v1/bookings/{id}/cancellation',
  tags,
  summary: 'What cancelling now would cost the caller (to show before they confirm)',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: {
    200: jsonContent(
      z
        .object({
          bookingId: z.string(),
          cancellable: z.boolean(),
          feeMinor: z.number().int(),
          feePercent: z.number(),
          currency: z.string(),
        })
        .openapi('CancellationQuote'),
      'The fee that would apply now',
    ),
    ...problemResponses(400, 401, 404),
  },
});
