import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withCrm } from '../http-context.ts';
import * as tasks from '../services/tasks.ts';
import type * as routes from './tasks.routes.ts';

export const listTasks: RouteHandler<typeof routes.listTasks, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  return c.json(await withCrm(c, 'crm:tasks:manage', (tx, ctx) => tasks.listTasks(tx, ctx, query)), 200);
};

export const createTask: RouteHandler<typeof routes.createTask, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  return c.json(await withCrm(c, 'crm:tasks:manage', (tx, ctx) => tasks.createTask(tx, ctx, body)), 201);
};

export const completeTask: RouteHandler<typeof routes.completeTask, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withCrm(c, 'crm:tasks:manage', (tx, ctx) => tasks.completeTask(tx, ctx, id)), 200);
};
