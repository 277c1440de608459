import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withScheduling } from '../http-context.ts';
import * as timeOff from '../services/time-off.ts';
import type * as routes from './time-off.routes.ts';

export const addException: RouteHandler<typeof routes.addException, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const b = c.req.valid('json');
  const row = await withScheduling(c, (tx, ctx) =>
    timeOff.addException(tx, ctx.tenantId, ctx.viewer, id, {
      ...b,
      start: new Date(b.start),
      end: new Date(b.end),
    }),
  );
  return c.json(row, 201);
};

export const listExceptions: RouteHandler<typeof routes.listExceptions, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const q = c.req.valid('query');
  const data = await withScheduling(c, (tx, ctx) =>
    timeOff.listExceptions(tx, ctx.tenantId, ctx.viewer, id, new Date(q.from), new Date(q.to)),
  );
  return c.json({ data }, 200);
};

export const removeException: RouteHandler<typeof routes.removeException, AppEnv> = async (c) => {
  const { id, exceptionId } = c.req.valid('param');
  await withScheduling(c, (tx, ctx) =>
    timeOff.removeException(tx, ctx.tenantId, ctx.viewer, id, exceptionId),
  );
  return c.body(null, 204);
};

export const addClosure: RouteHandler<typeof routes.addClosure, AppEnv> = async (c) => {
  const b = c.req.valid('json');
  const row = await withScheduling(c, (tx, ctx) =>
    timeOff.addClosure(tx, ctx.tenantId, ctx.viewer, {
      name: b.name,
      start: new Date(b.start),
      end: new Date(b.end),
    }),
  );
  return c.json(row, 201);
};

export const listClosures: RouteHandler<typeof routes.listClosures, AppEnv> = async (c) => {
  const data = await withScheduling(c, (tx, ctx) => timeOff.listClosures(tx, ctx.tenantId));
  return c.json({ data }, 200);
};

export const removeClosure: RouteHandler<typeof routes.removeClosure, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  await withScheduling(c, (tx, ctx) => timeOff.removeClosure(tx, ctx.tenantId, ctx.viewer, id));
  return c.body(null, 204);
};
