import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withScheduling } from '../http-context.ts';
import { listInstructorStudents as list } from '../services/list-instructor-students.ts';
import type * as routes from './instructor-students.routes.ts';

export const listInstructorStudents: RouteHandler<typeof routes.listInstructorStudents, AppEnv> = async (
  c,
) => {
  const { id } = c.req.valid('param');
  const data = await withScheduling(c, (tx, ctx) => list(tx, ctx, id));
  return c.json({ data }, 200);
};
