import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withScheduling } from '../http-context.ts';
import { updatePolicies as update } from '../services/load-policies.ts';
import type { SchedulingPolicies } from '../settings.ts';
import type * as routes from './policies.routes.ts';

export const getPolicies: RouteHandler<typeof routes.getPolicies, AppEnv> = async (c) =>
  c.json(await withScheduling(c, async (_tx, ctx) => ctx.policies), 200);

export const updatePolicies: RouteHandler<typeof routes.updatePolicies, AppEnv> = async (c) => {
  const changes = c.req.valid('json') as Partial<SchedulingPolicies>;
  return c.json(await withScheduling(c, (tx, ctx) => update(tx, ctx.tenantId, ctx.viewer, changes)), 200);
};
