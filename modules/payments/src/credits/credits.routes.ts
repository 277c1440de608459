import {
  BODY_PROBLEMS,
  IdParams,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { LEDGER_KINDS } from '../schema.ts';

const tags = ['Credit'];

export const CreditSchema = z
  .object({
    studentId: z.string(),
    balanceMinor: z.number().int(),
    currency: z.string(),
    entries: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(LEDGER_KINDS),
        amountMinor: z.number().int(),
        expiresAt: z.string().nullable(),
        reason: z.string().nullable(),
        bookingId: z.string().nullable(),
        paymentId: z.string().nullable(),
        packageId: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
  })
  .openapi('Credit');

export const getCredit = createRoute({
  method: 'get',
  path: '/api/v1/students/{id}/credit',
  tags,
  summary: 'A student’s usable credit and ledger (students: their own)',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(CreditSchema, 'Balance and ledger'), ...problemResponses(400, 401, 404) },
});

export const adjustCredit = createRoute({
  method: 'post',
  path: '/api/v1/students/{id}/credit/adjustments',
  tags,
  summary: 'Add (positive) or take back (negative) credit by hand, with a reason (staff only)',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z
        .strictObject({
          amountMinor: z.number().int().min(-100_000_000).max(100_000_000),
          reason: z.string().min(3).max(500),
          expiresAt: z.iso.datetime({ offset: true }).optional(),
        })
        .openapi('CreditAdjustment'),
    ),
  },
  responses: {
    201: jsonContent(CreditSchema, 'Balance and ledger after the adjustment'),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409, 422),
  },
});
