import { type AppEnv, badRequest, can, forbidden } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withAnalytics } from '../http-context.ts';
import type { ReportContext } from './report-context.ts';
import { reportCsv } from './report-csv.ts';
import type { ReportId } from './report-shape.ts';
import type * as routes from './reports.routes.ts';
import { cancellationsReport, utilisationReport } from './services/lesson-reports.ts';
import { cohortRetentionReport, enquiryFunnelReport, revenueReport } from './services/school-reports.ts';
import { lessonsToPassReport, passRateReport } from './services/test-reports.ts';

/** A year and a day: a leap year's whole range, and what scheduling's availability reads at most. */
const MAX_DAYS = 366;

const REPORTS = {
  utilisation: utilisationReport,
  cancellations: cancellationsReport,
  'pass-rate': passRateReport,
  'lessons-to-pass': lessonsToPassReport,
  revenue: revenueReport,
  'enquiry-funnel': enquiryFunnelReport,
  'cohort-retention': cohortRetentionReport,
} satisfies Record<ReportId, unknown>;

/** Reports an instructor may see for themselves (their own lessons); the rest are the office's. */
const OWN_REPORTS = new Set<ReportId>(['utilisation', 'cancellations']);

export const getReport: RouteHandler<typeof routes.getReport, AppEnv> = async (c) => {
  const { report } = c.req.valid('param');
  const { from, to, period, format } = c.req.valid('query');
  if (from > to)
    throw badRequest('request.invalid', 'The range ends before it starts.', [
      { path: 'query.to', message: 'must not be before from' },
    ]);
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days > MAX_DAYS)
    throw badRequest('analytics.range_too_long', `A report covers at most ${MAX_DAYS} days.`, [
      { path: 'query.to', message: `at most ${MAX_DAYS} days after from` },
    ]);
  const result = await withAnalytics(c, (tx, http) => {
    let ownInstructorId: string | null = null;
    if (!can(http.viewer, 'analytics:reports:read:any')) {
      const own = http.viewer.instructorId;
      if (
        !own ||
        !OWN_REPORTS.has(report) ||
        !can(http.viewer, 'analytics:reports:read:own', { instructorId: own })
      )
        throw forbidden('Only the school’s owner and admins see this report.');
      ownInstructorId = own;
    }
    const ctx: ReportContext = { ...http, from, to, period, ownInstructorId };
    return REPORTS[report](tx, ctx);
  });
  if (format === 'csv')
    return c.body(reportCsv(result), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${report}-${from}-${to}.csv"`,
    });
  return c.json(result, 200);
};
