import {
  BODY_PROBLEMS,
  IdParams,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { Money } from '../payments/payment-schemas.ts';

const tags = ['Payments'];

export const RefundSchema = z
  .object({
    id: z.string(),
    paymentId: z.string(),
    amountMinor: z.number().int(),
    currency: z.string(),
    destination: z.enum(['original', 'credit']),
    status: z.enum(['pending', 'succeeded', 'failed']),
    reason: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Refund');

export const createRefund = createRoute({
  method: 'post',
  path: '/api/v1/payments/{id}/refunds',
  tags,
  summary: 'Refund all or part of a payment, to the original method or to credit (staff only)',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z
        .strictObject({
          amountMinor: Money.optional(),
          destination: z.enum(['original', 'credit']),
          reason: z.string().min(1).max(500).optional(),
        })
        .openapi('NewRefund'),
    ),
  },
  responses: {
    201: jsonContent(RefundSchema, 'Refunded (or pending at Stripe)'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409, 422, 503),
  },
});

export const listRefunds = createRoute({
  method: 'get',
  path: '/api/v1/payments/{id}/refunds',
  tags,
  summary: 'The refunds of a payment',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: {
    200: jsonContent(z.object({ data: z.array(RefundSchema) }), 'Refunds'),
    ...problemResponses(400, 401, 404),
  },
});
