import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withPayments } from '../http-context.ts';
import { listFees as list, waiveFee as waive } from '../services/cancellation-fees.ts';
import type * as routes from './fees.routes.ts';

export const listFees: RouteHandler<typeof routes.listFees, AppEnv> = async (c) => {
  const { status } = c.req.valid('query');
  return c.json({ data: await withPayments(c, (tx, ctx) => list(tx, ctx, status)) }, 200);
};

export const waiveFee: RouteHandler<typeof routes.waiveFee, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { reason } = c.req.valid('json');
  return c.json(await withPayments(c, (tx, ctx) => waive(tx, ctx, id, reason)), 200);
};
