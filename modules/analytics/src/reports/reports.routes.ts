import { DateOnly, problemResponses, sessionSecurity } from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { PERIODS, REPORT_IDS, ReportSchema } from './report-shape.ts';

export const getReport = createRoute({
  method: 'get',
  path: '/api/v1/analytics/reports/{report}',
  tags: ['Analytics'],
  summary:
    'One of the school’s reports over a range of its calendar, as JSON or CSV (owner/admin; an instructor sees utilisation and cancellations for themselves)',
  security: sessionSecurity,
  request: {
    params: z.strictObject({ report: z.enum(REPORT_IDS) }),
    query: z.strictObject({
      from: DateOnly,
      to: DateOnly,
      period: z.enum(PERIODS).default('month'),
      format: z.enum(['json', 'csv']).default('json'),
    }),
  },
  responses: {
    200: {
      description: 'The report: its columns, rows and what its chart draws',
      content: {
        'application/json': { schema: ReportSchema },
        'text/csv': { schema: z.string() },
      },
    },
    ...problemResponses(400, 401, 403),
  },
});
