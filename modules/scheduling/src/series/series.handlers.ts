import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withScheduling } from '../http-context.ts';
import { cancelRestOfSeries, createSeries as create } from '../services/recurring-series.ts';
import type * as routes from './series.routes.ts';

export const createSeries: RouteHandler<typeof routes.createSeries, AppEnv> = async (c) => {
  const b = c.req.valid('json');
  const series = await withScheduling(c, (tx, ctx) => create(tx, ctx, { ...b, start: new Date(b.start) }));
  return c.json(series, 201);
};

export const cancelRest: RouteHandler<typeof routes.cancelRest, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = (c.req.valid('json') as { from?: string; reason?: string } | undefined) ?? {};
  const cancelled = await withScheduling(c, (tx, ctx) =>
    cancelRestOfSeries(tx, ctx, {
      seriesId: id,
      from: body.from ? new Date(body.from) : undefined,
      reason: body.reason,
    }),
  );
  return c.json({ cancelled }, 200);
};
