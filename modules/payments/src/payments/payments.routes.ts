import {
  BODY_PROBLEMS,
  Id,
  IdParams,
  idempotency,
  jsonBody,
  jsonContent,
  PageQuerySchema,
  page,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { PAYMENT_STATUSES } from '../schema.ts';
import {
  ManualPaymentSchema,
  PayBookingSchema,
  PaymentResultSchema,
  PaymentSchema,
} from './payment-schemas.ts';

const tags = ['Payments'];

export const listPayments = createRoute({
  method: 'get',
  path: '/api/v1/payments',
  tags,
  summary: 'Payments, newest first (students see their own)',
  security: sessionSecurity,
  request: {
    query: PageQuerySchema.extend({
      studentId: Id.optional(),
      bookingId: Id.optional(),
      status: z.enum(PAYMENT_STATUSES).optional(),
    }),
  },
  responses: {
    200: jsonContent(page(PaymentSchema, 'PaymentPage'), 'A page of payments'),
    ...problemResponses(400, 401),
  },
});

export const getPayment = createRoute({
  method: 'get',
  path: '/api/v1/payments/{id}',
  tags,
  summary: 'One payment (404 when the caller may not see it)',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(PaymentSchema, 'The payment'), ...problemResponses(400, 401, 404) },
});

export const recordPayment = createRoute({
  method: 'post',
  path: '/api/v1/payments',
  tags,
  summary:
    'Record money taken by hand (cash, bank transfer, card terminal); staff only; honours Idempotency-Key',
  security: sessionSecurity,
  middleware: [idempotency] as const,
  request: { body: jsonBody(ManualPaymentSchema) },
  responses: {
    201: jsonContent(PaymentSchema, 'Recorded and settled (invoice issued)'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409, 422),
  },
});

export const payBooking = createRoute({
  method: 'post',
  path: '/api/v1/bookings/{id}/pay',
  tags,
  summary: 'Pay for a lesson from credit or with a saved card; honours Idempotency-Key',
  security: sessionSecurity,
  middleware: [idempotency] as const,
  request: { params: IdParams, body: jsonBody(PayBookingSchema) },
  responses: {
    201: jsonContent(
      PaymentResultSchema,
      'Paid, or pending the bank’s confirmation (clientSecret for Stripe.js)',
    ),
    ...problemResponses(...BODY_PROBLEMS, 401, 402, 403, 404, 409, 422, 503),
  },
});

export const cancelPayment = createRoute({
  method: 'post',
  path: '/api/v1/payments/{id}/cancel',
  tags,
  summary: 'Abandon a pending card payment (e.g. 3-D Secure never completed) so it can be paid another way',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: {
    200: jsonContent(PaymentSchema, 'Cancelled'),
    ...problemResponses(400, 401, 404, 409, 503),
  },
});
