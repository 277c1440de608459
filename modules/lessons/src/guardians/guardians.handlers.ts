import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withLessons } from '../http-context.ts';
import * as goals from '../services/goals.ts';
import type * as routes from './guardians.routes.ts';

export const linkGuardian: RouteHandler<typeof routes.linkGuardian, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  return c.json(await withLessons(c, (tx, ctx) => goals.linkGuardian(tx, ctx, id, body)), 201);
};

export const listGuardians: RouteHandler<typeof routes.listGuardians, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withLessons(c, (tx, ctx) => goals.listGuardians(tx, ctx, id)), 200);
};
