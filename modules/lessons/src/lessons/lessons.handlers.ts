import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withLessons } from '../http-context.ts';
import { evaluateLesson as evaluate } from '../services/evaluate-lesson.ts';
import { getLesson as get, listLessons as list } from '../services/read-lessons.ts';
import { recordLesson as record } from '../services/record-lesson.ts';
import type * as routes from './lessons.routes.ts';

export const listLessons: RouteHandler<typeof routes.listLessons, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  return c.json(await withLessons(c, (tx, ctx) => list(tx, ctx, query)), 200);
};

export const getLesson: RouteHandler<typeof routes.getLesson, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withLessons(c, (tx, ctx) => get(tx, ctx, id)), 200);
};

export const recordLesson: RouteHandler<typeof routes.recordLesson, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  return c.json(await withLessons(c, (tx, ctx) => record(tx, ctx, id, body)), 200);
};

export const evaluateLesson: RouteHandler<typeof routes.evaluateLesson, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  return c.json(await withLessons(c, (tx, ctx) => evaluate(tx, ctx, id, body)), 200);
};
