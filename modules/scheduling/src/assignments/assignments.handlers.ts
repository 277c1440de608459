import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withScheduling } from '../http-context.ts';
import { listStudentInstructors, setStudentInstructors } from '../services/student-instructors.ts';
import type * as routes from './assignments.routes.ts';

export const getAssignments: RouteHandler<typeof routes.getAssignments, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const data = await withScheduling(c, (tx, ctx) => listStudentInstructors(tx, ctx.tenantId, ctx.viewer, id));
  return c.json({ data }, 200);
};

export const putAssignments: RouteHandler<typeof routes.putAssignments, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  const data = await withScheduling(c, (tx, ctx) =>
    setStudentInstructors(tx, ctx.tenantId, ctx.viewer, id, body),
  );
  return c.json({ data }, 200);
};
