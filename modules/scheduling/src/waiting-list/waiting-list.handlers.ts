import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withScheduling } from '../http-context.ts';
import * as waiting from '../services/waiting-list.ts';
import type * as routes from './waiting-list.routes.ts';

export const join: RouteHandler<typeof routes.join, AppEnv> = async (c) => {
  const b = c.req.valid('json');
  const entry = await withScheduling(c, (tx, ctx) =>
    waiting.joinWaitingList(tx, ctx, {
      ...b,
      windowStart: new Date(b.windowStart),
      windowEnd: new Date(b.windowEnd),
    }),
  );
  return c.json(entry, 201);
};

export const list: RouteHandler<typeof routes.list, AppEnv> = async (c) => {
  const data = await withScheduling(c, (tx, ctx) => waiting.listWaitingList(tx, ctx.tenantId, ctx.viewer));
  return c.json({ data }, 200);
};

export const leave: RouteHandler<typeof routes.leave, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  await withScheduling(c, (tx, ctx) => waiting.leaveWaitingList(tx, ctx, id));
  return c.body(null, 204);
};

export const accept: RouteHandler<typeof routes.accept, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const booking = await withScheduling(c, (tx, ctx) => waiting.acceptOffer(tx, ctx, id));
  return c.json(booking, 201);
};
