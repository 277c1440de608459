import { type AppEnv, requireCan, updateModuleSettings } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withAnalytics } from '../http-context.ts';
import { type AnalyticsSettings, analyticsSettings } from '../settings.ts';
import type * as routes from './settings.routes.ts';

export const getSettings: RouteHandler<typeof routes.getSettings, AppEnv> = async (c) =>
  c.json(
    await withAnalytics(c, async (_tx, ctx) => {
      requireCan(ctx.viewer, 'analytics:reports:read:any', {
        detail: 'Only the school’s owner and admins see the analytics settings.',
      });
      return ctx.settings;
    }),
    200,
  );

export const updateSettings: RouteHandler<typeof routes.updateSettings, AppEnv> = async (c) => {
  const changes = c.req.valid('json') as Partial<AnalyticsSettings>;
  const settings = await withAnalytics(c, async (tx, ctx) => {
    requireCan(ctx.viewer, 'analytics:settings:manage', {
      detail: 'Only the school’s owner and admins change the analytics settings.',
    });
    return updateModuleSettings({ tx, tenantId: ctx.tenantId, settings: analyticsSettings, changes });
  });
  return c.json(settings, 200);
};
