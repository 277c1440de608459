import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withLessons } from '../http-context.ts';
import * as goals from '../services/goals.ts';
import type * as routes from './goals.routes.ts';

export const createGoal: RouteHandler<typeof routes.createGoal, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  return c.json(await withLessons(c, (tx, ctx) => goals.createGoal(tx, ctx, id, body)), 201);
};

export const listGoals: RouteHandler<typeof routes.listGoals, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withLessons(c, (tx, ctx) => goals.listGoals(tx, ctx, id)), 200);
};
