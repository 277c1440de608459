import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withLessons } from '../http-context.ts';
import { readStudentProgress } from '../services/student-progress.ts';
import type * as routes from './progress.routes.ts';

export const getProgress: RouteHandler<typeof routes.getProgress, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withLessons(c, (tx, ctx) => readStudentProgress(tx, ctx, id)), 200);
};
