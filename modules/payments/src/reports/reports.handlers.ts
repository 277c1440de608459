import { type AppEnv, badRequest } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withPayments } from '../http-context.ts';
import { outstandingReport, packageUsageReport, revenueReport } from '../services/reports.ts';
import type * as routes from './reports.routes.ts';

export const revenue: RouteHandler<typeof routes.revenue, AppEnv> = async (c) => {
  const q = c.req.valid('query');
  if (q.from > q.to)
    throw badRequest('request.invalid', 'The period ends before it starts.', [
      { path: 'query.to', message: 'must not be before from' },
    ]);
  return c.json(await withPayments(c, (tx, ctx) => revenueReport(tx, ctx, q)), 200);
};

export const outstanding: RouteHandler<typeof routes.outstanding, AppEnv> = async (c) =>
  c.json(await withPayments(c, (tx, ctx) => outstandingReport(tx, ctx)), 200);

export const packageUsage: RouteHandler<typeof routes.packageUsage, AppEnv> = async (c) =>
  c.json(await withPayments(c, (tx, ctx) => packageUsageReport(tx, ctx)), 200);
