import { type AppEnv, badRequest } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withPayments } from '../http-context.ts';
import { earningsStatement, createPayout as payout } from '../services/earnings-statement.ts';
import { earningsCsv, renderEarningsPdf } from '../services/render-earnings.ts';
import type * as routes from './earnings.routes.ts';

const orderedPeriod = (from: string, to: string, where: 'query' | 'body') => {
  if (from > to)
    throw badRequest('request.invalid', 'The period ends before it starts.', [
      { path: `${where}.to`, message: 'must not be before from' },
    ]);
};

export const getEarnings: RouteHandler<typeof routes.getEarnings, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { from, to, format } = c.req.valid('query');
  orderedPeriod(from, to, 'query');
  const statement = await withPayments(c, (tx, ctx) => earningsStatement(tx, ctx, id, { from, to }));
  const filename = `earnings-${from}-${to}`;
  if (format === 'csv')
    return c.body(earningsCsv(statement), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}.csv"`,
    });
  if (format === 'pdf')
    return c.body((await renderEarningsPdf(statement)) as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${filename}.pdf"`,
    });
  return c.json(
    {
      instructorId: id,
      instructorName: statement.instructorName,
      currency: statement.currency,
      from,
      to,
      rows: statement.rows.map((r) => ({ ...r, earnedAt: r.earnedAt.toISOString() })),
      totalLessonMinor: statement.totalLessonMinor,
      totalEarningsMinor: statement.totalEarningsMinor,
    },
    200,
  );
};

export const createPayout: RouteHandler<typeof routes.createPayout, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  orderedPeriod(body.from, body.to, 'body');
  return c.json(await withPayments(c, (tx, ctx) => payout(tx, ctx, body)), 201);
};
