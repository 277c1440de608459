import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withPayments } from '../http-context.ts';
import { adjustCredit as adjust, readCredit } from '../services/credit-account.ts';
import type * as routes from './credits.routes.ts';

export const getCredit: RouteHandler<typeof routes.getCredit, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withPayments(c, (tx, ctx) => readCredit(tx, ctx, id)), 200);
};

export const adjustCredit: RouteHandler<typeof routes.adjustCredit, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  const view = await withPayments(c, (tx, ctx) =>
    adjust(tx, ctx, id, {
      amountMinor: body.amountMinor,
      reason: body.reason,
      expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined,
    }),
  );
  return c.json(view, 201);
};
