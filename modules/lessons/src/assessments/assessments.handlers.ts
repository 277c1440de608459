import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withLessons } from '../http-context.ts';
import * as assessments from '../services/assessments.ts';
import type * as routes from './assessments.routes.ts';

export const recordMockTest: RouteHandler<typeof routes.recordMockTest, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  return c.json(await withLessons(c, (tx, ctx) => assessments.recordMockTest(tx, ctx, id, body)), 201);
};

export const listMockTests: RouteHandler<typeof routes.listMockTests, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withLessons(c, (tx, ctx) => assessments.listMockTests(tx, ctx, id)), 200);
};

export const bookTest: RouteHandler<typeof routes.bookTest, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  return c.json(await withLessons(c, (tx, ctx) => assessments.bookTest(tx, ctx, id, body)), 201);
};

export const listTests: RouteHandler<typeof routes.listTests, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withLessons(c, (tx, ctx) => assessments.listTests(tx, ctx, id)), 200);
};

export const recordTestResult: RouteHandler<typeof routes.recordTestResult, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  return c.json(await withLessons(c, (tx, ctx) => assessments.recordTestResult(tx, ctx, id, body)), 200);
};
