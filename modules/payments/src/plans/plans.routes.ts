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
import { Money } from '../payments/payment-schemas.ts';
import { PLAN_STATUSES, SCHEDULE_STATUSES } from '../schema.ts';

const tags = ['Payment plans'];

export const PlanSchema = z
  .object({
    id: z.string(),
    studentId: z.string(),
    description: z.string(),
    totalMinor: z.number().int(),
    currency: z.string(),
    status: z.enum(PLAN_STATUSES),
    paymentMethodId: z.string(),
    retryDelaysSeconds: z.array(z.number().int()),
    schedule: z.array(
      z.object({
        id: z.string(),
        seq: z.number().int(),
        kind: z.enum(['deposit', 'instalment']),
        amountMinor: z.number().int(),
        dueAt: z.string(),
        status: z.enum(SCHEDULE_STATUSES),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
        paidAt: z.string().nullable(),
      }),
    ),
  })
  .openapi('PaymentPlan');

export const createPlan = createRoute({
  method: 'post',
  path: '/api/v1/payment-plans',
  tags,
  summary: 'Spread a cost over a deposit and instalments charged to the student’s saved card (staff only)',
  security: sessionSecurity,
  request: {
    body: jsonBody(
      z
        .strictObject({
          studentId: Id,
          description: z.string().min(1).max(200),
          paymentMethodId: Id.optional(),
          deposit: z.strictObject({ amountMinor: Money, dueAt: Instant.optional() }).optional(),
          instalments: z
            .array(z.strictObject({ amountMinor: Money, dueAt: Instant }))
            .min(1)
            .max(60),
          retryDelaysSeconds: z.array(z.number().int().min(1).max(2_592_000)).max(10).optional(),
        })
        .openapi('NewPaymentPlan'),
    ),
  },
  responses: {
    201: jsonContent(PlanSchema, 'Created; the first charge follows on its due date'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 422),
  },
});

export const getPlan = createRoute({
  method: 'get',
  path: '/api/v1/payment-plans/{id}',
  tags,
  summary: 'A plan with its schedule (students: their own)',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(PlanSchema, 'The plan'), ...problemResponses(400, 401, 404) },
});

export const changePlan = createRoute({
  method: 'post',
  path: '/api/v1/payment-plans/{id}/{action}',
  tags,
  summary: 'Pause, resume or cancel a plan (staff only)',
  security: sessionSecurity,
  request: { params: IdParams.extend({ action: z.enum(['pause', 'resume', 'cancel']) }) },
  responses: { 200: jsonContent(PlanSchema, 'The plan'), ...problemResponses(400, 401, 403, 404, 409) },
});
