import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withScheduling } from '../http-context.ts';
import { listReviews as list, reviewLesson as review } from '../services/instructor-reviews.ts';
import type * as routes from './reviews.routes.ts';

export const reviewLesson: RouteHandler<typeof routes.reviewLesson, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  const row = await withScheduling(c, (tx, ctx) =>
    review(tx, ctx.tenantId, ctx.viewer, { bookingId: id, ...body }),
  );
  return c.json(row, 201);
};

export const listReviews: RouteHandler<typeof routes.listReviews, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withScheduling(c, (tx, ctx) => list(tx, ctx.tenantId, id)), 200);
};
