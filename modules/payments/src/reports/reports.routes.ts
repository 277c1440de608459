import { DateOnly, jsonContent, problemResponses, sessionSecurity } from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

const tags = ['Reports'];

export const revenue = createRoute({
  method: 'get',
  path: '/api/v1/reports/revenue',
  tags,
  summary: 'Money received less refunds, by day, week or month of the school’s calendar (staff only)',
  security: sessionSecurity,
  request: {
    query: z.strictObject({
      from: DateOnly,
      to: DateOnly,
      period: z.enum(['day', 'week', 'month']).default('month'),
    }),
  },
  responses: {
    200: jsonContent(
      z
        .object({
          currency: z.string(),
          timezone: z.string(),
          period: z.enum(['day', 'week', 'month']),
          from: z.string(),
          to: z.string(),
          periods: z.array(
            z.object({
              period: z.string(),
              receivedMinor: z.number().int(),
              refundedMinor: z.number().int(),
              netMinor: z.number().int(),
              payments: z.number().int(),
            }),
          ),
          totalNetMinor: z.number().int(),
        })
        .openapi('RevenueReport'),
      'Revenue by period',
    ),
    ...problemResponses(400, 401, 403),
  },
});

export const outstanding = createRoute({
  method: 'get',
  path: '/api/v1/reports/outstanding',
  tags,
  summary: 'What each student owes: fees left due and failed instalments (staff only)',
  security: sessionSecurity,
  responses: {
    200: jsonContent(
      z
        .object({
          currency: z.string(),
          students: z.array(
            z.object({
              studentId: z.string(),
              name: z.string(),
              dueFeesMinor: z.number().int(),
              overdueInstalmentsMinor: z.number().int(),
              totalMinor: z.number().int(),
            }),
          ),
          totalMinor: z.number().int(),
        })
        .openapi('OutstandingReport'),
      'Outstanding balances',
    ),
    ...problemResponses(401, 403),
  },
});

export const packageUsage = createRoute({
  method: 'get',
  path: '/api/v1/reports/package-usage',
  tags,
  summary: 'Packages sold and what became of their credit (staff only)',
  security: sessionSecurity,
  responses: {
    200: jsonContent(
      z
        .object({
          currency: z.string(),
          packages: z.array(
            z.object({
              packageId: z.string(),
              name: z.string(),
              sold: z.number().int(),
              creditGrantedMinor: z.number().int(),
              creditUsedMinor: z.number().int(),
              creditExpiredMinor: z.number().int(),
              creditOpenMinor: z.number().int(),
            }),
          ),
        })
        .openapi('PackageUsageReport'),
      'Package usage',
    ),
    ...problemResponses(401, 403),
  },
});
