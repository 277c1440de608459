import {
  BODY_PROBLEMS,
  DateOnly,
  Id,
  IdParams,
  jsonBody,
  jsonContent,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

const tags = ['Earnings'];

const StatementSchema = z
  .object({
    instructorId: z.string(),
    instructorName: z.string(),
    currency: z.string(),
    from: z.string(),
    to: z.string(),
    rows: z.array(
      z.object({
        earnedAt: z.string(),
        bookingId: z.string(),
        lessonMinor: z.number().int(),
        commissionBps: z.number().int(),
        earningsMinor: z.number().int(),
      }),
    ),
    totalLessonMinor: z.number().int(),
    totalEarningsMinor: z.number().int(),
  })
  .openapi('EarningsStatement');

export const getEarnings = createRoute({
  method: 'get',
  path: '/api/v1/instructors/{id}/earnings',
  tags,
  summary: 'An instructor’s earnings statement for a period, as JSON, CSV or PDF (staff, or the instructor)',
  security: sessionSecurity,
  request: {
    params: IdParams,
    query: z.strictObject({
      from: DateOnly,
      to: DateOnly,
      format: z.enum(['json', 'csv', 'pdf']).default('json'),
    }),
  },
  responses: {
    200: {
      description: 'The statement',
      content: {
        'application/json': { schema: StatementSchema },
        'text/csv': { schema: z.string() },
        'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...problemResponses(400, 401, 404),
  },
});

export const PayoutSchema = z
  .object({
    id: z.string(),
    instructorId: z.string(),
    from: z.string(),
    to: z.string(),
    lessons: z.number().int(),
    totalMinor: z.number().int(),
    currency: z.string(),
    createdAt: z.string(),
  })
  .openapi('PayoutReport');

export const createPayout = createRoute({
  method: 'post',
  path: '/api/v1/payouts',
  tags,
  summary: 'Pay out an instructor’s unpaid earnings of a period (staff only)',
  security: sessionSecurity,
  request: {
    body: jsonBody(z.strictObject({ instructorId: Id, from: DateOnly, to: DateOnly }).openapi('NewPayout')),
  },
  responses: {
    201: jsonContent(PayoutSchema, 'The payout report'),
    // 404: the instructor is not one of this school's.
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404, 409, 422),
  },
});
