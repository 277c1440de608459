import {
  BODY_PROBLEMS,
  IdParams,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { FEE_STATUSES } from '../schema.ts';

const tags = ['Cancellation fees'];

export const FeeSchema = z
  .object({
    id: z.string(),
    bookingId: z.string(),
    studentId: z.string(),
    amountMinor: z.number().int(),
    currency: z.string(),
    status: z.enum(FEE_STATUSES),
    paymentId: z.string().nullable(),
    waivedBy: z.string().nullable(),
    waivedAt: z.string().nullable(),
    waiveReason: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('CancellationFee');

export const listFees = createRoute({
  method: 'get',
  path: '/api/v1/cancellation-fees',
  tags,
  summary: 'Late-cancellation fees (students see their own)',
  security: sessionSecurity,
  request: { query: z.strictObject({ status: z.enum(FEE_STATUSES).optional() }) },
  responses: {
    200: jsonContent(z.object({ data: z.array(FeeSchema) }), 'Fees'),
    ...problemResponses(400, 401),
  },
});

export const waiveFee = createRoute({
  method: 'post',
  path: '/api/v1/cancellation-fees/{id}/waive',
  tags,
  summary: 'Waive a fee, on record; a fee already taken goes back as credit (staff only)',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(z.strictObject({ reason: z.string().min(3).max(500) }).openapi('WaiveFee')),
  },
  responses: {
    200: jsonContent(FeeSchema, 'Waived'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409, 422),
  },
});
