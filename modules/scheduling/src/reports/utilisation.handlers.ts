import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withScheduling } from '../http-context.ts';
import { instructorUtilisation } from '../services/instructor-utilisation.ts';
import type * as routes from './utilisation.routes.ts';

export const utilisation: RouteHandler<typeof routes.utilisation, AppEnv> = async (c) => {
  const q = c.req.valid('query');
  const report = await withScheduling(c, (tx, ctx) =>
    instructorUtilisation(tx, {
      tenantId: ctx.tenantId,
      timezone: ctx.tenantTimezone,
      viewer: ctx.viewer,
      from: q.from,
      to: q.to,
    }),
  );
  return c.json(report, 200);
};
